using System;
using System.Collections.Generic;
using System.Text;

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

    /// <summary>Whether any secret occurs in UTF-8 text, by the same rule as <see cref="Contains(string, IReadOnlyList{string})"/>.</summary>
    public static bool Contains(ReadOnlySpan<byte> utf8Text, IReadOnlyList<string> secrets)
    {
        Span<byte> small = stackalloc byte[256];
        foreach (var secret in secrets)
        {
            if (!Masked(secret)) continue;
            var bytes = Encoding.UTF8.GetMaxByteCount(secret.Length) <= small.Length ? small : new byte[Encoding.UTF8.GetMaxByteCount(secret.Length)];
            if (utf8Text.IndexOf(bytes[..Encoding.UTF8.GetBytes(secret, bytes)]) >= 0) return true;
        }
        return false;
    }

    private static bool Occurs(string secret, string text) => Masked(secret) && text.Contains(secret, StringComparison.Ordinal);

    // Very short values would mask ordinary words; env secrets are API keys, tokens and passwords.
    private static bool Masked(string secret) => secret.Length >= 4;
}
