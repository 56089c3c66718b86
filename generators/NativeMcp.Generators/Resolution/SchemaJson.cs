using System.Linq;
using System.Text;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Resolution;

/// <summary>Builds a tool's JSON Schema (draft 2020-12 keywords) at compile time, as compact JSON text.</summary>
internal static class SchemaJson
{
    public static string InputSchema(EquatableArray<InputModel> inputs)
    {
        var sb = new StringBuilder();
        sb.Append("{\"type\":\"object\"");
        AppendProperties(sb, inputs);
        sb.Append('}');
        return sb.ToString();
    }

    /// <summary>The output schema: like an input schema, but open (answers may carry more than the spec lists).</summary>
    public static string OutputSchema(EquatableArray<InputModel> output)
    {
        var sb = new StringBuilder();
        sb.Append("{\"type\":\"object\"");
        AppendProperties(sb, output, closed: false);
        sb.Append('}');
        return sb.ToString();
    }

    /// <summary>
    /// A SQL tool's output: <c>{"rows":[...],"truncated":bool}</c> (and <c>rowsAffected</c> when the statement returns no
    /// rows); every declared column is in every row, null unless the column is declared <c>nullable: false</c>.
    /// </summary>
    public static string SqlOutputSchema(EquatableArray<SqlColumnModel> columns)
    {
        var sb = new StringBuilder();
        sb.Append("{\"type\":\"object\",\"properties\":{\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{");
        var first = true;
        foreach (var column in columns)
        {
            if (!first) sb.Append(',');
            first = false;
            var type = JsonText.String(InputKinds.Name(column.Type));
            sb.Append(JsonText.String(column.Name)).Append(":{\"type\":").Append(column.Nullable ? "[" + type + ",\"null\"]" : type);
            if (column.Description is { } description) sb.Append(",\"description\":").Append(JsonText.String(description));
            sb.Append('}');
        }
        sb.Append("},\"required\":[").Append(string.Join(",", columns.Select(c => JsonText.String(c.Name)))).Append("]}}");
        sb.Append(",\"truncated\":{\"type\":\"boolean\",\"description\":\"More rows matched than the tool's row limit returns.\"}");
        sb.Append(",\"rowsAffected\":{\"type\":\"integer\",\"description\":\"Rows written, for a statement that returns no rows.\"}");
        sb.Append("},\"required\":[\"rows\",\"truncated\"]}");
        return sb.ToString();
    }

    private static void AppendProperties(StringBuilder sb, EquatableArray<InputModel> properties, bool closed = true)
    {
        sb.Append(",\"properties\":{");
        var first = true;
        foreach (var input in properties)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append(JsonText.String(input.Name)).Append(':');
            AppendInput(sb, input, closed);
        }
        sb.Append('}');
        var required = properties.Where(p => p.Required).Select(p => JsonText.String(p.Name)).ToArray();
        if (required.Length > 0) sb.Append(",\"required\":[").Append(string.Join(",", required)).Append(']');
        if (closed) sb.Append(",\"additionalProperties\":false");
    }

    private static void AppendInput(StringBuilder sb, InputModel input, bool closed = true)
    {
        sb.Append("{\"type\":\"").Append(InputKinds.Name(input.Type)).Append('"');
        if (input.Description is { } description) sb.Append(",\"description\":").Append(JsonText.String(description));
        if (!input.Enum.IsEmpty) sb.Append(",\"enum\":[").Append(string.Join(",", input.Enum.Select(JsonText.String))).Append(']');
        if (input.Format != StringFormat.None) sb.Append(",\"format\":").Append(JsonText.String(StringFormats.Name(input.Format)));
        if (input.Pattern is { } pattern) sb.Append(",\"pattern\":").Append(JsonText.String(pattern));
        if (input.MinLength is { } minLength) sb.Append(",\"minLength\":").Append(minLength);
        if (input.MaxLength is { } maxLength) sb.Append(",\"maxLength\":").Append(maxLength);
        if (input.Minimum is { } minimum) sb.Append(",\"minimum\":").Append(minimum);
        if (input.Maximum is { } maximum) sb.Append(",\"maximum\":").Append(maximum);
        if (input.MinItems is { } minItems) sb.Append(",\"minItems\":").Append(minItems);
        if (input.MaxItems is { } maxItems) sb.Append(",\"maxItems\":").Append(maxItems);
        if (input.DefaultJson is { } defaultJson) sb.Append(",\"default\":").Append(defaultJson);
        if (input.Items is { } items)
        {
            sb.Append(",\"items\":");
            AppendInput(sb, items, closed);
        }
        // An object without declared properties is free-form; with them, it is closed like the tool's input.
        if (input.Type == InputKind.Object && !input.Properties.IsEmpty) AppendProperties(sb, input.Properties, closed);
        sb.Append('}');
    }
}
