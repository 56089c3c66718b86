using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

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
#pragma warning disable MCP9006 // stateful Streamable HTTP is obsolete in the SDK for new revisions, but clients of 2025-11-25 need it
            var transport = new StreamableHttpServerTransport { SessionId = id };
#pragma warning restore MCP9006
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
        // The stream of server-initiated messages for this session, open until the client goes away.
        session.LastUsed = DateTimeOffset.UtcNow;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        await session.Transport.HandleGetRequestAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
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
        await session.Transport.DisposeAsync().ConfigureAwait(false);
        await session.Server.DisposeAsync().ConfigureAwait(false);
    }
}
