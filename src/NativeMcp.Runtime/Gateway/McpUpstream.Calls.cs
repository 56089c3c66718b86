using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// Forwarded <c>tools/call</c> requests, sent and answered past the SDK client's request machinery. Why: the SDK's
/// session hands each message it reads to the thread pool (a forced yield) and completes the waiting request on
/// the pool again (its completion source runs continuations asynchronously), and each of those wake-ups costs more
/// than the whole forward on two busy cores (bench/results.md, per-call overhead by thread). Here the gateway sends
/// the request on the transport itself under an id of its own, <see cref="ClaimingTransport"/> claims the answer in
/// the reader's <c>TryRead</c>, and the call continues on that thread. Everything else (the handshake, listing,
/// resources, prompts, pings, the upstream's own requests) stays with the SDK.
/// </summary>
public sealed partial class McpUpstream
{
    /// <summary>Our request ids: strings, where the SDK numbers its own, so the two never meet.</summary>
    private const string CallIdPrefix = "nativemcp-call-";

    private static readonly JsonTypeInfo<CallToolRequestParams> CallParamsInfo = (JsonTypeInfo<CallToolRequestParams>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolRequestParams));
    private static readonly JsonTypeInfo<CallToolResult> CallResultInfo = (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));
    private static readonly JsonTypeInfo<CancelledNotificationParams> CancelledInfo = (JsonTypeInfo<CancelledNotificationParams>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CancelledNotificationParams));

    private readonly ConcurrentDictionary<string, PendingCall> _calls = new(StringComparer.Ordinal);
    private long _callIds;

    /// <summary>
    /// Sends one tools/call on the connection and waits for its answer: the result, a <see cref="McpProtocolException"/>
    /// for a JSON-RPC error, the connection's failure when it ends first, or a cancellation (then the upstream is
    /// sent <c>notifications/cancelled</c>, as the SDK does).
    /// </summary>
    private async Task<CallToolResult> SendCallAsync(Connection connection, CallToolRequestParams call, CancellationToken cancellationToken)
    {
        var id = CallIdPrefix + Interlocked.Increment(ref _callIds).ToString(CultureInfo.InvariantCulture);
        var pending = new PendingCall(connection);
        _calls[id] = pending;
        try
        {
            // Registered first, checked second: a connection that ends in between fails this call in FailCalls.
            if (connection.Closed is { } closed) throw new IOException(closed.Message, closed);
            var request = new JsonRpcRequest { Id = new RequestId(id), Method = RequestMethods.ToolsCall, Params = JsonSerializer.SerializeToNode(call, CallParamsInfo) };
            connection.AddRequestMeta(request);
            await connection.Transport.SendMessageAsync(request, cancellationToken).ConfigureAwait(false);
            JsonRpcMessage answer;
            using (cancellationToken.UnsafeRegister(static (state, token) => ((PendingCall)state!).TrySetCanceled(token), pending))
            {
                try
                {
                    answer = await pending.Task.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    _ = CancelUpstreamAsync(connection, id);
                    throw;
                }
            }
            return answer switch
            {
                // 2026-07-28's "ask the client for input, then call again": the gateway's client has no one to ask.
                JsonRpcResponse { Result: JsonObject { } asks } when asks["resultType"] is JsonValue kind && kind.TryGetValue<string>(out var type) && type == "input_required" =>
                    throw new McpException("MCP upstream '" + Name + "' asked for input from the user before it answers (resultType input_required), which the gateway does not relay"),
                JsonRpcResponse { Result: { } result } => result.Deserialize(CallResultInfo) ?? throw new McpException("MCP upstream '" + Name + "' answered tools/call with an empty result"),
                JsonRpcError error => throw new McpProtocolException(error.Error.Message, (McpErrorCode)error.Error.Code),
                _ => throw new McpException("MCP upstream '" + Name + "' answered tools/call with no result"),
            };
        }
        finally
        {
            _calls.TryRemove(id, out _);
        }
    }

    /// <summary>Called in wire order by <see cref="ClaimingTransport"/>: our calls' answers and progress; the rest goes to the SDK.</summary>
    private bool Claim(JsonRpcMessage message) => ClaimAnswer(message) || ClaimProgress(message);

    private bool ClaimAnswer(JsonRpcMessage message)
    {
        if (message is not (JsonRpcResponse or JsonRpcError) || ((JsonRpcMessageWithId)message).Id.Id is not string id || !id.StartsWith(CallIdPrefix, StringComparison.Ordinal)) return false;
        // Ours, so never the SDK's: an answer to a call that has already ended (cancelled, timed out) is dropped.
        if (_calls.TryGetValue(id, out var pending)) pending.TrySetResult(message);
        return true;
    }

    /// <summary>
    /// The connection's reader ended: its calls still waiting get the reason, as the SDK's own requests do, and the
    /// connection is dead at once, so a caller that retries after the failure gets a new connection even before
    /// the child's exit has been handled (ChildExited).
    /// </summary>
    private void FailCalls(Connection connection, Exception? failure)
    {
        var reason = failure is { } inner ? (inner as AggregateException)?.InnerException ?? inner : new IOException("The MCP upstream closed the connection.");
        connection.Closed = reason;
        connection.Dead = true;
        foreach (var (_, pending) in _calls)
        {
            if (ReferenceEquals(pending.Connection, connection)) pending.TrySetException(reason);
        }
    }

    private static async Task CancelUpstreamAsync(Connection connection, string id)
    {
        try
        {
            await connection.Transport.SendMessageAsync(new JsonRpcNotification
            {
                Method = NotificationMethods.CancelledNotification,
                Params = JsonSerializer.SerializeToNode(new CancelledNotificationParams { RequestId = new RequestId(id) }, CancelledInfo),
            }).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The connection is going away: the upstream drops the call with it.
        }
    }

    /// <summary>
    /// The <c>_meta</c> that protocol 2026-07-28 (no initialize handshake) wants on every request, as the SDK's client
    /// puts it on its own: the negotiated version, the client's info and capabilities. Null for older protocols.
    /// </summary>
    private static JsonObject? RequestMetaFor(McpClient client, McpClientOptions options)
    {
        // Revisions are dates, so they order as strings.
        if (client.NegotiatedProtocolVersion is not { } version || string.CompareOrdinal(version, PerRequestMetaSince) < 0) return null;
        return new JsonObject
        {
            [MetaKeys.ProtocolVersion] = version,
            [MetaKeys.ClientInfo] = JsonSerializer.SerializeToNode(options.ClientInfo ?? GatewayClientInfo, ImplementationInfo),
            [MetaKeys.ClientCapabilities] = JsonSerializer.SerializeToNode(options.Capabilities ?? new ClientCapabilities(), ClientCapabilitiesInfo),
        };
    }

    /// <summary>The first revision without the initialize handshake, where each request carries what it negotiated.</summary>
    private const string PerRequestMetaSince = "2026-07-28";

    private static readonly JsonTypeInfo<ClientCapabilities> ClientCapabilitiesInfo = (JsonTypeInfo<ClientCapabilities>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ClientCapabilities));

    /// <summary>
    /// One call waiting for its answer. Continuations run synchronously: the answer is claimed on the reader's
    /// thread, and the call's rest (scrubbing the result, writing it to the caller) runs there, with no hop.
    /// </summary>
    private sealed class PendingCall(Connection connection) : TaskCompletionSource<JsonRpcMessage>(TaskCreationOptions.None)
    {
        public Connection Connection { get; } = connection;
    }
}
