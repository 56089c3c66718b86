using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Http;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// Each tenant's MCP endpoint, <c>POST /tenant/mcp</c> (Streamable HTTP, stateless), reached with the tenant's own key
/// (<c>x-api-key</c> or <c>Authorization: Bearer</c>): the key alone says which tenant is calling, so a key can never
/// reach another tenant's servers. It lists and calls the tools of the servers that are enabled globally and for that
/// tenant, read from the store at every request, so an admin change takes effect on the next one. Every call goes to
/// the call log. A client is told <c>notifications/tools/list_changed</c> when its tool set changes: on the 2026-07-28
/// revision down the response of its <c>subscriptions/listen</c> request (<see cref="TenantListens"/>), on earlier ones
/// down the GET stream of a session it opened with an SSE <c>initialize</c> (<see cref="TenantSessions"/>).
/// </summary>
internal sealed class TenantEndpoint
{
    public const string Path = "/tenant/mcp";
    private const int MaxLoggedChars = 4096;

    private readonly IRegistryStore _store;
    private readonly ApiKeys _tenants;
    private readonly RegistryUpstreams _upstreams;
    private readonly HttpHost _host;
    private readonly Implementation? _info;
    private readonly TextWriter _log;
    private readonly TenantSessions _sessions;
    private readonly TenantListens _listens;

    public TenantEndpoint(IRegistryStore store, ApiKeys tenants, RegistryUpstreams upstreams, HttpHost host, Implementation? info, TenantSessions sessions, TenantListens listens, TextWriter log)
    {
        _sessions = sessions;
        _listens = listens;
        _store = store;
        _tenants = tenants;
        _upstreams = upstreams;
        _host = host;
        _info = info;
        _log = log;
    }

    /// <summary>Answers a request to <see cref="Path"/>; false for any other path.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path != Path) return false;
        if (!_host.RequestAllowed(request))
        {
            await HttpHost.ErrorAsync(context, StatusCodes.Status403Forbidden, -32600, "Forbidden: this Host or Origin is not allowed (DNS-rebinding protection)").ConfigureAwait(false);
            return true;
        }
        var inSession = request.Headers[TenantSessions.SessionHeader].ToString().Length > 0;
        if (!HttpMethods.IsPost(request.Method) && !(inSession && (HttpMethods.IsGet(request.Method) || HttpMethods.IsDelete(request.Method))))
        {
            // Outside a session there is no server-initiated stream (GET) and nothing to end (DELETE).
            context.Response.Headers.Allow = "POST";
            await HttpHost.ErrorAsync(context, StatusCodes.Status405MethodNotAllowed, -32600, "Method not allowed: the tenant endpoint takes POST (GET and DELETE only with the Mcp-Session-Id of a session)").ConfigureAwait(false);
            return true;
        }
        var presented = request.Headers["x-api-key"].ToString();
        if (presented.Length == 0 && request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) presented = auth[7..].Trim();
        if ((presented.Length == 0 ? null : _tenants.Find(presented)) is not { } tenant)
        {
            await HttpHost.ErrorAsync(context, StatusCodes.Status401Unauthorized, -32001, "Unauthorized: missing or invalid tenant API key (x-api-key)").ConfigureAwait(false);
            return true;
        }
        if (!HttpMethods.IsPost(request.Method))
        {
            await _sessions.HandleGetOrDeleteAsync(context, tenant).ConfigureAwait(false);
            return true;
        }
        var options = new McpServerOptions
        {
            ServerInfo = _info,
            // Said in every answer to initialize and server/discover: a session's GET stream or a listen carries it.
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = true } },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = (_, cancellationToken) => ListAsync(tenant.Id, cancellationToken),
                CallToolHandler = (call, cancellationToken) => CallAsync(tenant.Id, call.Params, cancellationToken),
                SubscriptionsListenHandler = _listens.HandlerFor(tenant.Id),
            },
        };
        await _host.PostAsync(context, tenant, options, sessions: false, InSessionOrRefusedAsync).ConfigureAwait(false);
        return true;

        async Task<bool> InSessionOrRefusedAsync(HttpContext http, JsonRpcMessage message, bool sse)
        {
            if (message is JsonRpcRequest { Method: RequestMethods.SubscriptionsListen } && !sse)
            {
                // Its answer is a stream: a JSON-only response would be held open and carry nothing.
                await HttpHost.ErrorAsync(http, StatusCodes.Status406NotAcceptable, -32600, "Not acceptable: subscriptions/listen streams its notifications, so it needs Accept: text/event-stream").ConfigureAwait(false);
                return true;
            }
            return await _sessions.TryPostAsync(http, message, tenant, options, sse).ConfigureAwait(false);
        }
    }

    private async ValueTask<ListToolsResult> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var servers = await VisibleAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var lists = await Task.WhenAll(servers.Select(s => _upstreams.ToolsAsync(s, cancellationToken))).ConfigureAwait(false);
        var tools = new List<Tool>();
        for (var i = 0; i < servers.Count; i++)
        {
            foreach (var tool in lists[i])
            {
                if (TenantToolName.Compose(servers[i].Id, tool.Name) is not { } name) continue;
                tools.Add(new Tool
                {
                    Name = name,
                    Title = tool.Title,
                    // The model sees which server a tool belongs to; the name carries only its id.
                    Description = "[" + servers[i].Name + "] " + tool.Description,
                    InputSchema = tool.InputSchema,
                    OutputSchema = tool.OutputSchema,
                    Annotations = tool.Annotations,
                });
            }
        }
        return new ListToolsResult { Tools = tools };
    }

    /// <summary>The tenant's servers that are enabled globally, in the tenant's order.</summary>
    private Task<IReadOnlyList<McpServerRecord>> VisibleAsync(string tenantId, CancellationToken cancellationToken) =>
        _store.VisibleServersAsync(tenantId, cancellationToken);

    private async ValueTask<CallToolResult> CallAsync(string tenantId, CallToolRequestParams? call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var name = call?.Name ?? "";
        McpServerRecord? server = null;
        if (TenantToolName.TryParse(name, out var serverId, out var tool)
            && await _store.GetTenantAsync(tenantId, cancellationToken).ConfigureAwait(false) is { } tenant && tenant.EnabledServers.Contains(serverId, StringComparer.Ordinal))
        {
            server = await _store.GetServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        }
        if (server is null)
        {
            // Another tenant's server looks exactly like one that does not exist.
            await LogAsync(tenantId, "", name, "unknown_tool", started, call, null, "unknown tool").ConfigureAwait(false);
            throw new McpProtocolException("Unknown tool '" + Clip(name, 80) + "': tools/list names the tools of this tenant's servers", McpErrorCode.InvalidParams);
        }
        CallToolResult result;
        if (!server.Enabled)
        {
            result = Error(FailureCodes.Forbidden, "MCP server '" + server.Name + "' is disabled in the registry, so '" + name + "' cannot be called");
        }
        else if (_upstreams.For(server) is not { } upstream)
        {
            result = Error(FailureCodes.Forbidden, "MCP server '" + server.Name + "' is not started: its command '" + Clip(server.Command, 80) + "' is not in this registry's allowlist");
        }
        else
        {
            result = await upstream.CallToolAsync(name, tool, call!.Arguments, null, null, cancellationToken).ConfigureAwait(false);
        }
        await LogAsync(tenantId, server.Id, tool, result.IsError == true ? "error" : "ok", started, call, result, null, server).ConfigureAwait(false);
        return result;
    }

    private async Task LogAsync(string tenantId, string serverId, string tool, string status, long started, CallToolRequestParams? call, CallToolResult? result, string? error, McpServerRecord? server = null)
    {
        var secrets = server is null ? [] : server.Env.Select(e => e.Value).Where(v => v.Length > 0).ToArray();
        var output = result is null ? null : string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        var record = new CallRecord(
            "call_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant(),
            DateTimeOffset.UtcNow,
            tenantId,
            serverId,
            tool,
            status,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            Redacted(ArgumentsJson(call), secrets),
            result?.IsError == true ? null : Redacted(output, secrets),
            error ?? (result?.IsError == true ? Redacted(output, secrets) : null));
        try
        {
            await _store.AppendCallAsync(record, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The call's answer does not depend on the log; the type only, a database message can quote the row.
            _log.WriteLine("registry: the call log could not be written: " + ex.GetType().Name);
        }
    }

    private static string? ArgumentsJson(CallToolRequestParams? call)
    {
        if (call?.Arguments is not { } arguments) return null;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in arguments)
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string? Redacted(string? text, IReadOnlyList<string> secrets) =>
        text is null ? null : Clip(Results.Secrets.Redact(text, secrets), MaxLoggedChars);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static CallToolResult Error(string code, string text) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = code + ": " + text }] };
}
