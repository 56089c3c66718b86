using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// The open <c>subscriptions/listen</c> requests of tenants' clients on the 2026-07-28 revision, which has no sessions
/// and no GET stream: a client that wants <c>notifications/tools/list_changed</c> POSTs a listen request whose SSE
/// response stays open, and that response is where the notification goes (SEP-2575). The request is answered by the
/// stateless server like any other, so it needs no session and any process can hold it; this class is only the list
/// of open ones that <see cref="TenantChangeWatch"/> tells. Each listen belongs to the tenant whose key sent it and ends
/// when the client closes its response (or the registry stops). At most <see cref="TenantSessions.MaxPerTenant"/>
/// per tenant are held; a listen over that, or one that asks for nothing this endpoint sends, is acknowledged with
/// nothing granted and answered at once.
/// </summary>
internal sealed class TenantListens : IAsyncDisposable
{
    private static readonly JsonTypeInfo<SubscriptionsAcknowledgedNotificationParams> AcknowledgedInfo =
        (JsonTypeInfo<SubscriptionsAcknowledgedNotificationParams>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(SubscriptionsAcknowledgedNotificationParams));

    private readonly ConcurrentDictionary<Listen, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();

    private sealed class Listen(string tenantId, McpServer server, RequestId id)
    {
        public string TenantId { get; } = tenantId;

        /// <summary>The request's own server: what it sends goes down this request's response stream.</summary>
        public McpServer Server { get; } = server;

        public RequestId Id { get; } = id;
    }

    /// <summary>How many listens of the tenant this process holds open.</summary>
    public int CountOf(string tenantId) => _open.Keys.Count(l => l.TenantId == tenantId);

    /// <summary>The <c>subscriptions/listen</c> handler for requests made with this tenant's key.</summary>
    public McpRequestHandler<SubscriptionsListenRequestParams, EmptyResult> HandlerFor(string tenantId) => async (request, cancellationToken) =>
    {
        var id = request.JsonRpcRequest.Id;
        // Only the tool list changes here; prompts and resources are not served, so they are never granted.
        var tools = request.Params?.Notifications?.ToolsListChanged == true && !_stop.IsCancellationRequested && CountOf(tenantId) < TenantSessions.MaxPerTenant;
        var granted = new SubscriptionsListenNotifications { ToolsListChanged = tools ? true : null };
        await SendAsync(request.Server, id, NotificationMethods.SubscriptionsAcknowledgedNotification,
            JsonSerializer.SerializeToNode(new SubscriptionsAcknowledgedNotificationParams { Notifications = granted }, AcknowledgedInfo), cancellationToken).ConfigureAwait(false);
        if (!tools) return new EmptyResult();

        var listen = new Listen(tenantId, request.Server, id);
        _open[listen] = 0;
        try
        {
            using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            await Task.Delay(Timeout.Infinite, held.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client closed its response, or the registry is stopping: both simply end the listen.
        }
        finally
        {
            _open.TryRemove(listen, out _);
        }
        return new EmptyResult();
    };

    /// <summary>Sends <c>notifications/tools/list_changed</c> down every listen of these tenants; how many were sent.</summary>
    public async Task<int> NotifyToolsChangedAsync(IReadOnlySet<string> tenantIds, CancellationToken cancellationToken)
    {
        var targets = _open.Keys.Where(l => tenantIds.Contains(l.TenantId)).ToList();
        var sent = await Task.WhenAll(targets.Select(async l =>
        {
            try
            {
                await SendAsync(l.Server, l.Id, NotificationMethods.ToolListChangedNotification, null, cancellationToken).ConfigureAwait(false);
                return 1;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A response whose client just went: its listen ends on its own; the others are still told.
                return 0;
            }
        })).ConfigureAwait(false);
        return sent.Sum();
    }

    /// <summary>A notification on the listen's stream, tagged with its id so a client can tell its listens apart.</summary>
    private static Task SendAsync(McpServer server, RequestId id, string method, JsonNode? parameters, CancellationToken cancellationToken)
    {
        var body = parameters as JsonObject ?? [];
        if (body["_meta"] is not JsonObject meta) body["_meta"] = meta = [];
        meta[MetaKeys.SubscriptionId] = id.Id switch
        {
            string text => JsonValue.Create(text),
            long number => JsonValue.Create(number),
            _ => null,
        };
        return server.SendMessageAsync(new JsonRpcNotification { Method = method, Params = body }, cancellationToken);
    }

    /// <summary>Ends every listen (a graceful stop would otherwise wait its whole timeout for them).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync().ConfigureAwait(false);
    }
}
