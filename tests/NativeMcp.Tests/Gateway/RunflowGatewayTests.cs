using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using NativeMcp.Cli;
using NativeMcp.Generated.RunflowGateway;
using NativeMcp.Tests.Infrastructure;
using NativeMcp.Tests.Native;
using NativeMcp.Tests.Sql;
using Xunit;

namespace NativeMcp.Tests.Gateway;

/// <summary>
/// specs/runflow-gateway.yaml compiled into this assembly, served over Streamable HTTP on 127.0.0.1: the Linear-like
/// (SSE, bearer) and DeepWiki-like (Streamable HTTP) MCP upstreams are the fixture server, the HubSpot-like REST API
/// (OAuth2) is the fake HTTP upstream, execute_query runs against the private PostgreSQL cluster. Driven by the seed's
/// curl requests and by the SDK client.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RunflowGatewayTests(PostgresCluster cluster) : IAsyncLifetime
{
    private const string LinearKey = "lin_api_7f3e";
    private const string Keys = "reader:sk-read-0001:read;writer:sk-your-key:read,write";
    private HttpFakeMcpServer _linear = null!;
    private HttpFakeMcpServer _deepwiki = null!;
    private FakeUpstream _hubspot = null!;
    private HttpTestServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _linear = await HttpFakeMcpServer.StartAsync("--name", "linear", "--tools", "linear", "--bearer", LinearKey);
        _deepwiki = await HttpFakeMcpServer.StartAsync("--name", "deepwiki", "--tools", "deepwiki");
        _hubspot = await FakeUpstream.StartAsync();
        _hubspot.Respond = r => r.Path == "/oauth/token"
            ? FakeResponse.Json("""{"access_token":"hs-token-1","token_type":"Bearer","expires_in":3600}""")
            : FakeResponse.Json("""{"id":"901","properties":""" + JsonDocument.Parse(r.Body).RootElement.GetProperty("properties").GetRawText() + "}", 201);
        _server = await HttpTestServer.StartAsync(RunflowGatewayServer.Definition, Environment());
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["LINEAR_MCP_URL"] = _linear.Url + "/mcp/sse",
        ["LINEAR_API_KEY"] = LinearKey,
        ["DEEPWIKI_MCP_URL"] = _deepwiki.Url + "/mcp",
        ["HUBSPOT_URL"] = _hubspot.BaseUrl,
        ["HUBSPOT_TOKEN_URL"] = _hubspot.BaseUrl + "/oauth/token",
        ["HUBSPOT_CLIENT_ID"] = "hs-client",
        ["HUBSPOT_CLIENT_SECRET"] = "hs-secret-9",
        ["RUNFLOW_DATABASE_URL"] = cluster.ConnectionString(),
        ["RUNFLOW_GATEWAY_KEYS"] = Keys,
    };

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _hubspot.DisposeAsync();
        await _deepwiki.DisposeAsync();
        await _linear.DisposeAsync();
    }

    /// <summary>The seed's curl: POST to the gateway URL with ?apiKey=, both Accept types; the answer is one SSE event.</summary>
    private async Task<JsonElement> CurlAsync(string body, string key = "sk-your-key")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Endpoint + "?apiKey=" + key) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text.Split('\n').Last(l => l.StartsWith("data:", StringComparison.Ordinal))[5..].Trim()).RootElement.Clone();
    }

    [Fact]
    public async Task The_seeds_curl_requests_list_the_tools_without_contacting_an_upstream_and_call_list_issues()
    {
        Assert.EndsWith("/api/v1/gateways/my-gateway/mcp", _server.Endpoint, StringComparison.Ordinal);
        var list = await CurlAsync("""{"jsonrpc":"2.0","method":"tools/list","id":1}""");
        var tools = list.GetProperty("result").GetProperty("tools").EnumerateArray().ToList();
        Assert.Equal(new[] { "create_contact", "execute_query", "list_issues", "read_wiki_structure" }, tools.Select(t => t.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        // Listed from the lock: the upstream's schema and annotations as synced, and no upstream was asked.
        var listIssues = tools.Single(t => t.GetProperty("name").GetString() == "list_issues");
        Assert.Equal(50, listIssues.GetProperty("inputSchema").GetProperty("properties").GetProperty("limit").GetProperty("maximum").GetInt32());
        Assert.True(listIssues.GetProperty("annotations").GetProperty("readOnlyHint").GetBoolean());
        Assert.Empty(_hubspot.Requests);
        // The same options the host serves from: listing every tool connects no upstream.
        var env = Runtime.Hosting.EnvironmentValues.Load(RunflowGatewayServer.Definition.Environment, Environment(), out _);
        var forwarded = RunflowGatewayServer.Definition.CreateOptions(env, null).ToolCollection!.OfType<Runtime.Gateway.ForwardedTool>().ToList();
        Assert.Equal(new[] { "list_issues", "read_wiki_structure" }, forwarded.Select(t => t.ProtocolTool.Name).Order(StringComparer.Ordinal));
        var upstreams = forwarded.Select(t => t.Upstream).Distinct().ToList();
        Assert.Equal(2, upstreams.Count);
        Assert.All(upstreams, u => Assert.Equal(0, u.Connects));

        var call = await CurlAsync("""
            {"jsonrpc":"2.0","method":"tools/call","params":{"name":"list_issues","arguments":{"assignee":"me","limit":5}},"id":2}
            """);
        var result = call.GetProperty("result");
        Assert.False(result.TryGetProperty("isError", out var isError) && isError.GetBoolean(), result.GetRawText());
        var issues = result.GetProperty("structuredContent").GetProperty("issues").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(new[] { "PROJ-1", "PROJ-3", "PROJ-4" }, issues);
    }

    [Fact]
    public async Task The_sdk_client_calls_all_three_connectors_and_every_call_is_logged_without_credentials()
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(_server.Endpoint + "?apiKey=sk-your-key"), TransportMode = HttpTransportMode.StreamableHttp });
        await using var client = await McpClient.CreateAsync(transport);

        var wiki = await client.CallToolAsync("read_wiki_structure", new Dictionary<string, object?> { ["repoName"] = "anthropics/claude-code" });
        Assert.True(wiki.IsError != true, string.Join(" ", wiki.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(c => c.Text)));
        Assert.Contains("Available pages for anthropics/claude-code", ((ModelContextProtocol.Protocol.TextContentBlock)wiki.Content[0]).Text, StringComparison.Ordinal);

        var contact = await client.CallToolAsync("create_contact", new Dictionary<string, object?> { ["properties"] = new Dictionary<string, object?> { ["email"] = "ada@example.com", ["firstname"] = "Ada" } });
        Assert.True(contact.IsError != true, string.Join(" ", contact.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(c => c.Text)));
        var created = _hubspot.Requests.Single(r => r.Path == "/crm/v3/objects/contacts");
        Assert.Equal("Bearer hs-token-1", created.Header("authorization"));
        Assert.Equal("ada@example.com", JsonDocument.Parse(created.Body).RootElement.GetProperty("properties").GetProperty("email").GetString());

        var issues = await client.CallToolAsync("list_issues", new Dictionary<string, object?> { ["label"] = "Bug" });
        Assert.NotEqual(true, issues.IsError);

        var query = await client.CallToolAsync("execute_query", new Dictionary<string, object?> { ["search"] = "runflow-sdk" });
        Assert.NotEqual(true, query.IsError);

        var log = _server.Log.ToString();
        foreach (var tool in new[] { "read_wiki_structure", "create_contact", "list_issues", "execute_query" }) Assert.Contains("\"" + tool + "\"", log, StringComparison.Ordinal);
        foreach (var secret in new[] { LinearKey, "hs-secret-9", "hs-token-1", "sk-your-key", cluster.Password }) Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_seeds_execute_query_binds_its_arguments_and_runs_read_only_against_postgres()
    {
        await cluster.ExecuteAsync("INSERT INTO customers (name, email) VALUES ('Runflow Gateway Ada', 'ada@runflow.test'), ('Runflow Gateway Bob', NULL)");
        var call = await CurlAsync("""
            {"jsonrpc":"2.0","method":"tools/call","params":{"name":"execute_query","arguments":{"search":"runflow gateway"}},"id":4}
            """);
        var result = call.GetProperty("result");
        Assert.False(result.TryGetProperty("isError", out var isError) && isError.GetBoolean(), result.GetRawText());
        var rows = result.GetProperty("structuredContent").GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(new[] { "Runflow Gateway Ada", "Runflow Gateway Bob" }, rows.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal("ada@runflow.test", rows[0].GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("email").ValueKind);

        // An injection attempt is a value to search for: it matches nothing and the table is still there.
        var attack = await CurlAsync("""
            {"jsonrpc":"2.0","method":"tools/call","params":{"name":"execute_query","arguments":{"search":"' OR 1=1; DROP TABLE customers;--"}},"id":5}
            """);
        Assert.Empty(attack.GetProperty("result").GetProperty("structuredContent").GetProperty("rows").EnumerateArray());
        Assert.True((long)(await cluster.ExecuteAsync("SELECT count(*) FROM customers"))! >= 2);

        // A wrong argument is an isError naming the field, and no answer carries the database password.
        var wrong = await CurlAsync("""
            {"jsonrpc":"2.0","method":"tools/call","params":{"name":"execute_query","arguments":{"search":"x","minId":"ten"}},"id":6}
            """);
        Assert.True(wrong.GetProperty("result").GetProperty("isError").GetBoolean(), wrong.GetRawText());
        Assert.Contains("minId", wrong.GetRawText(), StringComparison.Ordinal);
        foreach (var answer in new[] { call, attack, wrong }) Assert.DoesNotContain(cluster.Password, answer.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_key_sees_and_calls_only_the_read_tools_by_their_verbs()
    {
        var list = await CurlAsync("""{"jsonrpc":"2.0","method":"tools/list","id":1}""", key: "sk-read-0001");
        // execute_query runs read-only, but its verb makes it a write tool, as the seed's scope table says.
        Assert.Equal(new[] { "list_issues", "read_wiki_structure" }, list.GetProperty("result").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        var call = await CurlAsync("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"create_contact","arguments":{"properties":{"email":"x@example.com"}}},"id":3}""", key: "sk-read-0001");
        Assert.DoesNotContain(_hubspot.Requests, r => r.Path.StartsWith("/crm", StringComparison.Ordinal));
        Assert.True(call.TryGetProperty("error", out _) || call.GetProperty("result").GetProperty("isError").GetBoolean(), call.GetRawText());
    }

    [Fact]
    public async Task The_committed_lock_matches_the_fixture_servers_it_was_synced_from()
    {
        // A copy of the spec and its lock, so that the check can never rewrite the committed file.
        var folder = Directory.CreateTempSubdirectory("nativemcp-runflow-").FullName;
        try
        {
            var specs = Path.Combine(NativeBinary.RepoRoot(), "specs");
            File.Copy(Path.Combine(specs, "runflow-gateway.yaml"), Path.Combine(folder, "runflow-gateway.yaml"));
            File.Copy(Path.Combine(specs, "runflow-gateway.lock.json"), Path.Combine(folder, "runflow-gateway.lock.json"));
            var env = Environment();
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = await SyncCommand.RunAsync(Path.Combine(folder, "runflow-gateway.yaml"), check: true, name => env.TryGetValue(name, out var v) ? v : null, output, error);
            Assert.True(exit == 0, output + "\n" + error);
            Assert.Contains("matches every upstream", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
