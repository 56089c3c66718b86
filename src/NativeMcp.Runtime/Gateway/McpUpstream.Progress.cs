using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// Progress of forwarded calls: each call that carries a caller's progress token goes upstream under a token of
/// ours (callers' tokens may collide), and each progress the upstream sends for it is passed to that caller under
/// the caller's own token, in order, all of them before the call's result (the specification's order: no
/// progress for a request after its answer).
/// </summary>
public sealed partial class McpUpstream
{
    private const string ProgressTokenPrefix = "nativemcp-";

    /// <summary>How long a result waits for its progress to reach a caller that has stopped reading.</summary>
    private static readonly TimeSpan ProgressGrace = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, ProgressRoute> _progress = new(StringComparer.Ordinal);
    private long _progressIds;

    /// <summary>Opens a route for one call and returns the upstream token that names it.</summary>
    private string OpenProgressRoute(McpServer caller, JsonValue downstreamToken, out ProgressRoute route)
    {
        var key = ProgressTokenPrefix + Interlocked.Increment(ref _progressIds).ToString(CultureInfo.InvariantCulture);
        route = new ProgressRoute(caller, ProgressTokenOf(downstreamToken));
        _progress[key] = route;
        return key;
    }

    /// <summary>Waits until every progress read before the call's answer has been passed on, then closes the route.</summary>
    private async Task CloseProgressRouteAsync(string key, ProgressRoute route)
    {
        try
        {
            await route.Forwarded.WaitAsync(ProgressGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The caller stopped reading; its result is not held back for ever.
        }
        _progress.TryRemove(key, out _);
    }

    /// <summary>
    /// Called (through <see cref="Claim"/>) for each message read from the upstream, in wire order: claims the
    /// progress notifications under our tokens and queues each for its caller.
    /// </summary>
    private bool ClaimProgress(JsonRpcMessage message)
    {
        if (message is not JsonRpcNotification { Method: NotificationMethods.ProgressNotification, Params: JsonObject p }) return false;
        if (p["progressToken"] is not JsonValue token || !token.TryGetValue<string>(out var key) || !key.StartsWith(ProgressTokenPrefix, StringComparison.Ordinal)) return false;
        // Ours, so never the SDK's: a progress for a call that has already ended is dropped.
        if (_progress.TryGetValue(key, out var route))
        {
            route.Forward(new ProgressNotificationValue
            {
                Progress = p["progress"] is JsonValue progress && progress.TryGetValue<double>(out var number) ? (float)number : 0,
                Total = p["total"] is JsonValue total && total.TryGetValue<double>(out var all) ? (float)all : null,
                Message = p["message"] is JsonValue text && text.TryGetValue<string>(out var words) ? Redact(words) : null,
            });
        }
        return true;
    }

    private static ProgressToken ProgressTokenOf(JsonValue token) =>
        token.TryGetValue<string>(out var text) ? new ProgressToken(text) : new ProgressToken(token.GetValue<long>());

    /// <summary>One call's caller and token, and the chain of its progress sends (one after another, never on the reader's thread).</summary>
    private sealed class ProgressRoute(McpServer caller, ProgressToken token)
    {
        private readonly object _gate = new();
        private Task _forwarded = Task.CompletedTask;

        public Task Forwarded
        {
            get { lock (_gate) return _forwarded; }
        }

        public void Forward(ProgressNotificationValue value)
        {
            lock (_gate)
            {
                _forwarded = _forwarded.ContinueWith(_ => SendAsync(value), CancellationToken.None, TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
            }
        }

        private async Task SendAsync(ProgressNotificationValue value)
        {
            try
            {
                await caller.NotifyProgressAsync(token, value, null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The caller went away; its call ends by itself.
            }
        }
    }
}
