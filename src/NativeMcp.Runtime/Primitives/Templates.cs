using System;
using System.Collections.Generic;
using System.Text;

namespace NativeMcp.Runtime.Primitives;

/// <summary><c>{{name}}</c> substitution for static tool results, resource texts and prompt messages.</summary>
public static class Templates
{
    /// <summary>Replaces each <c>{{name}}</c> with its value; unknown or missing names become "".</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string?> values) =>
        Render(template, name => values.TryGetValue(name, out var value) ? value : null);

    public static string Render(string template, Func<string, string?> lookup)
    {
        if (!template.Contains("{{", StringComparison.Ordinal)) return template;
        var text = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf("{{", i, StringComparison.Ordinal);
            var close = open < 0 ? -1 : template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (open < 0 || close < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }
            text.Append(template, i, open - i);
            var name = template.Substring(open + 2, close - open - 2).Trim();
            text.Append(lookup(name));
            i = close + 2;
        }
        return text.ToString();
    }
}
