using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using NativeMcp.Tests.Gateway;
using NativeMcp.Tests.Infrastructure;
using NativeMcp.Tests.Sql;
using Xunit;

namespace NativeMcp.Tests.Native;

/// <summary>
/// The NativeAOT binary of specs/runflow-gateway.yaml (published by the Test target) serving Streamable HTTP on
/// 127.0.0.1: the Linear-like upstream is the fixture MCP server over SSE with a bearer token, the DeepWiki-like one
/// the fixture over Streamable HTTP without auth, the HubSpot-like REST API a loopback server with OAuth2, and
/// execute_query the private PostgreSQL. Driven by the seed's curl requests (?apiKey= as the seed shows it) and by
/// the SDK client; the call log (stderr, with --log-content) must hold every call, redacted, and no secret.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Native)]
[Collection(PostgresCollection.Name)]
public sealed class RunflowGatewayBinaryTests(PostgresCluster cluster) : IAsyncLifetime
{
    private const string LinearKey = "lin_api_native_5c1d";
    private const string HubspotSecret = "hs-native-secret-3";
    private const string HubspotToken = "hs-native-token-8";
    private const string WriterKey = "sk-your-key";
    private const string ReaderKey = "sk-read-native-2";
    private HttpFakeMcpServer _linear = null!;
    private HttpFakeMcpServer _deepwiki = null!;
    private FakeUpstream _hubspot = null!;
    private Process _gateway = null!;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HttpClient _http = new();
    private string _endpoint = "";

    public async Task InitializeAsync()
    {
        _linear = await HttpFakeMcpServer.StartAsync("--name", "linear", "--tools", "linear", "--bearer", LinearKey);
        _deepwiki = await HttpFakeMcpServer.StartAsync("--name", "deepwiki", "--tools", "deepwiki");
        _hubspot = await FakeUpstream.StartAsync();
        _hubspot.Respond = r => r.Path == "/oauth/token"
            ? FakeResponse.Json("{\"access_token\":\"" + HubspotToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
            : FakeResponse.Json("""{"id":"902","properties":""" + JsonDocument.Parse(r.Body).RootElement.GetProperty("properties").GetRawText() + "}", 201);

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo(NativeBinary.RunflowGatewayPath()) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in new[] { "--log-level", "info", "--log-content" }) start.ArgumentList.Add(a);
        start.Environment["LINEAR_MCP_URL"] = _linear.Url + "/mcp/sse";
        start.Environment["LINEAR_API_KEY"] = LinearKey;
        start.Environment["DEEPWIKI_MCP_URL"] = _deepwiki.Url + "/mcp";
        start.Environment["HUBSPOT_URL"] = _hubspot.BaseUrl;
        start.Environment["HUBSPOT_TOKEN_URL"] = _hubspot.BaseUrl + "/oauth/token";
        start.Environment["HUBSPOT_CLIENT_ID"] = "hs-native-client";
        start.Environment["HUBSPOT_CLIENT_SECRET"] = HubspotSecret;
        start.Environment["RUNFLOW_DATABASE_URL"] = cluster.ConnectionString();
        start.Environment["RUNFLOW_GATEWAY_KEYS"] = "reader:" + ReaderKey + ":read;writer:" + WriterKey + ":read,write";
        start.Environment["RUNFLOW_GATEWAY_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _gateway = Process.Start(start)!;
        _gateway.ErrorDataReceived += (_, e) => { if (e.Data is { } line) _log.Enqueue(line); };
        _gateway.OutputDataReceived += (_, e) => { if (e.Data is { } line) _log.Enqueue(line); };
        _gateway.BeginErrorReadLine();
        _gateway.BeginOutputReadLine();
        for (var i = 0; ; i++)
        {
            try
            {
                if (await _http.GetStringAsync($"http://127.0.0.1:{port}/healthz") == "ok") break;
            }
            catch (HttpRequestException) when (i < 200 && !_gateway.HasExited)
            {
                await Task.Delay(50);
            }
        }
        _endpoint = $"http://127.0.0.1:{port}/api/v1/gateways/my-gateway/mcp";
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (!_gateway.HasExited) _gateway.Kill();
        await _gateway.WaitForExitAsync();
        _gateway.Dispose();
        await _hubspot.DisposeAsync();
        await _deepwiki.DisposeAsync();
        await _linear.DisposeAsync();
    }

    /// <summary>The seed's curl, byte for byte but the host: ?apiKey=, both Accept types; the answer is one SSE event.</summary>
    private async Task<JsonElement> CurlAsync(string body, string key = WriterKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint + "?apiKey=" + key) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, response.StatusCode + " " + text);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text.Split('\n').Last(l => l.StartsWith("data:", StringComparison.Ordinal))[5..].Trim()).RootElement.Clone();
    }

    private static string Names(JsonElement list) =>
        string.Join(",", list.GetProperty("result").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order(StringComparer.Ordinal));

    [Fact]
    public async Task The_seeds_curl_requests_and_the_sdk_client_reach_all_four_connectors_with_scopes_by_verb_and_a_redacted_call_log()
    {
        await cluster.ExecuteAsync("INSERT INTO customers (name, email) VALUES ('Native Gateway Grace', 'grace@runflow.test')");

        // The seed's first curl: the four tools, from compiled data; the OAuth2 token endpoint was not asked yet.
        Assert.Equal("create_contact,execute_query,list_issues,read_wiki_structure", Names(await CurlAsync("""{"jsonrpc":"2.0","method":"tools/list","id":1}""")));
        Assert.Empty(_hubspot.Requests);
        // A read key sees the read verbs only, and a write tool is unknown to it.
        Assert.Equal("list_issues,read_wiki_structure", Names(await CurlAsync("""{"jsonrpc":"2.0","method":"tools/list","id":1}""", ReaderKey)));
        var denied = await CurlAsync("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"execute_query","arguments":{"search":"x"}},"id":9}""", ReaderKey);
        Assert.True(denied.TryGetProperty("error", out _) || denied.GetProperty("result").GetProperty("isError").GetBoolean(), denied.GetRawText());
        using (var noKey = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new StringContent("""{"jsonrpc":"2.0","method":"tools/list","id":1}""", Encoding.UTF8, "application/json") })
        {
            noKey.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            using var response = await _http.SendAsync(noKey);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // The seed's second curl, exactly as it shows it.
        var call = await CurlAsync("""
            {
              "jsonrpc": "2.0",
              "method": "tools/call",
              "params": {
                "name": "list_issues",
                "arguments": {
                  "assignee": "me",
                  "limit": 5
                }
              },
              "id": 2
            }
            """);
        var issues = call.GetProperty("result");
        Assert.False(issues.TryGetProperty("isError", out var isError) && isError.GetBoolean(), issues.GetRawText());
        Assert.Equal(new[] { "PROJ-1", "PROJ-3", "PROJ-4" }, issues.GetProperty("structuredContent").GetProperty("issues").EnumerateArray().Select(i => i.GetProperty("id").GetString()));

        // The SDK client over Streamable HTTP, with the key in the URL as the seed's Claude Desktop config has it.
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(_endpoint + "?apiKey=" + WriterKey), TransportMode = HttpTransportMode.StreamableHttp });
        await using (var client = await McpClient.CreateAsync(transport))
        {
            var wiki = await client.CallToolAsync("read_wiki_structure", new Dictionary<string, object?> { ["repoName"] = "anthropics/claude-code" });
            Assert.True(wiki.IsError != true, wiki.Text());
            Assert.Contains("Available pages for anthropics/claude-code", wiki.Text(), StringComparison.Ordinal);

            var contact = await client.CallToolAsync("create_contact", new Dictionary<string, object?> { ["properties"] = new Dictionary<string, object?> { ["email"] = "grace@example.com" } });
            Assert.True(contact.IsError != true, contact.Text());
            Assert.Equal("Bearer " + HubspotToken, _hubspot.Requests.Single(r => r.Path == "/crm/v3/objects/contacts").Header("authorization"));

            var query = await client.CallToolAsync("execute_query", new Dictionary<string, object?> { ["search"] = "native gateway" });
            Assert.True(query.IsError != true, query.Text());
            var row = Assert.Single(Assert.IsType<JsonElement>(query.StructuredContent).GetProperty("rows").EnumerateArray());
            Assert.Equal("grace@runflow.test", row.GetProperty("email").GetString());

            var wrong = await client.CallToolAsync("execute_query", new Dictionary<string, object?> { ["search"] = 7 });
            Assert.True(wrong.IsError);
            Assert.Contains("search", wrong.Text(), StringComparison.Ordinal);

            foreach (var answer in new[] { wiki, contact, query, wrong }) Assert.DoesNotContain(cluster.Password, answer.Text(), StringComparison.Ordinal);
        }

        // The call log: one JSON line per call with its tool, status and duration; no secret on any line.
        // Five calls reached a tool (the reader's execute_query was refused as an unknown tool before any). The
        // log is written after each answer, so the last line may still be on its way.
        for (var i = 0; i < 200 && CallLines().Count < 5; i++) await Task.Delay(50);
        var lines = CallLines();
        Assert.True(lines.Count == 5, "call log lines:\n" + string.Join("\n", _log));
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        foreach (var tool in new[] { "list_issues", "read_wiki_structure", "create_contact", "execute_query" })
        {
            Assert.Contains(entries, e => e.GetProperty("tool").GetString() == tool && e.GetProperty("status").GetString() == "ok" && e.GetProperty("durationMs").GetDouble() >= 0);
        }
        Assert.Contains(entries, e => e.GetProperty("tool").GetString() == "execute_query" && e.GetProperty("status").GetString() != "ok");
        Assert.Contains(lines, l => l.Contains("grace@example.com", StringComparison.Ordinal)); // input is in the log (--log-content)
        foreach (var secret in new[] { LinearKey, HubspotSecret, HubspotToken, WriterKey, ReaderKey, cluster.Password })
        {
            Assert.DoesNotContain(_log, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    private List<string> CallLines() => _log.Where(l => l.StartsWith('{') && l.Contains("\"tool\"", StringComparison.Ordinal)).ToList();
}
