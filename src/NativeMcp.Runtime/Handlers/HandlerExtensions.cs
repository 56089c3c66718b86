using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Handlers;

/// <summary>
/// What hand-written handlers most often need, without reflection: log and progress notifications to the
/// client, text results, and JSON text of an elicitation answer.
/// </summary>
public static class HandlerExtensions
{
    // MCP logging is deprecated by the newest protocol revision (SDK diagnostic MCP9005) but clients of
    // 2025-06-18/2025-11-25 and the conformance suite still use it: kept here, so handlers need no obsolete types.
#pragma warning disable MCP9005
    /// <summary>
    /// Sends <c>notifications/message</c> (shown in the client's log). <paramref name="level"/> is an MCP log level
    /// name: debug, info, notice, warning, error, critical, alert, emergency.
    /// </summary>
    public static Task LogAsync<TParams>(this RequestContext<TParams> request, string message, string level = "info", CancellationToken cancellationToken = default) =>
        request.Server.SendNotificationAsync(
            NotificationMethods.LoggingMessageNotification,
            new LoggingMessageNotificationParams { Level = ParseLevel(level), Data = Results.JsonValues.StringElement(message) },
            cancellationToken: cancellationToken);

    private static LoggingLevel ParseLevel(string level) => level switch
    {
        "debug" => LoggingLevel.Debug,
        "notice" => LoggingLevel.Notice,
        "warning" => LoggingLevel.Warning,
        "error" => LoggingLevel.Error,
        "critical" => LoggingLevel.Critical,
        "alert" => LoggingLevel.Alert,
        "emergency" => LoggingLevel.Emergency,
        _ => LoggingLevel.Info,
    };
#pragma warning restore MCP9005

    /// <summary>Sends <c>notifications/progress</c> when the caller asked for progress (sent a progress token).</summary>
    public static Task ReportProgressAsync(this RequestContext<CallToolRequestParams> request, float progress, float? total = null, string? message = null, CancellationToken cancellationToken = default)
    {
        if (request.Params?.ProgressToken is not { } token) return Task.CompletedTask;
        return request.Server.NotifyProgressAsync(token, new ProgressNotificationValue { Progress = progress, Total = total, Message = message }, cancellationToken: cancellationToken);
    }

    /// <summary>The progress token the caller sent, as text ("" when it sent none).</summary>
    public static string ProgressTokenText(this RequestContext<CallToolRequestParams> request) =>
        request.Params?.ProgressToken?.ToString() ?? "";

    public static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    public static CallToolResult Error(string text) => new() { IsError = true, Content = [new TextContentBlock { Text = text }] };

    /// <summary>Compact JSON of an answer's fields (for instance an elicitation's content), written without reflection.</summary>
    public static string ToJson(IDictionary<string, JsonElement>? values) => Results.JsonValues.ObjectText(values);
}
