using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Native;

/// <summary>
/// The NativeAOT binary of specs/registry.yaml (published by the Test target) on 127.0.0.1 with its state in a SQLite
/// file: the seed's curl requests against the admin API, a tenant's assistant (the SDK client) listing and calling
/// the registered server's tool (tests/Fixtures/node-echo-mcp under `node`, a command the spec allows), then SIGTERM,
/// a second start on the same file, and everything is still there.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Native)]
public sealed class RegistryBinaryTests : IAsyncLifetime
{
    private const string AdminKey = "native-admin-key-4e1b";
    private const string TenantKey = "native-tenant-key-a";
    private const string Secret = "native-secret-value-93f1c";
    private readonly string _folder = Directory.CreateTempSubdirectory("registry-native-").FullName;
    private readonly HttpClient _http = new();
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _registry;
    private string _base = "";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await StopAsync(graceful: false);
        Directory.Delete(_folder, recursive: true);
    }

    private async Task StartAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo(NativeBinary.RegistryPath()) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, WorkingDirectory = _folder };
        start.Environment["REGISTRY_ADMIN_KEY"] = AdminKey;
        start.Environment["REGISTRY_ENCRYPTION_KEY"] = "native-encryption-key-0123456789abcdef";
        start.Environment["REGISTRY_TENANT_KEYS"] = "tenant_abc123:" + TenantKey + ";tenant_def456:native-tenant-key-b";
        start.Environment["REGISTRY_SQLITE_PATH"] = Path.Combine(_folder, "data", "registry.db");
        start.Environment["REGISTRY_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment.Remove("REGISTRY_DATABASE_URL");
        _registry = Process.Start(start)!;
        _registry.ErrorDataReceived += (_, e) => { if (e.Data is { } line) _log.Enqueue(line); };
        _registry.OutputDataReceived += (_, e) => { if (e.Data is { } line) _log.Enqueue(line); };
        _registry.BeginErrorReadLine();
        _registry.BeginOutputReadLine();
        _base = $"http://127.0.0.1:{port}";
        for (var i = 0; ; i++)
        {
            try
            {
                if (await _http.GetStringAsync(_base + "/healthz") == "ok") return;
            }
            catch (HttpRequestException) when (i < 300 && !_registry.HasExited)
            {
                await Task.Delay(50);
            }
            catch (HttpRequestException ex)
            {
                throw new InvalidOperationException("the registry did not start: " + string.Join("\n", _log), ex);
            }
        }
    }

    private async Task StopAsync(bool graceful)
    {
        if (_registry is null) return;
        if (!_registry.HasExited)
        {
            if (graceful) Process.Start("kill", "-TERM " + _registry.Id)!.WaitForExit();
            else _registry.Kill();
        }
        await _registry.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (graceful) Assert.True(_registry.ExitCode == 0, "exit code " + _registry.ExitCode + ": " + string.Join("\n", _log));
        _registry.Dispose();
        _registry = null;
    }

    /// <summary>One curl: method, path, x-admin-key, JSON body; the status and the envelope.</summary>
    private async Task<(int Status, JsonElement Body)> CurlAsync(HttpMethod method, string path, string? body = null, string? key = AdminKey)
    {
        using var request = new HttpRequestMessage(method, _base + path);
        if (key is not null) request.Headers.Add("x-admin-key", key);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<McpClient> TenantAsync() =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(_base + "/tenant/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["x-api-key"] = TenantKey },
        }));

    private static async Task<string> EchoAsync(McpClient client, string id, string text)
    {
        var result = await client.CallToolAsync(id + "__echo", new Dictionary<string, object?> { ["text"] = text });
        var answer = string.Join(" ", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        Assert.True(result.IsError != true, answer);
        return answer;
    }

    [Fact]
    public async Task The_seeds_admin_requests_and_a_tenant_call_work_against_the_binary_and_survive_a_restart()
    {
        await StartAsync();
        var script = Path.Combine(NativeBinary.RepoRoot(), "tests", "Fixtures", "node-echo-mcp", "server.mjs");

        // The seed's Example 1, with a command this registry allows.
        var (status, created) = await CurlAsync(HttpMethod.Post, "/api/mcp-servers", JsonSerializer.Serialize(new
        {
            name = "Google Calendar",
            description = "Manage calendar events",
            command = "node",
            args = new[] { script },
            env = new Dictionary<string, string> { ["GOOGLE_CLIENT_ID"] = "123456.apps.googleusercontent.com", ["GOOGLE_CLIENT_SECRET"] = Secret, ["ECHO_TOKEN"] = Secret },
            enabled = true,
        }));
        Assert.True(status == 201, created.ToString());
        Assert.True(created.GetProperty("success").GetBoolean());
        var id = created.GetProperty("data").GetProperty("id").GetString()!;
        Assert.Equal("***", created.GetProperty("data").GetProperty("env").GetProperty("GOOGLE_CLIENT_SECRET").GetString());
        Assert.Equal("123456.apps.googleusercontent.com", created.GetProperty("data").GetProperty("env").GetProperty("GOOGLE_CLIENT_ID").GetString());

        var (_, list) = await CurlAsync(HttpMethod.Get, "/api/mcp-servers");
        Assert.Equal(id, Assert.Single(list.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        var (_, single) = await CurlAsync(HttpMethod.Get, "/api/mcp-servers/" + id);
        Assert.Equal("***", single.GetProperty("data").GetProperty("env").GetProperty("GOOGLE_CLIENT_SECRET").GetString());
        var (patched, updated) = await CurlAsync(HttpMethod.Patch, "/api/mcp-servers/" + id, "{\"description\":\"Updated description\"}");
        Assert.Equal(200, patched);
        Assert.Equal("Updated description", updated.GetProperty("data").GetProperty("description").GetString());
        var (tenantStatus, tenant) = await CurlAsync(HttpMethod.Patch, "/api/tenants/tenant_abc123", "{\"settings\":{\"enabledMcpServers\":[\"" + id + "\"]}}");
        Assert.Equal(200, tenantStatus);
        Assert.Equal(id, Assert.Single(tenant.GetProperty("data").GetProperty("settings").GetProperty("enabledMcpServers").EnumerateArray()).GetString());

        // The seed's error table.
        var (unauthorized, denied) = await CurlAsync(HttpMethod.Get, "/api/mcp-servers", key: null);
        Assert.Equal(401, unauthorized);
        Assert.Equal("UNAUTHORIZED", denied.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(404, (await CurlAsync(HttpMethod.Get, "/api/mcp-servers/mcp_missing")).Status);
        var (conflict, taken) = await CurlAsync(HttpMethod.Post, "/api/mcp-servers", "{\"name\":\"google calendar\",\"command\":\"node\",\"args\":[]}");
        Assert.Equal(409, conflict);
        Assert.Equal("CONFLICT", taken.GetProperty("error").GetProperty("code").GetString());
        var (invalid, why) = await CurlAsync(HttpMethod.Post, "/api/mcp-servers", "{\"command\":\"node\",\"args\":[]}");
        Assert.Equal(400, invalid);
        Assert.Equal("VALIDATION_ERROR", why.GetProperty("error").GetProperty("code").GetString());
        var (forbidden, notAllowed) = await CurlAsync(HttpMethod.Post, "/api/mcp-servers", "{\"name\":\"x\",\"command\":\"bash\",\"args\":[]}");
        Assert.Equal(403, forbidden);
        Assert.Equal("FORBIDDEN", notAllowed.GetProperty("error").GetProperty("code").GetString());

        // The tenant's assistant: the namespaced tool, run by one `node` child with the decrypted env.
        int pid;
        await using (var client = await TenantAsync())
        {
            Assert.Contains(await client.ListToolsAsync(), t => t.Name == id + "__echo");
            var answer = await EchoAsync(client, id, "hello");
            Assert.Contains("echo: hello", answer);
            Assert.Contains("token set", answer);
            pid = int.Parse(answer.Split("(pid ")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Directory.Exists("/proc/" + pid));
        }
        Assert.DoesNotContain(_log, line => line.Contains(Secret, StringComparison.Ordinal));

        // SIGTERM: a clean exit that ends the child; the same file on the next start holds everything.
        await StopAsync(graceful: true);
        Assert.False(Directory.Exists("/proc/" + pid) && !File.ReadAllText("/proc/" + pid + "/stat").Contains(") Z ", StringComparison.Ordinal), "the server's child " + pid + " outlived the registry");
        Assert.False(File.ReadAllBytes(Path.Combine(_folder, "data", "registry.db")).AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret)) >= 0, "the secret is stored in plain text");
        await StartAsync();
        var (_, again) = await CurlAsync(HttpMethod.Get, "/api/mcp-servers/" + id);
        Assert.Equal("Updated description", again.GetProperty("data").GetProperty("description").GetString());
        Assert.Equal("***", again.GetProperty("data").GetProperty("env").GetProperty("GOOGLE_CLIENT_SECRET").GetString());
        var (_, tenantAgain) = await CurlAsync(HttpMethod.Get, "/api/tenants/tenant_abc123");
        Assert.Equal(id, Assert.Single(tenantAgain.GetProperty("data").GetProperty("settings").GetProperty("enabledMcpServers").EnumerateArray()).GetString());
        await using (var client = await TenantAsync())
        {
            Assert.Contains("token set", await EchoAsync(client, id, "after restart"));
        }
        var (deleted, _) = await CurlAsync(HttpMethod.Delete, "/api/mcp-servers/" + id);
        Assert.Equal(200, deleted);
        await StopAsync(graceful: true);
    }
}
