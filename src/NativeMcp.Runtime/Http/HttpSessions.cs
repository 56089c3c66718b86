using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// Sessions, event stores and resumption are the SDK's back-compat path (MCP9006) for clients of protocol
// revision 2025-11-25 and earlier, which is what needs sampling and elicitation over HTTP today.
#pragma warning disable MCP9006

namespace NativeMcp.Runtime.Http;

/// <summary>
/// The optional session mode: one long-lived server per client, found again by its Mcp-Session-Id. The
/// client's answers to server-to-client requests (sampling, elicitation) come back as new POSTs and reach
/// the same server. A session belongs to the key that opened it; idle sessions end after 30 minutes.
/// </summary>
internal sealed class HttpSessions
{
    private const string SessionHeader = "Mcp-Session-Id";
    private static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly MemoryEventStreamStore _events = new();
    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonRpcMessage> MessageType =
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private sealed class Session(string keyId, StreamableHttpServerTransport transport, McpServer server, Task run)
    {
        public string KeyId { get; } = keyId;
        public StreamableHttpServerTransport Transport { get; } = transport;
        public McpServer Server { get; } = server;
        public Task Run { get; } = run;
        public DateTimeOffset LastUsed { get; set; } = DateTimeOffset.UtcNow;
    }

    public async Task HandlePostAsync(HttpContext context, JsonRpcMessage message, ApiKey key, McpServerOptions options, bool sse)
    {
        EndIdleSessions();
        var id = context.Request.Headers[SessionHeader].ToString();
        Session? session;
        if (id.Length == 0)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
            {
                await HttpHost.ErrorAsync(context, StatusCodes.Status400BadRequest, -32600, "Bad request: send initialize first, or the Mcp-Session-Id it returned").ConfigureAwait(false);
                return;
            }
            id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            var transport = new StreamableHttpServerTransport { SessionId = id, EventStreamStore = _events, FlowExecutionContextFromRequests = true };
            var server = McpServer.Create(transport, options);
            session = new Session(key.Id, transport, server, server.RunAsync(CancellationToken.None));
            _sessions[id] = session;
            context.Response.Headers[SessionHeader] = id;
        }
        else if ((session = Find(id, key)) is null)
        {
            await HttpHost.ErrorAsync(context, StatusCodes.Status404NotFound, -32001, "Session not found").ConfigureAwait(false);
            return;
        }

        session.LastUsed = DateTimeOffset.UtcNow;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        var wrote = await session.Transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        if (!wrote)
        {
            context.Response.ContentType = null;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    public async Task HandleGetOrDeleteAsync(HttpContext context, ApiKey key)
    {
        var session = Find(context.Request.Headers[SessionHeader].ToString(), key);
        if (session is null)
        {
            await HttpHost.ErrorAsync(context, StatusCodes.Status404NotFound, -32001, "Session not found").ConfigureAwait(false);
            return;
        }
        if (HttpMethods.IsDelete(context.Request.Method))
        {
            await EndAsync(context.Request.Headers[SessionHeader].ToString()).ConfigureAwait(false);
            return;
        }
        session.LastUsed = DateTimeOffset.UtcNow;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        if (lastEventId.Length > 0)
        {
            // A stream that closed early (SEP-1699): replay what the client missed, then follow it to its end.
            var reader = await _events.GetStreamReaderAsync(lastEventId, context.RequestAborted).ConfigureAwait(false);
            if (reader is null || reader.SessionId != context.Request.Headers[SessionHeader].ToString())
            {
                context.Response.ContentType = null;
                await HttpHost.ErrorAsync(context, StatusCodes.Status400BadRequest, -32600, "Bad request: unknown Last-Event-ID").ConfigureAwait(false);
                return;
            }
            await WriteEventsAsync(reader, context).ConfigureAwait(false);
            return;
        }
        // The stream of server-initiated messages for this session, open until the client goes away.
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await session.Transport.HandleGetRequestAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client closing its stream is how an SSE GET normally ends.
        }
    }

    private static async Task WriteEventsAsync(ISseEventStreamReader reader, HttpContext context)
    {
        var body = context.Response.Body;
        try
        {
            await foreach (var item in reader.ReadEventsAsync(context.RequestAborted).ConfigureAwait(false))
            {
                var text = new System.Text.StringBuilder();
                if (item.EventId is { } eventId) text.Append("id: ").Append(eventId).Append('\n');
                if (item.ReconnectionInterval is { } retry) text.Append("retry: ").Append((long)retry.TotalMilliseconds).Append('\n');
                if (item.Data is { } data)
                {
                    text.Append("event: ").Append(item.EventType).Append('\n');
                    text.Append("data: ").Append(System.Text.Json.JsonSerializer.Serialize(data, MessageType)).Append('\n');
                }
                else
                {
                    text.Append("data: \n");
                }
                text.Append('\n');
                await body.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text.ToString()), context.RequestAborted).ConfigureAwait(false);
                await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A session of this key; another key's session is "not found" (tenant isolation).</summary>
    private Session? Find(string id, ApiKey key) =>
        _sessions.TryGetValue(id, out var session) && session.KeyId == key.Id ? session : null;

    private void EndIdleSessions()
    {
        foreach (var (id, session) in _sessions)
        {
            if (DateTimeOffset.UtcNow - session.LastUsed > IdleLimit) _ = EndAsync(id);
        }
    }

    private async Task EndAsync(string id)
    {
        if (!_sessions.TryRemove(id, out var session)) return;
        _events.RemoveSession(id);
        await session.Transport.DisposeAsync().ConfigureAwait(false);
        await session.Server.DisposeAsync().ConfigureAwait(false);
    }
}
