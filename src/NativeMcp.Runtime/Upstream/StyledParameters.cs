using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Upstream;

/// <summary>
/// Serialises one parameter value by its OpenAPI <c>style</c> and <c>explode</c>, row by row as the OpenAPI 3.1
/// style table (RFC 6570 for simple, label, matrix, form) gives them for primitives, arrays and objects.
/// Delimiters are written as they are; names and values are percent-encoded for where they go (path: RFC 3986
/// unreserved only; query, cookie and form bodies: the same, or reserved characters kept under allowReserved;
/// headers: as they are).
/// </summary>
public static class StyledParameters
{
    /// <summary>How names and values are escaped for the location.</summary>
    public enum Escape
    {
        /// <summary>Headers: the text as it is.</summary>
        None,
        /// <summary>Path segments, query, cookie and form values: RFC 3986 unreserved characters only.</summary>
        Unreserved,
        /// <summary>Query and form values under <c>allowReserved</c>: reserved characters kept too.</summary>
        AllowReserved,
    }

    /// <summary>A path segment's text (<c>{name}</c> replaced) for a primitive value.</summary>
    public static string Path(string name, string value, ParameterStyle style, bool explode) =>
        Primitive(name, value, style, Escape.Unreserved);

    /// <summary>A path segment's text for a JSON value (array or object, or a primitive).</summary>
    public static string Path(string name, JsonElement value, ParameterStyle style, bool explode) =>
        Write(name, value, style, explode, Escape.Unreserved);

    /// <summary>A header value (simple style), or null to leave the header out.</summary>
    public static string? Header(JsonElement? value, bool explode) =>
        value is { } v ? Write("", v, ParameterStyle.Simple, explode, Escape.None) : null;

    /// <summary>Name=value pairs for the query, a cookie or a form body: joined by '&amp;' (query, form) or written one per pair (cookie).</summary>
    public static void Pairs(List<KeyValuePair<string, string>> pairs, string name, string value, bool allowReserved)
    {
        var escape = allowReserved ? Escape.AllowReserved : Escape.Unreserved;
        pairs.Add(new(Encode(name, Escape.Unreserved), Encode(value, escape)));
    }

    /// <summary>Query, cookie and form-body pairs for a JSON value, by style and explode (already escaped).</summary>
    public static void Pairs(List<KeyValuePair<string, string>> pairs, string name, JsonElement value, ParameterStyle style, bool explode, bool allowReserved)
    {
        var escape = allowReserved ? Escape.AllowReserved : Escape.Unreserved;
        var key = Encode(name, Escape.Unreserved);
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                if (style == ParameterStyle.DeepObject)
                {
                    Deep(pairs, name, value, escape);
                }
                else if (explode && style is ParameterStyle.Form or ParameterStyle.SpaceDelimited or ParameterStyle.PipeDelimited)
                {
                    foreach (var item in value.EnumerateArray()) pairs.Add(new(key, Encode(Scalar(item), escape)));
                }
                else
                {
                    pairs.Add(new(key, Join(Items(value), Delimiter(style), escape)));
                }
                break;
            case JsonValueKind.Object:
                if (style == ParameterStyle.DeepObject)
                {
                    Deep(pairs, name, value, escape);
                }
                else if (explode && style == ParameterStyle.Form)
                {
                    foreach (var property in value.EnumerateObject()) pairs.Add(new(Encode(property.Name, Escape.Unreserved), Encode(Scalar(property.Value), escape)));
                }
                else
                {
                    pairs.Add(new(key, Join(Flatten(value), Delimiter(style), escape)));
                }
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                break;
            default:
                pairs.Add(new(key, Encode(Scalar(value), escape)));
                break;
        }
    }

    /// <summary>deepObject: <c>name[a][b]=v</c>, arrays by index (<c>name[a][0]=v</c>), as form-only APIs (Stripe, Twilio) read them.</summary>
    private static void Deep(List<KeyValuePair<string, string>> pairs, string prefix, JsonElement value, Escape escape)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject()) Deep(pairs, prefix + "[" + property.Name + "]", property.Value, escape);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray()) Deep(pairs, prefix + "[" + (index++).ToString(System.Globalization.CultureInfo.InvariantCulture) + "]", item, escape);
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                break;
            default:
                pairs.Add(new(Encode(prefix, Escape.Unreserved), Encode(Scalar(value), escape)));
                break;
        }
    }

    private static string Delimiter(ParameterStyle style) => style switch
    {
        ParameterStyle.SpaceDelimited => "%20",
        ParameterStyle.PipeDelimited => "%7C",
        _ => ",",
    };

    /// <summary>Path and header text (simple, label, matrix) for any JSON value.</summary>
    private static string Write(string name, JsonElement value, ParameterStyle style, bool explode, Escape escape)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
            {
                var items = Items(value);
                return style switch
                {
                    ParameterStyle.Label => "." + Join(items, explode ? "." : ",", escape),
                    ParameterStyle.Matrix => explode ? Each(";" + Encode(name, escape) + "=", items, escape) : ";" + Encode(name, escape) + (items.Count == 0 ? "" : "=" + Join(items, ",", escape)),
                    _ => Join(items, ",", escape),
                };
            }
            case JsonValueKind.Object:
            {
                if (!explode)
                {
                    var flat = Flatten(value);
                    return style switch
                    {
                        ParameterStyle.Label => "." + Join(flat, ",", escape),
                        ParameterStyle.Matrix => ";" + Encode(name, escape) + (flat.Count == 0 ? "" : "=" + Join(flat, ",", escape)),
                        _ => Join(flat, ",", escape),
                    };
                }
                var text = new StringBuilder();
                var first = true;
                foreach (var property in value.EnumerateObject())
                {
                    text.Append(style switch { ParameterStyle.Label => ".", ParameterStyle.Matrix => ";", _ => first ? "" : "," });
                    text.Append(Encode(property.Name, escape)).Append('=').Append(Encode(Scalar(property.Value), escape));
                    first = false;
                }
                return text.ToString();
            }
            default:
                return Primitive(name, Scalar(value), style, escape);
        }
    }

    private static string Primitive(string name, string value, ParameterStyle style, Escape escape) => style switch
    {
        ParameterStyle.Label => "." + Encode(value, escape),
        // RFC 6570: an empty value is ';name' without '='.
        ParameterStyle.Matrix => ";" + Encode(name, escape) + (value.Length == 0 ? "" : "=" + Encode(value, escape)),
        _ => Encode(value, escape),
    };

    private static List<string> Items(JsonElement array)
    {
        var items = new List<string>();
        foreach (var item in array.EnumerateArray()) items.Add(Scalar(item));
        return items;
    }

    /// <summary>An object as name, value, name, value (non-exploded object rows of the table).</summary>
    private static List<string> Flatten(JsonElement obj)
    {
        var items = new List<string>();
        foreach (var property in obj.EnumerateObject())
        {
            items.Add(property.Name);
            items.Add(Scalar(property.Value));
        }
        return items;
    }

    private static string Join(List<string> items, string delimiter, Escape escape)
    {
        var text = new StringBuilder();
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) text.Append(delimiter);
            text.Append(Encode(items[i], escape));
        }
        return text.ToString();
    }

    private static string Each(string prefix, List<string> items, Escape escape)
    {
        var text = new StringBuilder();
        foreach (var item in items) text.Append(prefix).Append(Encode(item, escape));
        return text.ToString();
    }

    private static string Encode(string value, Escape escape) => escape switch
    {
        Escape.None => value,
        Escape.AllowReserved => PercentEncoding.Encode(value, allowReserved: true),
        _ => PercentEncoding.Encode(value),
    };

    /// <summary>A JSON value as parameter text: strings unquoted, true/false, numbers as written, nested values as JSON.</summary>
    internal static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };
}
