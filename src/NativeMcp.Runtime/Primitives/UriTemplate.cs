using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace NativeMcp.Runtime.Primitives;

/// <summary>
/// An RFC 6570 level 1–2 URI template (<c>{var}</c>, <c>{+var}</c>, <c>{#var}</c>) matched against
/// concrete URIs: <c>{var}</c> takes one path segment (no '/', '?', '#'), <c>{+var}</c> and <c>{#var}</c> the rest.
/// </summary>
public sealed class UriTemplate
{
    private readonly Regex _regex;
    private readonly string[] _names;

    public UriTemplate(string template)
    {
        Template = template;
        var pattern = new StringBuilder("^");
        var names = new List<string>();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                pattern.Append(Regex.Escape(template.Substring(i)));
                break;
            }
            pattern.Append(Regex.Escape(template.Substring(i, open - i)));
            var close = template.IndexOf('}', open);
            var expression = template.Substring(open + 1, close - open - 1);
            var op = expression[0] is '+' or '#' ? expression[0] : '\0';
            var name = op == '\0' ? expression : expression.Substring(1);
            names.Add(name);
            pattern.Append(op switch
            {
                '+' => "(.*)",
                '#' => "(?:#(.*))?",
                _ => "([^/?#]*)",
            });
            i = close + 1;
        }
        pattern.Append('$');
        _regex = new Regex(pattern.ToString(), RegexOptions.CultureInvariant);
        _names = names.ToArray();
    }

    public string Template { get; }

    public IReadOnlyList<string> Variables => _names;

    /// <summary>The variables of <paramref name="uri"/>, percent-decoded, or null when it does not match.</summary>
    public Dictionary<string, string?>? Match(string uri)
    {
        var match = _regex.Match(uri);
        if (!match.Success) return null;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < _names.Length; i++) values[_names[i]] = Uri.UnescapeDataString(match.Groups[i + 1].Value);
        return values;
    }
}
