using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>
/// Tool names from operations, within MCP's rules (1-64 of letters, digits, '_' and '-'): the operationId when it
/// has one, else method and path; past 64 characters a prefix and a short hash of the whole name; a name already
/// taken gets the first free "_2", "_3"... Every step is deterministic: the same document gives the same names.
/// </summary>
internal static class ToolNames
{
    public const int MaxLength = 64;
    private const int HashLength = 8;

    /// <summary>The name an operation's identity gives, before collisions.</summary>
    public static string Derive(string method, string path, string? operationId, out string? why)
    {
        why = null;
        string name;
        if (operationId is { Length: > 0 })
        {
            name = Clean(operationId);
            if (name.Length == 0)
            {
                name = FromPath(method, path);
                why = "its operationId has no letter or digit, so it is named from its method and path";
            }
            else if (name != operationId)
            {
                why = "its operationId has characters MCP tool names do not allow";
            }
        }
        else
        {
            name = FromPath(method, path);
            why = "it has no operationId, so it is named from its method and path";
        }
        if (name.Length > MaxLength)
        {
            name = Shorten(name);
            why = (why is null ? "" : why + "; ") + "the name is longer than " + MaxLength + " characters, so it is cut and given a hash of the whole";
        }
        return name;
    }

    /// <summary>The first of name, name_2, name_3, ... not yet in <paramref name="taken"/> (cut to fit 64).</summary>
    public static string Unique(string name, ISet<string> taken)
    {
        if (!taken.Contains(name)) return name;
        for (var n = 2; ; n++)
        {
            var suffix = "_" + n.ToString(CultureInfo.InvariantCulture);
            var candidate = (name.Length + suffix.Length > MaxLength ? name.Substring(0, MaxLength - suffix.Length) : name) + suffix;
            if (!taken.Contains(candidate)) return candidate;
        }
    }

    public static bool IsValid(string name) => name.Length is > 0 and <= MaxLength && name.All(c => c < 128 && (char.IsLetterOrDigit(c) || c is '_' or '-'));

    /// <summary>GET /repos/{owner}/{repo}/issues -> get_repos_owner_repo_issues.</summary>
    private static string FromPath(string method, string path) =>
        Clean(method.ToLowerInvariant() + "_" + string.Join("_", path.Split('/').Where(s => s.Length > 0).Select(s => s.Trim('{', '}'))));

    /// <summary>Characters outside the rules become '_'; runs of '_' collapse; no '_' at either end.</summary>
    private static string Clean(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            var ok = c < 128 && (char.IsLetterOrDigit(c) || c is '_' or '-');
            var next = ok ? c : '_';
            if (next == '_' && (sb.Length == 0 || sb[sb.Length - 1] == '_')) continue;
            sb.Append(next);
        }
        return sb.ToString().TrimEnd('_');
    }

    private static string Shorten(string name) =>
        name.Substring(0, MaxLength - HashLength - 1).TrimEnd('_', '-') + "_" + Hash(name);

    /// <summary>FNV-1a, 32 bits, as 8 hex digits: stable across runs and platforms (string.GetHashCode is not).</summary>
    public static string Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}
