using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace NativeMcp.Runtime.Results;

/// <summary>
/// Cuts a JSON value down to a byte budget and keeps it valid JSON: arrays keep their first items,
/// objects their first properties, a long string its beginning. Reports what it left out.
/// </summary>
internal static class JsonTruncator
{
    private const int MinimumUseful = 16;

    public static (JsonElement Value, string Note) Truncate(JsonElement root, int maxBytes, int fullBytes)
    {
        var cuts = new List<string>();
        var budget = maxBytes;
        var buffer = new ArrayBufferWriter<byte>(maxBytes + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(root, writer, ref budget, "", cuts);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var note = new StringBuilder("The result was truncated to fit ")
            .Append(Size(maxBytes)).Append(" (the full answer is ").Append(Size(fullBytes)).Append(")");
        if (cuts.Count > 0) note.Append(": ").Append(string.Join("; ", cuts));
        note.Append(". Narrow the request (filters, a smaller page) to see the rest.");
        return (document.RootElement.Clone(), note.ToString());
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer, ref int budget, string path, List<string> cuts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                writer.WriteStartObject();
                budget -= 2;
                int shown = 0, total = 0;
                foreach (var property in element.EnumerateObject())
                {
                    total++;
                    var raw = property.Value.GetRawText();
                    var cost = Encoding.UTF8.GetByteCount(property.Name) + 4 + Encoding.UTF8.GetByteCount(raw);
                    if (cost <= budget)
                    {
                        writer.WritePropertyName(property.Name);
                        writer.WriteRawValue(raw, skipInputValidation: true);
                        budget -= cost;
                        shown++;
                    }
                    else if (IsContainerOrString(property.Value) && budget > property.Name.Length + MinimumUseful)
                    {
                        writer.WritePropertyName(property.Name);
                        budget -= property.Name.Length + 4;
                        Write(property.Value, writer, ref budget, Join(path, property.Name), cuts);
                        shown++;
                    }
                }
                if (shown < total) cuts.Add((path.Length == 0 ? "the result" : path) + " shows " + shown + " of " + total + " properties");
                writer.WriteEndObject();
                break;
            }
            case JsonValueKind.Array:
            {
                writer.WriteStartArray();
                budget -= 2;
                int shown = 0, total = element.GetArrayLength();
                foreach (var item in element.EnumerateArray())
                {
                    var raw = item.GetRawText();
                    var cost = Encoding.UTF8.GetByteCount(raw) + 1;
                    if (cost <= budget)
                    {
                        writer.WriteRawValue(raw, skipInputValidation: true);
                        budget -= cost;
                        shown++;
                        continue;
                    }
                    // Not even the first item fits whole: show part of it rather than nothing.
                    if (shown == 0 && IsContainerOrString(item) && budget > MinimumUseful)
                    {
                        Write(item, writer, ref budget, path + "[0]", cuts);
                        shown++;
                    }
                    break;
                }
                if (shown < total) cuts.Add((path.Length == 0 ? "the result" : path) + " shows " + shown + " of " + total + " items");
                writer.WriteEndArray();
                break;
            }
            case JsonValueKind.String:
            {
                var text = element.GetString()!;
                if (Encoding.UTF8.GetByteCount(text) + 2 <= budget)
                {
                    writer.WriteStringValue(text);
                    budget -= Encoding.UTF8.GetByteCount(text) + 2;
                    break;
                }
                var keep = System.Math.Max(0, System.Math.Min(text.Length, budget - 5));
                writer.WriteStringValue(text.Substring(0, keep) + "...");
                cuts.Add((path.Length == 0 ? "the result" : path) + " is cut after " + keep + " of " + text.Length + " characters");
                budget = 0;
                break;
            }
            default:
                element.WriteTo(writer);
                budget -= element.GetRawText().Length;
                break;
        }
    }

    private static bool IsContainerOrString(JsonElement e) => e.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.String;

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Size(int bytes) => Upstream.UpstreamClient.DescribeSize(bytes);
}
