using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Upstream;

/// <summary>
/// Escaped <c>name=value</c> pairs: a query string, or the content of an <c>application/x-www-form-urlencoded</c>
/// body. The plain overloads are form style, exploded (arrays repeat the key: <c>a=1&amp;a=2</c>); the styled
/// ones follow <see cref="StyledParameters"/>. A null value adds nothing.
/// </summary>
public sealed class QueryString
{
    private readonly List<KeyValuePair<string, string>> _pairs = new();

    public bool IsEmpty => _pairs.Count == 0;

    public void Add(string name, string? value)
    {
        if (value is not null) StyledParameters.Pairs(_pairs, name, value, allowReserved: false);
    }

    public void Add(string name, long? value)
    {
        if (value is { } v) Add(name, v.ToString(CultureInfo.InvariantCulture));
    }

    public void Add(string name, double? value)
    {
        if (value is { } v) Add(name, v.ToString("R", CultureInfo.InvariantCulture));
    }

    public void Add(string name, bool? value)
    {
        if (value is { } v) Add(name, v ? "true" : "false");
    }

    public void Add(string name, JsonElement? value)
    {
        if (value is { } v) StyledParameters.Pairs(_pairs, name, v, ParameterStyle.Form, explode: true, allowReserved: false);
    }

    /// <summary>A primitive: every style writes <c>name=value</c>.</summary>
    public void Add(string name, string? value, bool allowReserved)
    {
        if (value is not null) StyledParameters.Pairs(_pairs, name, value, allowReserved);
    }

    public void Add(string name, JsonElement? value, ParameterStyle style, bool explode, bool allowReserved)
    {
        if (value is { } v) StyledParameters.Pairs(_pairs, name, v, style, explode, allowReserved);
    }

    /// <summary>An already escaped pair (a query credential).</summary>
    internal void AddEscaped(string name, string value) => _pairs.Add(new(name, value));

    /// <summary>The pairs joined with '&amp;', without a leading '?'.</summary>
    public string ToFormText()
    {
        var text = new StringBuilder();
        foreach (var pair in _pairs)
        {
            if (text.Length > 0) text.Append('&');
            text.Append(pair.Key).Append('=').Append(pair.Value);
        }
        return text.ToString();
    }

    /// <summary>The query string with its leading '?', or "" when empty.</summary>
    public override string ToString() => _pairs.Count == 0 ? "" : "?" + ToFormText();
}
