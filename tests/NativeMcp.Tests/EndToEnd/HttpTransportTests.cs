using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using NativeMcp.Generated.Gateway;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>
/// Streamable HTTP (stateless) on the real Kestrel host: the seed's curl requests, every key mode, scopes,
/// 401/429, DNS-rebinding protection, oversize bodies, the SDK's HTTP client, and many concurrent clients.
/// </summary>
public sealed class HttpTransportTests : IAsyncLifetime
{
    private const string Keys = "reader:rk_read_0001:read;writer:wk_write_0002:read,write;root:ak_admin_0003:read,write,admin;other:ok_other_0004:read,write";
    private FakeUpstream _upstream = null!;
    private HttpTestServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _server = await HttpTestServer.StartAsync(GatewayServer.Definition, new Dictionary<string, string?>
        {
            ["GATEWAY_URL"] = _upstream.BaseUrl,
            ["GATEWAY_KEYS"] = Keys,
        });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private const string ToolsList = """{"jsonrpc":"2.0","method":"tools/list","id":1}""";

    private async Task<HttpResponseMessage> PostAsync(string body, string? url = null, string accept = "application/json, text/event-stream", Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url ?? _server.Endpoint + "?apiKey=wk_write_0002")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        configure?.Invoke(request);
        return await _http.SendAsync(request);
    }

    /// <summary>The JSON-RPC message of an SSE answer (the last data line) or of a JSON answer.</summary>
    private static async Task<JsonElement> MessageAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            text = text.Split('\n').Last(l => l.StartsWith("data:", StringComparison.Ordinal))[5..].Trim();
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static IEnumerable<string> ToolNames(JsonElement message) =>
        message.GetProperty("result").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!);

    [Fact]
    public async Task Seed_curl_tools_list_answers_as_a_server_sent_event()
    {
        using var response = await PostAsync(ToolsList);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["list_items", "create_item"], ToolNames(await MessageAsync(response)));
    }

    [Fact]
    public async Task Seed_curl_tools_call_reaches_the_upstream()
    {
        using var response = await PostAsync("""
            {"jsonrpc":"2.0","method":"tools/call","params":{"name":"list_items","arguments":{"n":5}},"id":2}
            """);
        var message = await MessageAsync(response);
        Assert.Equal(2, message.GetProperty("id").GetInt32());
        Assert.Contains("\"query\":\"?n=5\"", message.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("?n=5", _upstream.Last.QueryString);
    }

    [Fact]
    public async Task Json_only_client_gets_plain_json()
    {
        using var response = await PostAsync(ToolsList, accept: "application/json");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, ToolNames(await MessageAsync(response)).Count());
    }

    [Fact]
    public async Task Unacceptable_accept_header_is_406()
    {
        using var response = await PostAsync(ToolsList, accept: "text/plain");
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("bearer")]
    [InlineData("query")]
    public async Task Each_key_mode_is_accepted(string mode)
    {
        using var response = await PostAsync(ToolsList, mode == "query" ? _server.Endpoint + "?apiKey=ak_admin_0003" : _server.Endpoint, configure: r =>
        {
            if (mode == "header") r.Headers.Add("x-api-key", "ak_admin_0003");
            if (mode == "bearer") r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ak_admin_0003");
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["list_items", "create_item", "delete_item", "rotate_keys"], ToolNames(await MessageAsync(response)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong_key")]
    public async Task Missing_or_invalid_key_is_401_with_a_json_rpc_error(string? key)
    {
        using var response = await PostAsync(ToolsList, _server.Endpoint + (key is null ? "" : "?apiKey=" + key));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await MessageAsync(response);
        Assert.Equal(-32001, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("Unauthorized: missing or invalid API key", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Scopes_hide_tools_and_calls_outside_them_answer_as_unknown_tools()
    {
        using var list = await PostAsync(ToolsList, _server.Endpoint + "?apiKey=rk_read_0001");
        Assert.Equal(["list_items"], ToolNames(await MessageAsync(list)));

        using var call = await PostAsync("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"create_item","arguments":{"name":"x"}},"id":3}""",
            _server.Endpoint + "?apiKey=rk_read_0001");
        var message = await MessageAsync(call);
        var unknown = message.TryGetProperty("error", out var error) ? error.GetProperty("message").GetString() : message.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString();
        Assert.Contains("create_item", unknown);
        Assert.DoesNotContain(_upstream.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Spec_scope_override_makes_a_write_verb_admin_only()
    {
        using var writer = await PostAsync(ToolsList);
        Assert.DoesNotContain("rotate_keys", ToolNames(await MessageAsync(writer)));
    }

    [Fact]
    public async Task Per_key_rate_limit_answers_429_with_retry_after_and_spares_other_keys()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await PostAsync(ToolsList, _server.Endpoint + "?apiKey=ok_other_0004");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
                Assert.Contains("at most 5 per 1 min for this key", (await MessageAsync(response)).GetProperty("error").GetProperty("message").GetString());
            }
        }
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        using var otherKey = await PostAsync(ToolsList, _server.Endpoint + "?apiKey=rk_read_0001");
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
    }

    [Theory]
    [InlineData("Host", "evil.example")]
    [InlineData("Origin", "http://evil.example")]
    public async Task Foreign_host_or_origin_is_rejected(string header, string value)
    {
        using var response = await PostAsync(ToolsList, configure: r =>
        {
            if (header == "Host") r.Headers.Host = value;
            else r.Headers.Add("Origin", value);
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Localhost_origin_is_accepted()
    {
        using var response = await PostAsync(ToolsList, configure: r => r.Headers.Add("Origin", "http://localhost:5173"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Oversize_body_is_413()
    {
        var body = """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"create_item","arguments":{"name":""" + "\"" + new string('x', 9000) + "\"}},\"id\":1}";
        using var response = await PostAsync(body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_answers_and_get_on_the_endpoint_is_405()
    {
        Assert.Equal("ok", await _http.GetStringAsync(_server.BaseUrl + "/healthz"));
        using var get = await _http.GetAsync(_server.Endpoint + "?apiKey=wk_write_0002");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public async Task Sdk_client_over_streamable_http_initializes_lists_and_calls()
    {
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(_server.Endpoint),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["x-api-key"] = "wk_write_0002" },
        }));
        Assert.Equal("gateway", client.ServerInfo!.Name);
        Assert.Equal(["list_items", "create_item"], (await client.ListToolsAsync()).Select(t => t.Name));
        var result = await client.CallJsonAsync("create_item", """{"name":"from-sdk"}""");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("""{"name":"from-sdk"}""", _upstream.Last.Body);
    }

    [Fact]
    public async Task Every_call_is_logged_with_the_key_id_and_never_the_key()
    {
        using var _ = await PostAsync("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"list_items","arguments":{"n":1}},"id":9}""");
        var line = _server.Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        using var entry = JsonDocument.Parse(line);
        Assert.Equal("tool_call", entry.RootElement.GetProperty("event").GetString());
        Assert.Equal("list_items", entry.RootElement.GetProperty("tool").GetString());
        Assert.Equal("writer", entry.RootElement.GetProperty("key").GetString());
        Assert.Equal("ok", entry.RootElement.GetProperty("status").GetString());
        Assert.True(entry.RootElement.GetProperty("durationMs").GetDouble() >= 0);
        Assert.DoesNotContain("wk_write_0002", _server.Log.ToString());
    }

    [Fact]
    public async Task Fifty_clients_make_two_thousand_calls_with_none_lost_or_mixed_up()
    {
        // Echo each call's number back, so a mixed-up answer is visible.
        _upstream.Respond = r => FakeResponse.Json("{\"n\":" + r.QueryString.Split('=')[1] + "}");
        await using var server = await HttpTestServer.StartAsync(NativeMcp.Generated.Bulk.BulkServer.Definition,
            new Dictionary<string, string?> { ["BULK_URL"] = _upstream.BaseUrl });
        var endpoint = server.Endpoint;
        var clients = Enumerable.Range(0, 50).Select(async c =>
        {
            using var http = new HttpClient();
            var answers = new List<(int Sent, int Got)>();
            for (var i = 0; i < 40; i++)
            {
                var n = c * 1000 + i;
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
                {
                    Content = new StringContent("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"list_items\",\"arguments\":{\"n\":" + n + "}},\"id\":" + n + "}", Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation("Accept", c % 2 == 0 ? "application/json" : "application/json, text/event-stream");
                using var response = await http.SendAsync(request);
                var message = await MessageAsync(response);
                var structured = message.GetProperty("result").GetProperty("structuredContent").GetProperty("n").GetInt32();
                Assert.Equal(n, message.GetProperty("id").GetInt32());
                answers.Add((n, structured));
            }
            return answers;
        });
        var all = (await Task.WhenAll(clients)).SelectMany(a => a).ToList();
        Assert.Equal(2000, all.Count);
        Assert.All(all, a => Assert.Equal(a.Sent, a.Got));
        Assert.Equal(2000, _upstream.Requests.Count);
    }
}
