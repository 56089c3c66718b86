using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NativeMcp.Runtime.Upstream;

/// <summary>Builds an escaped query string; arrays of scalars repeat the key (<c>a=1&amp;a=2</c>).</summary>
public sealed class QueryString
{
    private readonly StringBuilder _text = new();

    public bool IsEmpty => _text.Length == 0;

    public void Add(string name, string? value)
    {
        if (value is null) return;
        _text.Append(_text.Length == 0 ? '?' : '&')
            .Append(Uri.EscapeDataString(name))
            .Append('=')
            .Append(Uri.EscapeDataString(value));
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
        if (value is not { } v) return;
        if (v.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in v.EnumerateArray()) Add(name, Scalar(item));
        }
        else
        {
            Add(name, Scalar(v));
        }
    }

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    public override string ToString() => _text.ToString();
}
