using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme: object members sorted by their names' UTF-16 code units, no
/// whitespace, strings with only the escapes JSON requires, numbers as ECMAScript prints an IEEE 754 double.
/// Two definitions that mean the same JSON give the same bytes, so their hashes agree whatever key order,
/// spacing or escaping the upstream used.
/// </summary>
public static class JsonCanonicalizer
{
    public static byte[] Canonicalize(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(JsonElement value, ArrayBufferWriter<byte> output)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<JsonProperty>();
                foreach (var member in value.EnumerateObject()) members.Add(member);
                // Ordinal string comparison in .NET compares UTF-16 code units, which is exactly JCS's order.
                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                Append(output, "{");
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0 && members[i].Name == members[i - 1].Name)
                    {
                        throw new FormatException("JSON object has the member '" + members[i].Name + "' twice; RFC 8785 has no canonical form for that");
                    }
                    if (i > 0) Append(output, ",");
                    WriteString(members[i].Name, output);
                    Append(output, ":");
                    Write(members[i].Value, output);
                }
                Append(output, "}");
                break;
            case JsonValueKind.Array:
                Append(output, "[");
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first) Append(output, ",");
                    first = false;
                    Write(item, output);
                }
                Append(output, "]");
                break;
            case JsonValueKind.String:
                WriteString(value.GetString()!, output);
                break;
            case JsonValueKind.Number:
                Append(output, FormatNumber(value.GetDouble()));
                break;
            case JsonValueKind.True:
                Append(output, "true");
                break;
            case JsonValueKind.False:
                Append(output, "false");
                break;
            default:
                Append(output, "null");
                break;
        }
    }

    private static void WriteString(string text, ArrayBufferWriter<byte> output)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20) builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
        Append(output, builder.ToString());
    }

    /// <summary>ECMAScript's Number.prototype.toString (ECMA-262 7.1.12.1) of a finite double.</summary>
    internal static string FormatNumber(double value)
    {
        if (!double.IsFinite(value)) throw new FormatException("JSON numbers must be finite; RFC 8785 has no form for " + value.ToString(CultureInfo.InvariantCulture));
        if (value == 0) return "0"; // also -0
        // "R" gives the shortest digits that round-trip, as ECMAScript requires; only the layout differs.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent) = Decompose(shortest);
        var k = digits.Length;
        var n = exponent; // value = 0.digits × 10^n
        var sign = value < 0 ? "-" : "";
        string text;
        if (k <= n && n <= 21)
        {
            text = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            text = "0." + new string('0', -n) + digits;
        }
        else
        {
            var e = n - 1;
            var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
            text = mantissa + "e" + (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }
        return sign + text;
    }

    /// <summary>The significant digits (no leading or trailing zeros) and n with value = 0.digits × 10^n.</summary>
    private static (string Digits, int Exponent) Decompose(string roundTrip)
    {
        var exponent = 0;
        var e = roundTrip.IndexOfAny(['E', 'e']);
        var mantissa = roundTrip;
        if (e >= 0)
        {
            exponent = int.Parse(roundTrip[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = roundTrip[..e];
        }
        var point = mantissa.IndexOf('.');
        var integerPart = point >= 0 ? mantissa[..point] : mantissa;
        var fraction = point >= 0 ? mantissa[(point + 1)..] : "";
        var all = integerPart + fraction;
        var pointAt = integerPart.Length + exponent;
        var leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0') leading++;
        all = all[leading..];
        pointAt -= leading;
        var digits = all.TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, pointAt);
    }

    private static void Append(ArrayBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
