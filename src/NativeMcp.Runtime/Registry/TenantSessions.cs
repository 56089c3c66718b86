using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Http;

// Sessions are the SDK's back-compat path (MCP9006); the tenant endpoint needs one only to push list_changed.
#pragma warning disable MCP9006

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// The tenant endpoint's optional sessions. A session carries nothing the answers depend on: it exists so that the
/// server can push <c>notifications/tools/list_changed</c> down the client's GET stream when an admin change alters
/// the tenant's tool set (<see cref="TenantChangeWatch"/>). So an <c>initialize</c> that takes SSE opens one, a POST
/// of a session this process does not hold is answered statelessly like any plain POST (any process still answers any
/// request), and a tenant over <see cref="MaxPerTenant"/> sessions simply gets none. A session belongs to the tenant
/// whose key opened it; idle ones (no request and no open stream) end after 30 minutes.
/// </summary>
internal sealed class TenantSessions : IAsyncDisposable
{
    public const string SessionHeader = "Mcp-Session-Id";
    public const int MaxPerTenant = 256;
    private static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    private sealed class Session(string tenantId, StreamableHttpServerTransport transport, McpServer server, Task run)
    {
        public string TenantId { get; } = tenantId;
        public StreamableHttpServerTransport Transport { get; } = transport;
        public McpServer Server { get; } = server;
        public Task Run { get; } = run;
        public DateTimeOffset LastUsed { get; set; } = DateTimeOffset.UtcNow;
        public int OpenStreams;
    }

    /// <summary>How many sessions this process holds for the tenant.</summary>
    public int CountOf(string tenantId) => _sessions.Values.Count(s => s.TenantId == tenantId);

    /// <summary>How many of the tenant's sessions have a GET stream open (where notifications go).</summary>
    public int StreamsOf(string tenantId) => _sessions.Values.Where(s => s.TenantId == tenantId).Sum(s => Volatile.Read(ref s.OpenStreams));

    /// <summary>
    /// Answers the POST in the caller's session (opening one on an SSE <c>initialize</c>); false when the message
    /// belongs to no session of this tenant here, so a stateless server answers it.
    /// </summary>
    public async Task<bool> TryPostAsync(HttpContext context, JsonRpcMessage message, ApiKey tenant, McpServerOptions options, bool sse)
    {
        EndIdle();
        if (!sse) return false;
        var id = context.Request.Headers[SessionHeader].ToString();
        Session? session;
        if (id.Length == 0)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize } || CountOf(tenant.Id) >= MaxPerTenant) return false;
            id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            var transport = new StreamableHttpServerTransport { SessionId = id, FlowExecutionContextFromRequests = true };
            var server = McpServer.Create(transport, options);
            session = new Session(tenant.Id, transport, server, server.RunAsync(CancellationToken.None));
            _sessions[id] = session;
            context.Response.Headers[SessionHeader] = id;
        }
        else if ((session = Find(id, tenant)) is null)
        {
            return false;
        }
        session.LastUsed = DateTimeOffset.UtcNow;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        if (!await session.Transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted).ConfigureAwait(false))
        {
            context.Response.ContentType = null;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
        return true;
    }

    /// <summary>GET: the session's stream of server messages, open until the client goes; DELETE: ends the session.</summary>
    public async Task HandleGetOrDeleteAsync(HttpContext context, ApiKey tenant)
    {
        var id = context.Request.Headers[SessionHeader].ToString();
        if (Find(id, tenant) is not { } session)
        {
            // Another tenant's session looks exactly like one that does not exist.
            await HttpHost.ErrorAsync(context, StatusCodes.Status404NotFound, -32001, "Session not found: it ended, or another registry process holds it").ConfigureAwait(false);
            return;
        }
        if (HttpMethods.IsDelete(context.Request.Method))
        {
            await EndAsync(id).ConfigureAwait(false);
            return;
        }
        session.LastUsed = DateTimeOffset.UtcNow;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        Interlocked.Increment(ref session.OpenStreams);
        try
        {
            await session.Transport.HandleGetRequestAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client closing its stream is how an SSE GET normally ends.
        }
        finally
        {
            Interlocked.Decrement(ref session.OpenStreams);
            session.LastUsed = DateTimeOffset.UtcNow;
        }
    }

    /// <summary>Sends <c>notifications/tools/list_changed</c> to every session of these tenants; how many were sent.</summary>
    public async Task<int> NotifyToolsChangedAsync(IReadOnlySet<string> tenantIds, CancellationToken cancellationToken)
    {
        var targets = _sessions.Values.Where(s => tenantIds.Contains(s.TenantId)).ToList();
        var sent = await Task.WhenAll(targets.Select(async s =>
        {
            try
            {
                await s.Server.SendNotificationAsync(NotificationMethods.ToolListChangedNotification, cancellationToken).ConfigureAwait(false);
                return 1;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A session whose client went away: it ends when idle; the others are still told.
                return 0;
            }
        })).ConfigureAwait(false);
        return sent.Sum();
    }

    private Session? Find(string id, ApiKey tenant) =>
        id.Length > 0 && _sessions.TryGetValue(id, out var session) && session.TenantId == tenant.Id ? session : null;

    private void EndIdle()
    {
        foreach (var (id, session) in _sessions)
        {
            if (Volatile.Read(ref session.OpenStreams) == 0 && DateTimeOffset.UtcNow - session.LastUsed > IdleLimit) _ = EndAsync(id);
        }
    }

    private async Task EndAsync(string id)
    {
        if (!_sessions.TryRemove(id, out var session)) return;
        await session.Transport.DisposeAsync().ConfigureAwait(false);
        await session.Server.DisposeAsync().ConfigureAwait(false);
        try
        {
            await session.Run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _sessions.Keys.ToList()) await EndAsync(id).ConfigureAwait(false);
    }
}
