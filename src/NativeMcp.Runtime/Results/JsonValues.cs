using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using NativeMcp.Runtime.Binding;

namespace NativeMcp.Runtime.Results;

/// <summary>Small JSON texts written with <see cref="Utf8JsonWriter"/>, so no serializer metadata is needed.</summary>
public static class JsonValues
{
    /// <summary>A JSON string literal (quoted and escaped).</summary>
    public static string StringText(string value)
    {
        using var scratch = ScratchJson.Rent();
        scratch.Writer.WriteStringValue(value);
        return Encoding.UTF8.GetString(scratch.Written.Span);
    }

    /// <summary>A JSON string as an element, for protocol fields typed <see cref="JsonElement"/>.</summary>
    public static JsonElement StringElement(string value)
    {
        using var document = JsonDocument.Parse(StringText(value));
        return document.RootElement.Clone();
    }

    /// <summary>Compact JSON of named values (tool arguments, an elicitation's content).</summary>
    public static string ObjectText(IEnumerable<KeyValuePair<string, JsonElement>>? values)
    {
        using var scratch = ScratchJson.Rent();
        scratch.WriteObject(values);
        return Encoding.UTF8.GetString(scratch.Written.Span);
    }

    /// <summary>The UTF-8 length of <see cref="ObjectText"/>, without the string.</summary>
    public static int ObjectSize(IEnumerable<KeyValuePair<string, JsonElement>>? values)
    {
        using var scratch = ScratchJson.Rent();
        scratch.WriteObject(values);
        return scratch.Written.Length;
    }
}
