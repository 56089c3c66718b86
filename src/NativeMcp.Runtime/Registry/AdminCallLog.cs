using System;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// <c>GET /api/calls</c>: the call log's query string read into a <see cref="CallQuery"/> (each bad parameter a
/// VALIDATION_ERROR naming it) and a page of calls written in the seed's envelope.
/// </summary>
internal static class AdminCallLog
{
    public const string Path = "/api/calls";
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 200;
    private const int MaxToolLength = 200;
    private const string Parameters = "status, tool, tenant, from, to, page, pageSize";

    /// <summary>The query, or the error naming the parameter at fault (unknown, repeated or of the wrong form).</summary>
    public static CallQuery? Read(IQueryCollection query, out AdminError? error)
    {
        error = null;
        string? status = null, tool = null, tenant = null;
        DateTimeOffset? from = null, to = null;
        int page = 1, pageSize = DefaultPageSize;
        foreach (var (name, values) in query)
        {
            if (values.Count != 1)
            {
                error = AdminError.Validation(name, "'" + Clip(name) + "' is given more than once");
                return null;
            }
            var value = values[0] ?? "";
            // An empty parameter is "any" (a form with a blank field sends it that way).
            if (value.Length == 0 && name is "status" or "tool" or "tenant" or "from" or "to") continue;
            switch (name)
            {
                case "status":
                    // A word, not a fixed list: the tenant endpoint owns the statuses it records (ok, error, unknown_tool).
                    if (!IsStatusWord(value)) error = AdminError.Validation(name, "status must be a call status such as ok, error or unknown_tool");
                    status = value;
                    break;
                case "tool":
                    if (value.Length > MaxToolLength || HasControl(value)) error = AdminError.Validation(name, "tool must be a tool name of at most " + MaxToolLength + " characters");
                    tool = value;
                    break;
                case "tenant":
                    error = AdminRequests.CheckId(value, name);
                    tenant = value;
                    break;
                case "from":
                    from = Time(value, name, out error);
                    break;
                case "to":
                    to = Time(value, name, out error);
                    break;
                case "page":
                    page = Number(value, name, 1, 1_000_000, out error);
                    break;
                case "pageSize":
                    pageSize = Number(value, name, 1, MaxPageSize, out error);
                    break;
                default:
                    error = AdminError.Validation(name, "Unknown parameter '" + Clip(name) + "' (parameters: " + Parameters + ")");
                    break;
            }
            if (error is not null) return null;
        }
        if (from is { } start && to is { } end && end < start)
        {
            error = AdminError.Validation("to", "to must not be before from");
            return null;
        }
        return new CallQuery(status, tool, tenant, from, to, page, pageSize);
    }

    public static void Page(Utf8JsonWriter w, CallQuery query, CallPage page)
    {
        w.WriteStartObject();
        w.WriteStartArray("calls");
        foreach (var call in page.Calls)
        {
            w.WriteStartObject();
            w.WriteString("id", call.Id);
            w.WriteString("time", AdminJson.Time(call.Time));
            w.WriteString("tenantId", call.TenantId);
            w.WriteString("serverId", call.ServerId);
            w.WriteString("tool", call.Tool);
            w.WriteString("status", call.Status);
            w.WriteNumber("durationMs", Math.Round(call.DurationMs, 1, MidpointRounding.AwayFromZero));
            Nullable(w, "input", call.Input);
            Nullable(w, "output", call.Output);
            Nullable(w, "error", call.Error);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("page", query.Page);
        w.WriteNumber("pageSize", query.PageSize);
        w.WriteNumber("total", page.Total);
        w.WriteNumber("totalPages", (page.Total + query.PageSize - 1) / query.PageSize);
        w.WriteEndObject();
    }

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    /// <summary>An ISO 8601 date or date-time; without an offset it is UTC.</summary>
    private static DateTimeOffset? Time(string value, string name, out AdminError? error)
    {
        error = null;
        if (value.Length <= 40 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && value[0] is >= '0' and <= '9')
        {
            return time;
        }
        error = AdminError.Validation(name, name + " must be an ISO 8601 date or date-time (2025-10-10 or 2025-10-10T12:00:00Z)");
        return null;
    }

    private static int Number(string value, string name, int min, int max, out AdminError? error)
    {
        error = null;
        if (value.Length <= 9 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max) return number;
        error = AdminError.Validation(name, name + " must be a whole number from " + min + " to " + max.ToString("N0", CultureInfo.InvariantCulture));
        return 0;
    }

    private static bool IsStatusWord(string text)
    {
        if (text.Length > 32) return false;
        foreach (var c in text) if (c is not ((>= 'a' and <= 'z') or '_')) return false;
        return true;
    }

    private static bool HasControl(string text)
    {
        foreach (var c in text) if (char.IsControl(c)) return true;
        return false;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
