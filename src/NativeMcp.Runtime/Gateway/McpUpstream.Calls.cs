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
using NativeMcp.Runtime.Results;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// Forwarded <c>tools/call</c> requests, sent and answered past the SDK client's request machinery. Why: the SDK's
/// session hands each message it reads to the thread pool (a forced yield) and completes the waiting request on
/// the pool again (its completion source runs continuations asynchronously), and each of those wake-ups costs more
/// than the whole forward on two busy cores (bench/results.md, per-call overhead by thread). Here the gateway writes
/// the request itself under an id of its own and claims the answer on the thread that reads it, and the call
/// continues on that thread. To a stdio child both go as bytes (<see cref="StdioChildTransport"/>): the request is
/// written straight from the caller's arguments, and the answer's <c>result</c> goes back to a stdio caller as the
/// bytes the child wrote (<see cref="ResultPassThrough"/>), with no <c>JsonNode</c> tree or result object either way.
/// HTTP upstreams get the same request as an SDK message, and their answers are claimed as messages by
/// <see cref="ClaimingTransport"/>. Everything else (the handshake, listing, resources,
/// prompts, pings, the upstream's own requests) stays with the SDK.
/// </summary>
public sealed partial class McpUpstream
{
    /// <summary>Our request ids: strings, where the SDK numbers its own, so the two never meet.</summary>
    private const string CallIdPrefix = "nativemcp-call-";

    private static ReadOnlySpan<byte> CallIdPrefixUtf8 => "nativemcp-call-"u8;

    private static readonly JsonTypeInfo<JsonRpcMessage> MessageInfo = (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));
    private static readonly JsonTypeInfo<JsonRpcErrorDetail> ErrorInfo = (JsonTypeInfo<JsonRpcErrorDetail>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcErrorDetail));
    private static readonly JsonTypeInfo<CallToolResult> CallResultInfo = (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));
    private static readonly JsonTypeInfo<CancelledNotificationParams> CancelledInfo = (JsonTypeInfo<CancelledNotificationParams>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CancelledNotificationParams));

    private readonly ConcurrentDictionary<string, PendingCall> _calls = new(StringComparer.Ordinal);
    private long _callIds;

    /// <summary>
    /// Sends one tools/call on the connection and waits for its answer: the result, a <see cref="McpProtocolException"/>
    /// for a JSON-RPC error, the connection's failure when it ends first, or a cancellation (then the upstream is
    /// sent <c>notifications/cancelled</c>, as the SDK does).
    /// </summary>
    private async Task<ToolAnswer> SendCallAsync(Connection connection, CallToolRequestParams call, CancellationToken cancellationToken)
    {
        var id = CallIdPrefix + Interlocked.Increment(ref _callIds).ToString(CultureInfo.InvariantCulture);
        var pending = new PendingCall(connection);
        _calls[id] = pending;
        try
        {
            // Registered first, checked second: a connection that ends in between fails this call in FailCalls.
            if (connection.Closed is { } closed) throw new IOException(closed.Message, closed);
            JsonRpcMessage? message = null;
            using (var scratch = Binding.ScratchJson.Rent())
            {
                WriteCallRequest(scratch, id, call, connection.RequestMeta);
                if (connection.Lines is { } lines) lines.SendLine(scratch.Written.Span);
                else message = JsonSerializer.Deserialize(scratch.Written.Span, MessageInfo)!;
            }
            if (message is not null) await connection.Transport.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
            using (cancellationToken.UnsafeRegister(static (state, token) => ((PendingCall)state!).TrySetCanceled(token), pending))
            {
                try
                {
                    return await pending.Task.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    _ = CancelUpstreamAsync(connection, id);
                    throw;
                }
            }
        }
        finally
        {
            _calls.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// The request line: the arguments written as they came (JSON elements, not re-read), the caller's <c>_meta</c>
    /// with the negotiated protocol's per-request keys over it.
    /// </summary>
    private static void WriteCallRequest(Binding.ScratchJson scratch, string id, CallToolRequestParams call, JsonObject? requestMeta)
    {
        var writer = scratch.Writer;
        writer.WriteStartObject();
        writer.WriteString("jsonrpc"u8, "2.0"u8);
        writer.WriteString("id"u8, id);
        writer.WriteString("method"u8, RequestMethods.ToolsCall);
        writer.WriteStartObject("params"u8);
        writer.WriteString("name"u8, call.Name);
        if (call.Arguments is { } arguments)
        {
            writer.WritePropertyName("arguments"u8);
            scratch.WriteObject(arguments);
        }
        if (call.Meta is not null || requestMeta is not null)
        {
            writer.WriteStartObject("_meta"u8);
            foreach (var (key, value) in call.Meta ?? [])
            {
                if (requestMeta?.ContainsKey(key) == true) continue;
                WriteMember(writer, key, value);
            }
            foreach (var (key, value) in requestMeta ?? []) WriteMember(writer, key, value);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        scratch.Append("\n"u8);
    }

    private static void WriteMember(Utf8JsonWriter writer, string name, JsonNode? value)
    {
        writer.WritePropertyName(name);
        if (value is null) writer.WriteNullValue();
        else value.WriteTo(writer);
    }

    /// <summary>Called in wire order by <see cref="ClaimingTransport"/>: our calls' answers and progress; the rest goes to the SDK.</summary>
    private bool Claim(JsonRpcMessage message) => ClaimAnswer(message) || ClaimProgress(message);

    /// <summary>An HTTP upstream's answer to one of our calls, as the SDK's transport read it.</summary>
    private bool ClaimAnswer(JsonRpcMessage message)
    {
        if (message is not (JsonRpcResponse or JsonRpcError) || ((JsonRpcMessageWithId)message).Id.Id is not string id || !id.StartsWith(CallIdPrefix, StringComparison.Ordinal)) return false;
        // Ours, so never the SDK's: an answer to a call that has already ended (cancelled, timed out) is dropped.
        if (!_calls.TryGetValue(id, out var pending)) return true;
        switch (message)
        {
            case JsonRpcResponse { Result: { } result }:
                CallToolResult? value;
                try
                {
                    value = result.Deserialize(CallResultInfo);
                }
                catch (Exception ex)
                {
                    // Not only JsonException: the SDK's content reader also throws ArgumentException (an escaped image
                    // with a blank MIME type) and FormatException (escaped data that is not base64).
                    pending.TrySetException(NotAToolResult(ex));
                    break;
                }
                Complete(pending, value);
                break;
            case JsonRpcError error:
                pending.TrySetException(ProtocolError(error.Error));
                break;
            default:
                pending.TrySetException(NoResult());
                break;
        }
        return true;
    }

    /// <summary>
    /// A stdio child's line, claimed when it answers one of our calls: the id and the <c>result</c> (or <c>error</c>)
    /// found with one pass of a reader, the result passed on as its bytes or read from them. Anything else (the SDK's
    /// answers, the child's requests and notifications, a line that is not JSON) is left to the SDK's session.
    /// </summary>
    private bool ClaimAnswerLine(ReadOnlySpan<byte> line)
    {
        if (line.IndexOf(CallIdPrefixUtf8) < 0) return false;
        string? id = null;
        Range result = default, error = default;
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("method"u8)) return false; // a request or a notification, not an answer
                var isId = reader.ValueTextEquals("id"u8);
                var isResult = !isId && reader.ValueTextEquals("result"u8);
                var isError = !isId && !isResult && reader.ValueTextEquals("error"u8);
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                if (isId && reader.TokenType == JsonTokenType.String) id = reader.GetString();
                reader.Skip();
                if (isResult) result = start..(int)reader.BytesConsumed;
                else if (isError) error = start..(int)reader.BytesConsumed;
            }
        }
        catch (JsonException)
        {
            return false;
        }
        if (id is null || !id.StartsWith(CallIdPrefix, StringComparison.Ordinal)) return false;
        // Ours, so never the SDK's: an answer to a call that has already ended (cancelled, timed out) is dropped.
        if (!_calls.TryGetValue(id, out var pending)) return true;
        if (!result.Equals(default(Range)))
        {
            // Passed on as bytes when one reading finds nothing to change or refuse; read into a result object otherwise.
            if (ResultPassThrough.Read(line[result], SecretValues()) is { } passed)
            {
                pending.TrySetResult(passed);
                return true;
            }
            CallToolResult? value;
            try
            {
                value = JsonSerializer.Deserialize(line[result], CallResultInfo);
            }
            catch (Exception ex)
            {
                // On the child's reader thread: whatever the SDK's reader throws, this call fails and the reading goes on.
                pending.TrySetException(NotAToolResult(ex));
                return true;
            }
            Complete(pending, value);
        }
        else if (!error.Equals(default(Range)))
        {
            try
            {
                var detail = JsonSerializer.Deserialize(line[error], ErrorInfo);
                pending.TrySetException(ProtocolError(detail));
            }
            catch (Exception ex)
            {
                pending.TrySetException(new UnrelayableAnswer("MCP upstream '" + Name + "' answered tools/call with an error that is not a JSON-RPC error object: " + ex.Message));
            }
        }
        else
        {
            pending.TrySetException(NoResult());
        }
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

    /// <summary>A JSON-RPC error answer, as the SDK's client raises it (the caller's result names the upstream).</summary>
    private static McpProtocolException ProtocolError(JsonRpcErrorDetail? error) =>
        new(error?.Message ?? "", (McpErrorCode)(error?.Code ?? 0));

    private UnrelayableAnswer NoResult() => new("MCP upstream '" + Name + "' answered tools/call with no result");

    /// <summary>
    /// An answer that arrived whole but cannot be relayed (no result, an empty one, one that is not a tool result, one
    /// asking for input): the connection is fine, so it stays, and the caller is told at once what came back.
    /// </summary>
    private sealed class UnrelayableAnswer(string message) : Exception(message);

    private UnrelayableAnswer NotAToolResult(Exception ex) =>
        new("MCP upstream '" + Name + "' answered tools/call with a result that is not a tool result: " + ex.Message);

    /// <summary>Ends a call with the result its upstream answered (the rest of the call runs here, on this thread).</summary>
    private void Complete(PendingCall pending, CallToolResult? result)
    {
        if (result is null) pending.TrySetException(new UnrelayableAnswer("MCP upstream '" + Name + "' answered tools/call with an empty result"));
        // 2026-07-28's "ask the client for input, then call again": the gateway's client has no one to ask.
        else if (result.ResultType == "input_required") pending.TrySetException(new UnrelayableAnswer("MCP upstream '" + Name + "' asked for input from the user before it answers (resultType input_required), which the gateway does not relay"));
        else pending.TrySetResult(ToolAnswer.Of(result));
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
    private sealed class PendingCall(Connection connection) : TaskCompletionSource<ToolAnswer>(TaskCreationOptions.None)
    {
        public Connection Connection { get; } = connection;
    }
}
