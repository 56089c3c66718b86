using System;
using System.Globalization;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Binding;

/// <summary>The JSON Schema string formats the spec supports, checked the way JSON Schema defines them.</summary>
internal static class Formats
{
    public static bool IsValid(string text, StringFormat format) => format switch
    {
        // RFC 3339 full-date: exactly YYYY-MM-DD and a real calendar day.
        StringFormat.Date => text.Length == 10 && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        StringFormat.DateTime => IsDateTime(text),
        StringFormat.Email => IsEmail(text),
        // On Unix, Uri also reads "/path" as an absolute file URI: require the scheme in the text itself.
        StringFormat.Uri => Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && text.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase)
            && !text.Contains(' '),
        _ => true,
    };

    public static string Describe(StringFormat format) => format switch
    {
        StringFormat.Date => "a date as YYYY-MM-DD",
        StringFormat.DateTime => "an RFC 3339 date-time such as 2025-03-10T14:00:00Z",
        StringFormat.Email => "an email address",
        StringFormat.Uri => "an absolute URI",
        _ => "text",
    };

    private static readonly string[] DateTimeFormats =
    {
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd't'HH:mm:ssK", "yyyy-MM-dd't'HH:mm:ss.FFFFFFFK",
    };

    private static bool IsDateTime(string text)
    {
        // RFC 3339 needs an offset (Z or +hh:mm); "K" alone would also accept none.
        if (text.Length < 20) return false;
        var last = text[text.Length - 1];
        var hasOffset = last is 'Z' or 'z' || (text.Length > 6 && (text[text.Length - 6] is '+' or '-') && text[text.Length - 3] == ':');
        return hasOffset && DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    private static bool IsEmail(string text)
    {
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1 || text.IndexOf('@') != at) return false;
        var domain = text.AsSpan(at + 1);
        return domain.IndexOf('.') > 0 && domain[domain.Length - 1] != '.' && text.AsSpan().IndexOfAny(" \t\r\n<>") < 0;
    }
}
