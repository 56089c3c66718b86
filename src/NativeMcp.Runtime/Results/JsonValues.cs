using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace NativeMcp.Runtime.Results;

/// <summary>Small JSON texts written with <see cref="Utf8JsonWriter"/>, so no serializer metadata is needed.</summary>
public static class JsonValues
{
    /// <summary>A JSON string literal (quoted and escaped).</summary>
    public static string StringText(string value) => Write(writer => writer.WriteStringValue(value));

    /// <summary>A JSON string as an element, for protocol fields typed <see cref="JsonElement"/>.</summary>
    public static JsonElement StringElement(string value)
    {
        using var document = JsonDocument.Parse(StringText(value));
        return document.RootElement.Clone();
    }

    /// <summary>Compact JSON of named values (tool arguments, an elicitation's content).</summary>
    public static string ObjectText(IEnumerable<KeyValuePair<string, JsonElement>>? values) => Write(writer =>
    {
        writer.WriteStartObject();
        foreach (var (name, value) in values ?? [])
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
        writer.WriteEndObject();
    });

    private static string Write(System.Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
