using System;
using System.Collections.Generic;

namespace NativeMcp.Runtime.Results;

/// <summary>Masks declared secrets in any text that leaves the server (results, errors, logs).</summary>
public static class Secrets
{
    public const string Mask = "[redacted]";

    public static string Redact(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            if (Occurs(secret, text)) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>Whether any secret occurs in the text, by the same rule <see cref="Redact"/> masks by.</summary>
    public static bool Contains(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            if (Occurs(secret, text)) return true;
        }
        return false;
    }

    // Very short values would mask ordinary words; env secrets are API keys, tokens and passwords.
    private static bool Occurs(string secret, string text) => secret.Length >= 4 && text.Contains(secret, StringComparison.Ordinal);
}
