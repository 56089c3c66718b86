using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Registry;
using NativeMcp.Tests.Gateway;
using Xunit;

namespace NativeMcp.Tests.Registry;

/// <summary>
/// The tenants' MCP endpoint end to end: the registry (Specs/hosted.yaml) on Kestrel at 127.0.0.1 with a SQLite file,
/// the FakeMcpServer fixture registered through the admin API as each server's command, the real SDK client as each
/// tenant's assistant over Streamable HTTP.
/// </summary>
public sealed class TenantEndpointTests : IAsyncLifetime
{
    private const string FourTenants = "tenant_a:key-a-1111;tenant_b:key-b-2222;tenant_c:key-c-3333;tenant_d:key-d-4444";
    private static readonly string[] Tenants = ["tenant_a", "tenant_b", "tenant_c", "tenant_d"];

    private readonly string _folder = Directory.CreateTempSubdirectory("tenant-tests-").FullName;
    private RegistryTestServer _server = null!;

    private string DatabasePath => Path.Combine(_folder, "registry.db");

    public async Task InitializeAsync()
    {
        var env = RegistryTestServer.Environment(DatabasePath);
        env["REGISTRY_TENANT_KEYS"] = FourTenants;
        _server = await RegistryTestServer.StartAsync(env, NativeMcp.Generated.Hosted.HostedServer.Definition);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static string KeyOf(string tenant) => "key-" + tenant[^1] + "-" + new string((char)('1' + (tenant[^1] - 'a')), 4);

    /// <summary>Registers the fixture as a server named <paramref name="name"/>; its id.</summary>
    private async Task<string> RegisterAsync(string name, bool enabled = true)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = name,
            ["command"] = "dotnet",
            ["args"] = new[] { FakeMcp.Dll, "--name", name, "--lifetime", "120" },
            ["env"] = new Dictionary<string, string> { ["FAKE_API_TOKEN"] = "tok-" + name + "-0123456789" },
            ["enabled"] = enabled,
        });
        var (status, reply) = await _server.CallAsync(HttpMethod.Post, "/api/mcp-servers", body);
        Assert.True(status == 201, "create answered " + status + ": " + reply);
        return reply.GetProperty("data").GetProperty("id").GetString()!;
    }

    private async Task EnableAsync(string tenant, params string[] serverIds)
    {
        var (status, reply) = await _server.CallAsync(HttpMethod.Patch, "/api/tenants/" + tenant,
            JsonSerializer.Serialize(new { settings = new { enabledMcpServers = serverIds } }));
        Assert.True(status == 200, "tenant PATCH answered " + status + ": " + reply);
    }

    private Task<McpClient> ConnectAsync(string key) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(_server.BaseUrl + TenantEndpoint.Path),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["x-api-key"] = key },
        }));

    private static async Task<JsonElement> EchoAsync(McpClient client, string serverId, string text)
    {
        var result = await client.CallToolAsync(serverId + "__echo", new Dictionary<string, object?> { ["text"] = text });
        Assert.True(result.IsError != true, string.Join(" ", result.Content.OfType<TextContentBlock>().Select(t => t.Text)));
        return result.StructuredContent!.Value;
    }

    [Fact]
    public async Task A_tenant_lists_only_its_enabled_servers_tools_namespaced_and_admin_changes_apply_on_the_next_request()
    {
        var calendar = await RegisterAsync("Calendar");
        var github = await RegisterAsync("GitHub");
        await EnableAsync("tenant_a", calendar);
        await using var client = await ConnectAsync(KeyOf("tenant_a"));

        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == calendar + "__echo");
        Assert.All(tools, t => Assert.StartsWith(calendar + "__", t.Name));
        Assert.All(tools, t => Assert.StartsWith("[Calendar] ", t.Description));
        Assert.All(tools, t => Assert.True(t.Name.Length <= 64));
        Assert.Equal("Calendar", (await EchoAsync(client, calendar, "hi")).GetProperty("server").GetString());

        // Enabled for the tenant: on the next request, no reconnect.
        await EnableAsync("tenant_a", calendar, github);
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == github + "__echo");

        // Disabled globally: its tools vanish and a call names the server.
        var (status, _) = await _server.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + github, "{\"enabled\":false}");
        Assert.Equal(200, status);
        Assert.DoesNotContain(await client.ListToolsAsync(), t => t.Name.StartsWith(github, StringComparison.Ordinal));
        var refused = await client.CallToolAsync(github + "__echo", new Dictionary<string, object?> { ["text"] = "x" });
        Assert.True(refused.IsError);
        Assert.Contains("MCP server 'GitHub' is disabled", ((TextContentBlock)refused.Content[0]).Text);
    }

    [Fact]
    public async Task Keys_that_are_wrong_or_missing_get_401_and_other_methods_405()
    {
        using var http = new HttpClient();
        using var none = await http.PostAsync(_server.BaseUrl + TenantEndpoint.Path, new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
        Assert.Equal(401, (int)none.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, _server.BaseUrl + TenantEndpoint.Path) { Content = new StringContent("{}") };
        wrong.Headers.Add("x-api-key", RegistryTestServer.AdminKey);
        Assert.Equal(401, (int)(await http.SendAsync(wrong)).StatusCode);
        using var get = new HttpRequestMessage(HttpMethod.Get, _server.BaseUrl + TenantEndpoint.Path);
        get.Headers.Add("x-api-key", KeyOf("tenant_a"));
        Assert.Equal(405, (int)(await http.SendAsync(get)).StatusCode);
    }

    [Fact]
    public async Task Forty_concurrent_callers_of_four_tenants_never_see_or_call_another_tenants_servers_and_five_servers_run_five_children()
    {
        // Tenant i has its own server plus one shared by all: 5 servers in all.
        var shared = await RegisterAsync("Shared");
        var own = new Dictionary<string, string>();
        foreach (var tenant in Tenants)
        {
            own[tenant] = await RegisterAsync("Own-" + tenant);
            await EnableAsync(tenant, own[tenant], shared);
        }

        var callers = Enumerable.Range(0, 40).Select(async i =>
        {
            var tenant = Tenants[i % 4];
            var other = own[Tenants[(i + 1) % 4]];
            await using var client = await ConnectAsync(KeyOf(tenant));
            for (var round = 0; round < 3; round++)
            {
                var names = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
                Assert.All(names, n => Assert.True(n.StartsWith(own[tenant] + "__", StringComparison.Ordinal) || n.StartsWith(shared + "__", StringComparison.Ordinal), tenant + " saw " + n));
                Assert.Equal("Own-" + tenant, (await EchoAsync(client, own[tenant], tenant + i)).GetProperty("server").GetString());
                Assert.Equal("Shared", (await EchoAsync(client, shared, tenant + i)).GetProperty("server").GetString());
                // Another tenant's server answers exactly as a tool that does not exist.
                var refused = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync(other + "__echo", new Dictionary<string, object?> { ["text"] = "x" }).AsTask());
                Assert.Contains("Unknown tool", refused.Message);
            }
        });
        await Task.WhenAll(callers);

        // One child per server, shared by the four tenants, never one per tenant or per caller.
        var pids = _server.Upstreams.ChildProcessIds;
        Assert.Equal(5, pids.Count);
        Assert.Equal(5, pids.Distinct().Count());

        // Every call is in the log with its tenant, server and status; the env secret is in no row.
        await using var db = new SqliteConnection("Data Source=" + DatabasePath);
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT tenant_id, server_id, status, COUNT(*) FROM calls GROUP BY tenant_id, server_id, status";
        var rows = new List<(string Tenant, string Server, string Status, long Count)>();
        await using (var reader = await count.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }
        foreach (var tenant in Tenants)
        {
            Assert.Contains((tenant, own[tenant], "ok", 30L), rows);
            Assert.Contains((tenant, shared, "ok", 30L), rows);
            Assert.Contains((tenant, "", "unknown_tool", 30L), rows);
        }
    }

    [Fact]
    public async Task Deleting_a_server_ends_its_child_and_its_tools_are_gone()
    {
        var id = await RegisterAsync("Doomed");
        await EnableAsync("tenant_b", id);
        await using var client = await ConnectAsync(KeyOf("tenant_b"));
        var pid = (await EchoAsync(client, id, "alive")).GetProperty("pid").GetInt32();
        Assert.True(Directory.Exists("/proc/" + pid));
        Assert.Equal([pid], _server.Upstreams.ChildProcessIds);

        var (status, _) = await _server.CallAsync(HttpMethod.Delete, "/api/mcp-servers/" + id);
        Assert.Equal(200, status);
        Assert.False(Directory.Exists("/proc/" + pid), "the deleted server's child " + pid + " is still running");
        Assert.Empty(_server.Upstreams.ChildProcessIds);
        Assert.Empty(await client.ListToolsAsync());
        await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync(id + "__echo", new Dictionary<string, object?> { ["text"] = "x" }).AsTask());
    }

    [Fact]
    public async Task The_call_log_redacts_the_servers_env_secrets()
    {
        var id = await RegisterAsync("Leaky");
        await EnableAsync("tenant_c", id);
        await using var client = await ConnectAsync(KeyOf("tenant_c"));
        await EchoAsync(client, id, "the token is tok-Leaky-0123456789");

        await using var db = new SqliteConnection("Data Source=" + DatabasePath);
        await db.OpenAsync();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT tool, status, input, output FROM calls";
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("echo", reader.GetString(0));
        Assert.Equal("ok", reader.GetString(1));
        Assert.DoesNotContain("tok-Leaky-0123456789", reader.GetString(2));
        Assert.DoesNotContain("tok-Leaky-0123456789", reader.GetString(3));
        Assert.Contains("the token is", reader.GetString(2));
    }
}
