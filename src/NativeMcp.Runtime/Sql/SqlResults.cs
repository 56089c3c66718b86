using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace NativeMcp.Runtime.Sql;

/// <summary>
/// Rows → the tool result: <c>{"rows":[...],"truncated":false}</c> as text (with <c>rowsAffected</c> for a statement
/// that returns no rows), the same object as structuredContent when the spec declares columns, and a sentence when
/// the row limit cut the answer.
/// </summary>
public static class SqlResults
{
    public static CallToolResult FromRows(SqlRows rows, SqlStatement statement, IReadOnlyList<string> secrets)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("rows");
            writer.WriteRawValue(rows.RowsJson, skipInputValidation: true);
            writer.WriteBoolean("truncated", rows.Truncated);
            if (!rows.ReturnsRows && rows.RowsAffected >= 0) writer.WriteNumber("rowsAffected", rows.RowsAffected);
            writer.WriteEndObject();
        }
        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        var result = new CallToolResult { Content = [new TextContentBlock { Text = Results.Secrets.Redact(json, secrets) }] };
        // The same rule as upstream answers: structured content only when no secret occurs in it.
        if (statement.Columns.Length > 0 && !Results.Secrets.Contains(json, secrets))
        {
            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            result.StructuredContent = document.RootElement.Clone();
        }
        if (rows.Truncated)
        {
            result.Content.Add(new TextContentBlock
            {
                Text = "Only the first " + statement.MaxRows + " rows are shown: the query returned more. Narrow it with the tool's arguments to see the rest.",
            });
        }
        return result;
    }
}
