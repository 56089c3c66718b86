using System;
using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Sql;

/// <summary>
/// The rows of one statement as a JSON array of objects (column name → value), at most MaxRows of them.
/// Values keep their JSON kind: integers and numerics are numbers (exactly as the database gives them), booleans,
/// text, timestamps as ISO 8601, json/jsonb embedded as JSON, bytes as base64, arrays as arrays, NULL as null.
/// </summary>
public sealed record SqlRows(string RowsJson, int Count, bool Truncated, bool ReturnsRows, int RowsAffected = -1)
{
    internal static async Task<SqlRows> ReadAsync(DbDataReader reader, SqlStatement statement, CancellationToken cancellationToken)
    {
        var fields = reader.FieldCount;
        var names = new string[fields];
        var kinds = new InputKind?[fields];
        var json = new bool[fields];
        for (var i = 0; i < fields; i++)
        {
            names[i] = reader.GetName(i);
            var type = reader.GetDataTypeName(i);
            json[i] = type.Equals("json", StringComparison.OrdinalIgnoreCase) || type.Equals("jsonb", StringComparison.OrdinalIgnoreCase);
        }
        foreach (var column in statement.Columns)
        {
            var at = Array.IndexOf(names, column.Name);
            if (at < 0 && fields > 0)
            {
                throw new SqlFailure(SqlFailure.DatabaseError, "the statement of '" + statement.ToolName + "' returned no column '" + column.Name +
                    "', which the spec declares (it returned: " + string.Join(", ", names) + ").");
            }
            if (at >= 0) kinds[at] = column.Kind;
        }

        var buffer = new ArrayBufferWriter<byte>();
        var count = 0;
        var truncated = false;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (count == statement.MaxRows)
                {
                    truncated = true;
                    break;
                }
                writer.WriteStartObject();
                for (var i = 0; i < fields; i++)
                {
                    writer.WritePropertyName(names[i]);
                    WriteValue(writer, reader.IsDBNull(i) ? null : reader.GetValue(i), json[i], kinds[i]);
                }
                writer.WriteEndObject();
                count++;
            }
            writer.WriteEndArray();
        }
        return new SqlRows(Encoding.UTF8.GetString(buffer.WrittenSpan), count, truncated, fields > 0);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, bool json, InputKind? declared)
    {
        switch (value)
        {
            case null or DBNull:
                writer.WriteNullValue();
                break;
            // SQLite has no boolean type: a column declared boolean turns its 0/1 into false/true.
            case long or int or short when declared == InputKind.Boolean:
                writer.WriteBooleanValue(Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int n:
                writer.WriteNumberValue(n);
                break;
            case short s:
                writer.WriteNumberValue(s);
                break;
            case byte u8:
                writer.WriteNumberValue(u8);
                break;
            case decimal d:
                writer.WriteNumberValue(d);
                break;
            case double f when double.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case string text when json || declared is InputKind.Object or InputKind.Array:
                WriteJsonText(writer, text);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case DateTime t:
                writer.WriteStringValue(t);
                break;
            case DateTimeOffset t:
                writer.WriteStringValue(t);
                break;
            case DateOnly d:
                writer.WriteStringValue(d.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeOnly t:
                writer.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeSpan t:
                writer.WriteStringValue(t.ToString("c", CultureInfo.InvariantCulture));
                break;
            case Guid g:
                writer.WriteStringValue(g);
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            case Array array:
                writer.WriteStartArray();
                foreach (var item in array) WriteValue(writer, item, json, null);
                writer.WriteEndArray();
                break;
            default:
                // NaN and infinities, and types without a JSON form: their invariant text.
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>JSON the database stored, embedded as JSON; text that does not parse stays a string.</summary>
    private static void WriteJsonText(Utf8JsonWriter writer, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            document.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteStringValue(text);
        }
    }
}
