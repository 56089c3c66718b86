using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Runtime.Http;
using NativeMcp.Runtime.Registry;
using NativeMcp.Runtime.Serving;

namespace NativeMcp.Tests.Registry;

/// <summary>
/// The seed's registry (specs/registry.yaml, compiled by the generator) on the real Kestrel host at 127.0.0.1 on an
/// ephemeral port, started exactly as the binary starts it; its state in a SQLite file of the test's own folder.
/// </summary>
internal sealed class RegistryTestServer : IAsyncDisposable
{
    public const string AdminKey = "admin-key-7f3a9c";
    public const string EncryptionKey = "encryption-key-for-tests-0123456789";
    public const string TenantKeys = "tenant_abc123:tenant-key-a;tenant_def456:tenant-key-b";

    private readonly RegistryApp _app;

    private RegistryTestServer(RegistryApp app, string baseUrl, StringWriter log)
    {
        _app = app;
        BaseUrl = baseUrl;
        Log = log;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public string BaseUrl { get; }

    public HttpClient Client { get; }

    /// <summary>Everything the registry logged.</summary>
    public StringWriter Log { get; }

    internal IRegistryStore Store => _app.Store;

    internal RegistryUpstreams Upstreams => _app.Upstreams;

    internal TenantSessions Sessions => _app.Sessions;

    internal TenantListens Listens => _app.Listens;

    public static Dictionary<string, string?> Environment(string sqlitePath, string? postgres = null) => new()
    {
        ["REGISTRY_ADMIN_KEY"] = AdminKey,
        ["REGISTRY_ENCRYPTION_KEY"] = EncryptionKey,
        ["REGISTRY_TENANT_KEYS"] = TenantKeys,
        ["REGISTRY_SQLITE_PATH"] = sqlitePath,
        ["REGISTRY_DATABASE_URL"] = postgres,
    };

    /// <param name="definition">The compiled spec; specs/registry.yaml when null.</param>
    public static async Task<RegistryTestServer> StartAsync(IReadOnlyDictionary<string, string?> environment, ServerDefinition? definition = null)
    {
        definition ??= NativeMcp.Generated.Registry.RegistryServer.Definition;
        var env = EnvironmentValues.Load(definition.Environment, environment, out var errors);
        if (errors.Count > 0) throw new InvalidOperationException(string.Join("; ", errors));
        var log = new StringWriter();
        var scoped = new ScopedOptions(definition.CreateOptions(env, null), definition.ToolScopes, null);
        var http = definition.Http(env);
        var app = await RegistryServing.StartAsync(http, scoped, ApiKeys.Load(http.Keys, http.KeysFile), false, "127.0.0.1", 0, TextWriter.Synchronized(log), CancellationToken.None);
        var address = app.Web.Urls.First();
        return new RegistryTestServer(app, address, log);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? adminKey = AdminKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (adminKey is not null) request.Headers.Add("x-admin-key", adminKey);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return Client.SendAsync(request);
    }

    /// <summary>Sends and reads the envelope: (status, root element).</summary>
    public async Task<(int Status, JsonElement Body)> CallAsync(HttpMethod method, string path, string? json = null, string? adminKey = AdminKey)
    {
        using var response = await SendAsync(method, path, json, adminKey);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    public async Task<string> CreateAsync(string name, string? env = null)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, "/api/mcp-servers",
            "{\"name\":\"" + name + "\",\"command\":\"npx\",\"args\":[\"-y\",\"pkg\"],\"env\":" + (env ?? "{}") + "}");
        if (status != 201) throw new InvalidOperationException("create answered " + status + ": " + body);
        return body.GetProperty("data").GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
