using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Runtime.Http;
using NativeMcp.Runtime.Serving;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// Serves a spec with a <c>registry</c> section: the spec's own MCP endpoint, the admin API and the tenants' MCP
/// endpoint (<see cref="TenantEndpoint.Path"/>), on one Kestrel host. The state lives in the database (only the
/// servers' tool lists are cached, per server row), so any process answers any request.
/// </summary>
public static class RegistryServing
{
    public static async Task<int> RunAsync(ServerDefinition definition, ScopedOptions scoped, ServeSettings http, HostArguments arguments, int port)
    {
        var host = arguments.Host ?? http.Host;
        RegistryApp app;
        try
        {
            app = await StartAsync(http, scoped, ApiKeys.Load(http.Keys, http.KeysFile), arguments.ReadOnly, host, port, Console.Error, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RegistryStartException ex)
        {
            Console.Error.WriteLine(definition.Name + ": " + ex.Message);
            return ServerHost.ExitEnvironment;
        }
        Console.Error.WriteLine((definition.StartupMessage ?? definition.Name) + " on http://" + (host.Contains(':') ? "[" + host + "]" : host) + ":" + port + http.Path + " (admin API under /api/, tenants at " + TenantEndpoint.Path + ")");
        await app.Web.WaitForShutdownAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        return ServerHost.ExitOk;
    }

    /// <summary>Opens and migrates the store, adds the spec's tenants, and starts listening (tests call this directly).</summary>
    internal static async Task<RegistryApp> StartAsync(ServeSettings http, ScopedOptions scoped, ApiKeys keys, bool readOnly, string host, int port, TextWriter log, CancellationToken cancellationToken)
    {
        var settings = http.Registry ?? throw new RegistryStartException("the spec has no registry section");
        if (settings.EncryptionKey is null) throw new RegistryStartException("the registry's encryption key is not set: stored env values are encrypted with it");
        if (settings.AdminKey is null) log.WriteLine("registry: no admin key is set, so every admin request will be refused (401)");
        var tenants = ApiKeys.Load(settings.TenantKeys, null);
        var store = Open(settings);
        CallLogPruning pruning;
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            await store.EnsureTenantsAsync(tenants.All.Select(k => k.Id).Distinct(StringComparer.Ordinal).ToList(), DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            pruning = await CallLogPruning.StartAsync(store, settings.CallLogRetention, log, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or System.Net.Sockets.SocketException or IOException)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            // The driver's message, never the connection string: neither driver puts the password in its messages.
            throw new RegistryStartException("cannot open the registry database (" + (settings.PostgresConnection is null ? "SQLite " + settings.SqlitePath : "PostgreSQL") + "): " + ex.Message);
        }
        var upstreams = new RegistryUpstreams(settings.Commands, log);
        var sessions = new TenantSessions();
        var listens = new TenantListens();
        var watch = new TenantChangeWatch(store, sessions, listens, log);
        var admin = new AdminApi(store, settings, log, serverChanged: upstreams.ForgetAsync);
        var httpHost = new HttpHost(http, scoped, keys, readOnly);
        var tenantEndpoint = new TenantEndpoint(store, tenants, upstreams, httpHost, scoped.For(null).ServerInfo, sessions, listens, log);
        var web = await httpHost.StartAsync(host, port, async context =>
        {
            if (await admin.TryHandleAsync(context).ConfigureAwait(false))
            {
                // A tenant PATCH does not reach serverChanged: any admin write wakes the watch (a read costs one query).
                if (!HttpMethods.IsGet(context.Request.Method)) watch.Poke();
                return true;
            }
            return await tenantEndpoint.TryHandleAsync(context).ConfigureAwait(false);
        }).ConfigureAwait(false);
        // Open GET streams and listens would hold a graceful stop for its whole timeout: they end first.
        web.Lifetime.ApplicationStopping.Register(() =>
        {
            _ = sessions.DisposeAsync().AsTask();
            _ = listens.DisposeAsync().AsTask();
        });
        return new RegistryApp(web, store, upstreams, sessions, listens, watch, pruning);
    }

    internal static IRegistryStore Open(RegistrySettings settings)
    {
        RegistryDialect dialect = settings.PostgresConnection is { } postgres ? new PostgresDialect(postgres) : new SqliteDialect(settings.SqlitePath);
        return new SqlRegistryStore(dialect, new SecretBox(settings.EncryptionKey!));
    }
}

/// <summary>A running registry: the web host, the store and the servers' upstreams (their stdio children) it owns.</summary>
internal sealed class RegistryApp(WebApplication web, IRegistryStore store, RegistryUpstreams upstreams, TenantSessions sessions, TenantListens listens, TenantChangeWatch watch, CallLogPruning pruning) : IAsyncDisposable
{
    public TenantSessions Sessions { get; } = sessions;

    public TenantListens Listens { get; } = listens;

    public TenantChangeWatch Watch { get; } = watch;

    public WebApplication Web { get; } = web;

    public IRegistryStore Store { get; } = store;

    public RegistryUpstreams Upstreams { get; } = upstreams;

    public async ValueTask DisposeAsync()
    {
        await Sessions.DisposeAsync().ConfigureAwait(false);
        await Listens.DisposeAsync().ConfigureAwait(false);
        await Web.StopAsync().ConfigureAwait(false);
        await Web.DisposeAsync().ConfigureAwait(false);
        await Watch.DisposeAsync().ConfigureAwait(false);
        await pruning.DisposeAsync().ConfigureAwait(false);
        await Sessions.DisposeAsync().ConfigureAwait(false);
        await Upstreams.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
    }
}

internal sealed class RegistryStartException(string message) : Exception(message);
