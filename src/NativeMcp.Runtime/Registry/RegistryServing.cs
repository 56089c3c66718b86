using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Runtime.Http;
using NativeMcp.Runtime.Serving;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// Serves a spec with a <c>registry</c> section: the spec's own MCP endpoint plus the admin API, on one Kestrel host.
/// The state lives in the database only (no cache), so any process answers any request.
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
        Console.Error.WriteLine((definition.StartupMessage ?? definition.Name) + " on http://" + (host.Contains(':') ? "[" + host + "]" : host) + ":" + port + http.Path + " (admin API under /api/)");
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
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            await store.EnsureTenantsAsync(tenants.All.Select(k => k.Id).Distinct(StringComparer.Ordinal).ToList(), DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or System.Net.Sockets.SocketException or IOException)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            // The driver's message, never the connection string: neither driver puts the password in its messages.
            throw new RegistryStartException("cannot open the registry database (" + (settings.PostgresConnection is null ? "SQLite " + settings.SqlitePath : "PostgreSQL") + "): " + ex.Message);
        }
        var admin = new AdminApi(store, settings, log);
        var web = await new HttpHost(http, scoped, keys, readOnly).StartAsync(host, port, admin.TryHandleAsync).ConfigureAwait(false);
        return new RegistryApp(web, store);
    }

    internal static IRegistryStore Open(RegistrySettings settings)
    {
        RegistryDialect dialect = settings.PostgresConnection is { } postgres ? new PostgresDialect(postgres) : new SqliteDialect(settings.SqlitePath);
        return new SqlRegistryStore(dialect, new SecretBox(settings.EncryptionKey!));
    }
}

/// <summary>A running registry: the web host and the store it owns.</summary>
internal sealed class RegistryApp(WebApplication web, IRegistryStore store) : IAsyncDisposable
{
    public WebApplication Web { get; } = web;

    public IRegistryStore Store { get; } = store;

    public async ValueTask DisposeAsync()
    {
        await Web.StopAsync().ConfigureAwait(false);
        await Web.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
    }
}

internal sealed class RegistryStartException(string message) : Exception(message);
