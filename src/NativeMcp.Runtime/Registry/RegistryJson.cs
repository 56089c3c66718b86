using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace NativeMcp.Runtime.Registry;

/// <summary>The registry's stored JSON (args, names, env pairs) through Utf8JsonWriter and JsonDocument: no reflection.</summary>
internal static class RegistryJson
{
    public static string WriteStrings(IReadOnlyList<string> values)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var value in values) writer.WriteStringValue(value);
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static IReadOnlyList<string> ReadStrings(string json)
    {
        using var document = JsonDocument.Parse(json);
        var values = new List<string>();
        foreach (var item in document.RootElement.EnumerateArray()) values.Add(item.GetString()!);
        return values;
    }

    public static byte[] WritePairs(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in pairs) writer.WriteString(name, value);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static IReadOnlyList<KeyValuePair<string, string>> ReadPairs(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var property in document.RootElement.EnumerateObject()) pairs.Add(new(property.Name, property.Value.GetString()!));
        return pairs;
    }
}
