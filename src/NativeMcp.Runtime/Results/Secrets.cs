using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

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

    /// <summary>Whether any secret occurs in a JSON value's strings, names or numbers.</summary>
    public static bool Contains(JsonElement value, IReadOnlyList<string> secrets) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().Any(p => Contains(p.Name, secrets) || Contains(p.Value, secrets)),
        JsonValueKind.Array => value.EnumerateArray().Any(item => Contains(item, secrets)),
        JsonValueKind.String => Contains(value.GetString()!, secrets),
        JsonValueKind.Number => Contains(value.GetRawText(), secrets),
        _ => false,
    };

    /// <summary>The JSON value with each secret masked in its strings and names; a number holding one becomes the mask.</summary>
    public static JsonElement Redact(JsonElement value, IReadOnlyList<string> secrets)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, value, secrets);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value, IReadOnlyList<string> secrets)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(Redact(property.Name, secrets));
                    Write(writer, property.Value, secrets);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray()) Write(writer, item, secrets);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(Redact(value.GetString()!, secrets));
                break;
            case JsonValueKind.Number when Contains(value.GetRawText(), secrets):
                writer.WriteStringValue(Mask);
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static bool Occurs(string secret, string text) => Masked(secret) && text.Contains(secret, StringComparison.Ordinal);

    // Very short values would mask ordinary words; env secrets are API keys, tokens and passwords.
    private static bool Masked(string secret) => secret.Length >= 4;
}
