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
            // Very short values would mask ordinary words; env secrets are API keys, tokens and passwords.
            if (secret.Length >= 4 && text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }
        return text;
    }
}
