using System;
using System.Collections.Generic;

namespace NativeMcp.Runtime.Hosting;

/// <summary>The declared environment, read once at start-up: defaults applied, required ones checked.</summary>
public sealed class EnvironmentValues
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _explicit;

    private EnvironmentValues(Dictionary<string, string> values, HashSet<string> explicitlySet, IReadOnlyList<string> secrets, HashSet<string> invalid)
    {
        _values = values;
        _explicit = explicitlySet;
        Secrets = secrets;
        Invalid = invalid;
    }

    /// <summary>The variables whose value was refused (a URL variable that is not an http(s) URL); each has an error line.</summary>
    public IReadOnlySet<string> Invalid { get; }

    /// <summary>The value only when the environment itself set it (a default does not count), else null.</summary>
    public string? Explicit(string name) => _explicit.Contains(name) ? this[name] : null;

    /// <summary>The values of variables declared <c>secret: true</c>, to be masked in any output.</summary>
    public IReadOnlyList<string> Secrets { get; }

    /// <summary>The value, or "" for an optional variable that is unset and has no default.</summary>
    public string this[string name] => _values.TryGetValue(name, out var value) ? value : "";

    /// <summary>
    /// Reads <paramref name="declared"/> from <paramref name="source"/> (the process environment, or a
    /// dictionary in tests). Unset and empty count as missing. Returns the error lines for missing
    /// required variables and for URL variables that are not absolute http(s) URLs; each names the variable and
    /// never a value.
    /// </summary>
    public static EnvironmentValues Load(IReadOnlyList<EnvVar> declared, Func<string, string?> source, out List<string> errors)
    {
        errors = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new List<string>();
        var explicitlySet = new HashSet<string>(StringComparer.Ordinal);
        var invalid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in declared)
        {
            var value = source(variable.Name);
            if (!string.IsNullOrEmpty(value)) explicitlySet.Add(variable.Name);
            else value = variable.Default;
            if (string.IsNullOrEmpty(value))
            {
                if (variable.Required) errors.Add(variable.Name + " environment variable is required");
                continue;
            }
            if (variable.Url && !IsHttpUrl(value))
            {
                // The value is not printed: a URL can carry a credential.
                errors.Add(variable.Name + " environment variable must be an absolute http:// or https:// URL");
                invalid.Add(variable.Name);
                continue;
            }
            values[variable.Name] = value;
            if (variable.Secret) secrets.Add(value);
        }
        return new EnvironmentValues(values, explicitlySet, secrets, invalid);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static EnvironmentValues Load(IReadOnlyList<EnvVar> declared, IReadOnlyDictionary<string, string?> source, out List<string> errors) =>
        Load(declared, name => source.TryGetValue(name, out var v) ? v : null, out errors);
}
