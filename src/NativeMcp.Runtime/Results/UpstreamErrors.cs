using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NativeMcp.Runtime.Upstream;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Results;

/// <summary>
/// The text of an upstream failure: a stable code first (<c>unauthorized</c>, <c>not_found</c>,
/// <c>rate_limited</c>, ...), then what happened, the upstream's own message when it sent one, when to
/// retry, and the spec's hint for that status (or a default one).
/// </summary>
public static class UpstreamErrors
{
    private const int MaxUpstreamMessage = 300;

    public static string Code(int status) => status switch
    {
        400 => FailureCodes.BadRequest,
        401 => FailureCodes.Unauthorized,
        403 => FailureCodes.Forbidden,
        404 => FailureCodes.NotFound,
        409 => FailureCodes.Conflict,
        422 => FailureCodes.ValidationFailed,
        429 => FailureCodes.RateLimited,
        >= 500 => FailureCodes.UpstreamError,
        _ => FailureCodes.HttpError,
    };

    /// <summary>Said when the spec gives no hint of its own for that status.</summary>
    private static string? DefaultHint(int status) => status switch
    {
        401 => "Check the API key: it may be missing, invalid or expired.",
        403 => "The credentials are valid but not allowed to do this.",
        409 => "The request conflicts with the current state (for example, it already exists).",
        422 => "Fix the arguments the upstream names and call again.",
        >= 500 => "The upstream failed; trying again later may help.",
        _ => null,
    };

    public static string Describe(UpstreamResponse response, IReadOnlyDictionary<int, string>? toolHints)
    {
        var options = response.Upstream;
        var text = new StringBuilder();
        if (response.Failure is { } failure)
        {
            text.Append(failure.Code).Append(": ").Append(response.Method).Append(' ').Append(response.Path)
                .Append(" failed: ").Append(failure.Message);
            AppendAttempts(text, response);
            text.Append('.');
            AppendRetryAfter(text, response);
            if (failure.Code == FailureCodes.Unauthorized) AppendHint(text, 401, toolHints, options);
            if (failure.Code == FailureCodes.RateLimited) AppendHint(text, 429, toolHints, options);
            return Secrets.Redact(text.ToString(), options.Secrets);
        }

        text.Append(Code(response.Status)).Append(": the upstream answered HTTP ").Append(response.Status);
        if (!string.IsNullOrEmpty(response.ReasonPhrase)) text.Append(' ').Append(response.ReasonPhrase);
        text.Append(" to ").Append(response.Method).Append(' ').Append(response.Path);
        AppendAttempts(text, response);
        text.Append('.');
        if (ExtractMessage(response) is { } message) text.Append(" Upstream said: \"").Append(message).Append("\".");
        AppendRetryAfter(text, response);
        AppendHint(text, response.Status, toolHints, options);
        return Secrets.Redact(text.ToString(), options.Secrets);
    }

    private static void AppendAttempts(StringBuilder text, UpstreamResponse response)
    {
        if (response.Attempts > 1) text.Append(" (after ").Append(response.Attempts).Append(" attempts)");
    }

    private static void AppendRetryAfter(StringBuilder text, UpstreamResponse response)
    {
        if (response.RetryAfter is { } retry && retry > TimeSpan.Zero && (response.Status is 429 or 503 || response.Failure is { Code: FailureCodes.RateLimited }))
        {
            text.Append(" Retry after ").Append(Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append(" s.");
        }
    }

    private static void AppendHint(StringBuilder text, int status, IReadOnlyDictionary<int, string>? toolHints, UpstreamOptions options)
    {
        if ((toolHints is not null && toolHints.TryGetValue(status, out var hint)) || options.ErrorHints.TryGetValue(status, out hint))
        {
            text.Append(' ').Append(hint);
        }
        else if (DefaultHint(status) is { } fallback)
        {
            text.Append(' ').Append(fallback);
        }
    }

    /// <summary>The upstream's own error text: common JSON error shapes, or a short plain-text body.</summary>
    internal static string? ExtractMessage(UpstreamResponse response)
    {
        if (response.Body.Length == 0) return null;
        if (ToolResults.IsJson(response))
        {
            try
            {
                using var document = JsonDocument.Parse(response.Body);
                return Clip(FromJson(document.RootElement));
            }
            catch (JsonException)
            {
                return null;
            }
        }
        if (ToolResults.IsText(response.MediaType) && response.MediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Clip(Encoding.UTF8.GetString(response.Body).Trim());
        }
        return null;
    }

    private static string? FromJson(JsonElement root)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.String:
                return root.GetString();
            case JsonValueKind.Object:
                // Validation errors name a field: {"field": "email", "message": "is invalid"} -> "email: is invalid".
                var field = root.TryGetProperty("field", out var f) ? f.GetString()
                    : root.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                // {"message"}, {"error": "..."}, {"error": {"message"}}, RFC 7807 {"detail"/"title"}, OAuth
                // {"error_description"}, {"errors": [...]}.
                foreach (var key in new[] { "message", "error_description", "detail", "errors", "error", "title", "msg" })
                {
                    if (root.TryGetProperty(key, out var value) && FromJson(value) is { Length: > 0 } found)
                    {
                        return field is { Length: > 0 } ? field + ": " + found : found;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var parts = new List<string>();
                foreach (var item in root.EnumerateArray())
                {
                    if (FromJson(item) is { Length: > 0 } part) parts.Add(part);
                    if (parts.Count == 5) break;
                }
                return parts.Count == 0 ? null : string.Join("; ", parts);
            default:
                return null;
        }
    }

    private static string? Clip(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Replace('\n', ' ').Replace('\r', ' ');
        return text.Length <= MaxUpstreamMessage ? text : text.Substring(0, MaxUpstreamMessage) + "...";
    }
}
