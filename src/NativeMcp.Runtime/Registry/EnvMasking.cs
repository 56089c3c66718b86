using System;
using System.Collections.Generic;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// Which env values of a registered server are secret, and how they are shown: every answer of the admin API and page
/// masks them (the single GET included). A value is secret when the admin listed its name in <c>secretEnv</c> or
/// when its name looks like a credential.
/// </summary>
internal static class EnvMasking
{
    public const string Mask = "***";

    // Parts of a variable name that mark a credential. "KEY" alone would also catch MONKEY: matched as a whole part.
    private static readonly string[] SecretParts = ["SECRET", "TOKEN", "PASSWORD", "PASSWD", "PWD", "KEY", "APIKEY", "CREDENTIAL", "CREDENTIALS", "AUTH", "PRIVATE", "COOKIE", "SESSION", "SIGNATURE", "DSN"];

    public static bool IsSecret(string name, string value, IReadOnlyCollection<string> markedSecret)
    {
        foreach (var marked in markedSecret)
        {
            if (string.Equals(marked, name, StringComparison.Ordinal)) return true;
        }
        foreach (var part in name.ToUpperInvariant().Split(['_', '-', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Array.IndexOf(SecretParts, part) >= 0) return true;
        }
        // A URL with credentials in it (postgres://user:pass@host), whatever the variable is called.
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        return scheme > 0 && value.IndexOf('@', scheme) > scheme;
    }

    /// <summary>
    /// A secret value as shown: a well-known token prefix (<c>ghp_</c>, <c>xoxb-</c>: 1-4 letters or digits and '_' or
    /// '-') is kept when at least 12 more characters follow without another separator, so the prefix names the kind of
    /// token and says nothing of the rest; anything else is <c>***</c>.
    /// </summary>
    public static string Show(string value)
    {
        var end = value.IndexOfAny(['_', '-']);
        if (end is >= 1 and <= 4 && value.Length - end - 1 >= 12 && IsAsciiAlphanumeric(value.AsSpan(0, end)) && IsAsciiAlphanumeric(value.AsSpan(end + 1)))
        {
            return value[..(end + 1)] + Mask;
        }
        return Mask;
    }

    /// <summary>Whether a value sent back by a client is a masked one (the client did not change it).</summary>
    public static bool IsMasked(string value) => value.EndsWith(Mask, StringComparison.Ordinal);

    private static bool IsAsciiAlphanumeric(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        }
        return true;
    }
}
