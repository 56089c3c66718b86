using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NativeMcp.Runtime.Serving;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// The seed's admin REST API under <c>/api/</c>: <c>GET/POST /api/mcp-servers</c>, <c>GET/PATCH/DELETE
/// /api/mcp-servers/:id</c>, <c>GET/PATCH /api/tenants/:tenantId</c>, each behind <c>x-admin-key</c> and answered in
/// the seed's envelopes; beside the seed, <c>GET /api/tenants</c> and the call log at <c>GET /api/calls</c> for the
/// admin page. Env values are masked in every answer; one log line per request, without bodies.
/// </summary>
internal sealed class AdminApi
{
    public const string Prefix = "/api/";
    private const string ServersPath = "/api/mcp-servers";
    private const string TenantsPath = "/api/tenants/";

    private readonly IRegistryStore _store;
    private readonly RegistrySettings _settings;
    private readonly TextWriter _log;
    private readonly byte[]? _adminKeyHash;
    private readonly TimeProvider _time;

    private readonly Func<string, Task>? _serverChanged;

    /// <param name="serverChanged">Told the id of every server created, changed or deleted (ends its child, drops its cached tools).</param>
    public AdminApi(IRegistryStore store, RegistrySettings settings, TextWriter log, TimeProvider? time = null, Func<string, Task>? serverChanged = null)
    {
        _serverChanged = serverChanged;
        _store = store;
        _settings = settings;
        _log = log;
        _time = time ?? TimeProvider.System;
        _adminKeyHash = settings.AdminKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;
    }

    /// <summary>Whether the presented key is the admin key (hashes compared in constant time). Also used by the admin page.</summary>
    public bool IsAdmin(string? presented) =>
        _adminKeyHash is not null && presented is { Length: > 0 }
        && CryptographicOperations.FixedTimeEquals(_adminKeyHash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    /// <summary>Answers a request under /api/ or for the admin page (/admin); false for any other path.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (await AdminPage.TryServeAsync(context, path).ConfigureAwait(false)) return true;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var started = Stopwatch.GetTimestamp();
        int status;
        try
        {
            status = await RouteAsync(context, path).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The type only: a database message can quote a row, and the caller gets nothing of it.
            _log.WriteLine("registry: " + context.Request.Method + " " + path + " failed: " + ex.GetType().Name);
            status = context.Response.HasStarted ? 500 : await WriteAsync(context, AdminError.Internal).ConfigureAwait(false);
        }
        _log.WriteLine("registry: " + context.Request.Method + " " + Printable(path) + " " + status + " " + Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " ms");
        return true;
    }

    private async Task<int> RouteAsync(HttpContext context, string path)
    {
        if (!IsAdmin(context.Request.Headers["x-admin-key"].ToString())) return await WriteAsync(context, AdminError.Unauthorized).ConfigureAwait(false);
        var method = context.Request.Method;
        if (path == ServersPath)
        {
            if (HttpMethods.IsGet(method))
            {
                var servers = await _store.ListServersAsync(context.RequestAborted).ConfigureAwait(false);
                return await OkAsync(context, 200, w => AdminJson.Servers(w, servers)).ConfigureAwait(false);
            }
            if (HttpMethods.IsPost(method)) return await CreateAsync(context).ConfigureAwait(false);
            return await NotAllowedAsync(context, "GET, POST").ConfigureAwait(false);
        }
        if (path.StartsWith(ServersPath + "/", StringComparison.Ordinal))
        {
            var id = path[(ServersPath.Length + 1)..];
            if (AdminRequests.CheckId(id, "id") is { } bad) return await WriteAsync(context, bad).ConfigureAwait(false);
            if (HttpMethods.IsGet(method))
            {
                var server = await _store.GetServerAsync(id, context.RequestAborted).ConfigureAwait(false);
                return server is null ? await WriteAsync(context, AdminError.ServerNotFound).ConfigureAwait(false) : await OkAsync(context, 200, w => AdminJson.Server(w, server)).ConfigureAwait(false);
            }
            if (HttpMethods.IsPatch(method)) return await UpdateAsync(context, id).ConfigureAwait(false);
            if (HttpMethods.IsDelete(method))
            {
                var outcome = await _store.DeleteServerAsync(id, context.RequestAborted).ConfigureAwait(false);
                if (outcome == StoreOutcome.Done) await ChangedAsync(id).ConfigureAwait(false);
                return outcome == StoreOutcome.NotFound ? await WriteAsync(context, AdminError.ServerNotFound).ConfigureAwait(false)
                    : await OkAsync(context, 200, w => { w.WriteStartObject(); w.WriteString("message", "MCP server deleted successfully"); w.WriteEndObject(); }).ConfigureAwait(false);
            }
            return await NotAllowedAsync(context, "GET, PATCH, DELETE").ConfigureAwait(false);
        }
        if (path == AdminCallLog.Path)
        {
            if (!HttpMethods.IsGet(method)) return await NotAllowedAsync(context, "GET").ConfigureAwait(false);
            if (AdminCallLog.Read(context.Request.Query, out var bad) is not { } query) return await WriteAsync(context, bad!).ConfigureAwait(false);
            var page = await _store.QueryCallsAsync(query, context.RequestAborted).ConfigureAwait(false);
            return await OkAsync(context, 200, w => AdminCallLog.Page(w, query, page)).ConfigureAwait(false);
        }
        if (path == TenantsPath[..^1])
        {
            // Not in the seed (it reads one tenant at a time): the admin page lists the tenants with it.
            if (!HttpMethods.IsGet(method)) return await NotAllowedAsync(context, "GET").ConfigureAwait(false);
            var tenants = await _store.ListTenantsAsync(context.RequestAborted).ConfigureAwait(false);
            return await OkAsync(context, 200, w =>
            {
                w.WriteStartArray();
                foreach (var tenant in tenants) AdminJson.Tenant(w, tenant);
                w.WriteEndArray();
            }).ConfigureAwait(false);
        }
        if (path.StartsWith(TenantsPath, StringComparison.Ordinal))
        {
            var id = path[TenantsPath.Length..];
            if (AdminRequests.CheckId(id, "tenantId") is { } bad) return await WriteAsync(context, bad).ConfigureAwait(false);
            if (HttpMethods.IsGet(method))
            {
                var tenant = await _store.GetTenantAsync(id, context.RequestAborted).ConfigureAwait(false);
                return tenant is null ? await WriteAsync(context, AdminError.TenantNotFound).ConfigureAwait(false) : await OkAsync(context, 200, w => AdminJson.Tenant(w, tenant)).ConfigureAwait(false);
            }
            if (HttpMethods.IsPatch(method)) return await UpdateTenantAsync(context, id).ConfigureAwait(false);
            return await NotAllowedAsync(context, "GET, PATCH").ConfigureAwait(false);
        }
        return await WriteAsync(context, AdminError.RouteNotFound).ConfigureAwait(false);
    }

    private async Task<int> CreateAsync(HttpContext context)
    {
        var (document, error) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (document is null) return await WriteAsync(context, error!).ConfigureAwait(false);
        using (document)
        {
            var fields = AdminRequests.ReadServer(document.RootElement, create: true, _settings.Commands, out error);
            if (fields is null) return await WriteAsync(context, error!).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var blank = new McpServerRecord
            {
                Id = "mcp_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant(),
                Name = "",
                Command = "",
                Args = [],
                Env = [],
                SecretEnv = [],
                CreatedAt = now,
                UpdatedAt = now,
            };
            var server = AdminRequests.Apply(blank, fields, now, out error);
            if (server is null) return await WriteAsync(context, error!).ConfigureAwait(false);
            var outcome = await _store.InsertServerAsync(server, context.RequestAborted).ConfigureAwait(false);
            return outcome == StoreOutcome.NameTaken ? await WriteAsync(context, AdminError.NameTaken).ConfigureAwait(false)
                : await OkAsync(context, 201, w => AdminJson.Server(w, server)).ConfigureAwait(false);
        }
    }

    private async Task<int> UpdateAsync(HttpContext context, string id)
    {
        var (document, error) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (document is null) return await WriteAsync(context, error!).ConfigureAwait(false);
        using (document)
        {
            var fields = AdminRequests.ReadServer(document.RootElement, create: false, _settings.Commands, out error);
            if (fields is null) return await WriteAsync(context, error!).ConfigureAwait(false);
            AdminError? applyError = null;
            var (outcome, server) = await _store.UpdateServerAsync(id, current => AdminRequests.Apply(current, fields, _time.GetUtcNow(), out applyError), context.RequestAborted).ConfigureAwait(false);
            if (outcome == StoreOutcome.Done) await ChangedAsync(id).ConfigureAwait(false);
            return outcome switch
            {
                StoreOutcome.NotFound => await WriteAsync(context, AdminError.ServerNotFound).ConfigureAwait(false),
                StoreOutcome.NameTaken => await WriteAsync(context, AdminError.NameTaken).ConfigureAwait(false),
                StoreOutcome.Rejected => await WriteAsync(context, applyError!).ConfigureAwait(false),
                _ => await OkAsync(context, 200, w => AdminJson.Server(w, server!)).ConfigureAwait(false),
            };
        }
    }

    private async Task<int> UpdateTenantAsync(HttpContext context, string id)
    {
        var (document, error) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (document is null) return await WriteAsync(context, error!).ConfigureAwait(false);
        using (document)
        {
            if (AdminRequests.ReadTenant(document.RootElement, out error) is not { } change) return await WriteAsync(context, error!).ConfigureAwait(false);
            var (outcome, tenant, missing) = await _store.UpdateTenantAsync(id, change.Name, change.Servers, _time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
            return outcome switch
            {
                StoreOutcome.NotFound => await WriteAsync(context, AdminError.TenantNotFound).ConfigureAwait(false),
                StoreOutcome.Rejected => await WriteAsync(context, AdminError.Validation("settings.enabledMcpServers", "No MCP server has the id '" + missing + "'")).ConfigureAwait(false),
                _ => await OkAsync(context, 200, w => AdminJson.Tenant(w, tenant!)).ConfigureAwait(false),
            };
        }
    }

    private Task ChangedAsync(string id) => _serverChanged is null ? Task.CompletedTask : _serverChanged(id);

    /// <summary>The body, at most <see cref="AdminRequests.MaxBodyBytes"/>, parsed as one JSON object.</summary>
    private static async Task<(System.Text.Json.JsonDocument? Document, AdminError? Error)> ReadBodyAsync(HttpContext context)
    {
        var tooLarge = new AdminError(413, "VALIDATION_ERROR", "The body is larger than " + AdminRequests.MaxBodyBytes / 1024 + " KB", "body");
        if (context.Request.ContentLength > AdminRequests.MaxBodyBytes) return (null, tooLarge);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > AdminRequests.MaxBodyBytes) return (null, tooLarge);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
        var document = AdminRequests.Parse(buffer.ToArray(), out var error);
        return (document, error);
    }

    private static async Task<int> OkAsync(HttpContext context, int status, Action<System.Text.Json.Utf8JsonWriter> data)
    {
        var body = AdminJson.Success(data);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        return status;
    }

    private static async Task<int> WriteAsync(HttpContext context, AdminError error)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(AdminJson.Failure(error), context.RequestAborted).ConfigureAwait(false);
        return error.Status;
    }

    private static Task<int> NotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return WriteAsync(context, new AdminError(405, "METHOD_NOT_ALLOWED", "This endpoint takes " + allow));
    }

    private static string Printable(string path)
    {
        var clipped = path.Length <= 120 ? path : path[..120] + "…";
        var text = new StringBuilder(clipped.Length);
        foreach (var c in clipped) text.Append(char.IsControl(c) ? '?' : c);
        return text.ToString();
    }
}
