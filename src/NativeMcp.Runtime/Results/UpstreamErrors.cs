using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NativeMcp.Runtime.Upstream;

namespace NativeMcp.Runtime.Results;

/// <summary>
/// The text of an upstream failure: a stable code first (<c>unauthorized</c>, <c>not_found</c>,
/// <c>rate_limited</c>, ...), then what happened, the upstream's own message when it sent one, and the
/// spec's hint for that status.
/// </summary>
public static class UpstreamErrors
{
    private const int MaxUpstreamMessage = 300;

    public static string Code(int status) => status switch
    {
        0 => "upstream_unreachable",
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        409 => "conflict",
        422 => "validation_failed",
        429 => "rate_limited",
        >= 500 => "upstream_error",
        _ => "http_error",
    };

    public static string Describe(UpstreamResponse response, UpstreamOptions options, IReadOnlyDictionary<int, string>? toolHints)
    {
        var text = new StringBuilder();
        if (response.Failure is { } failure)
        {
            text.Append(failure.EndsWith("(timeout)", StringComparison.Ordinal) ? "upstream_timeout" : "upstream_unreachable")
                .Append(": ").Append(response.Method).Append(' ').Append(response.Path).Append(" failed: ").Append(failure).Append('.');
            return Secrets.Redact(text.ToString(), options.Secrets);
        }

        text.Append(Code(response.Status)).Append(": the upstream answered HTTP ").Append(response.Status);
        if (!string.IsNullOrEmpty(response.ReasonPhrase)) text.Append(' ').Append(response.ReasonPhrase);
        text.Append(" to ").Append(response.Method).Append(' ').Append(response.Path).Append('.');

        if (ExtractMessage(response) is { } message) text.Append(" Upstream said: \"").Append(message).Append("\".");

        if (response.Status == 429 && response.RetryAfter is { } retry && retry > TimeSpan.Zero)
        {
            text.Append(" Retry after ").Append(Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append(" s.");
        }

        if ((toolHints is not null && toolHints.TryGetValue(response.Status, out var hint))
            || options.ErrorHints.TryGetValue(response.Status, out hint))
        {
            text.Append(' ').Append(hint);
        }
        return Secrets.Redact(text.ToString(), options.Secrets);
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
                // {"message": "..."}, {"error": "..."}, {"error": {"message": "..."}}, RFC 7807 {"detail"/"title"},
                // OAuth {"error_description"}, {"errors": ["..."] or [{"message": "..."}]}.
                foreach (var key in new[] { "message", "error_description", "detail", "error", "title", "errors" })
                {
                    if (root.TryGetProperty(key, out var value) && FromJson(value) is { Length: > 0 } found) return found;
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
