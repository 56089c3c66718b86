using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using NativeMcp.Generated.Testapi;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>Every upstream failure comes back as an isError result that says what happened.</summary>
public sealed class UpstreamErrorTests : IAsyncLifetime
{
    private const string Token = "tok_very_secret_42";
    private FakeUpstream _upstream = null!;
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _server = await InProcessServer.StartAsync(TestapiServer.Definition, new Dictionary<string, string?>
        {
            ["TESTAPI_URL"] = _upstream.BaseUrl,
            ["TESTAPI_TOKEN"] = Token,
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private async Task<(bool? IsError, string Text)> CallWithAsync(FakeResponse response, string tool = "echo_status", string args = """{"status":200}""")
    {
        _upstream.Respond = _ => response;
        var result = await _server.Client.CallJsonAsync(tool, args);
        return (result.IsError, result.Text());
    }

    [Fact]
    public async Task Status_401_reads_unauthorized_with_upstream_message_and_spec_hint()
    {
        var (isError, text) = await CallWithAsync(FakeResponse.Json("""{"error":"unauthorized","message":"Invalid API key"}""", 401));
        Assert.True(isError);
        Assert.Equal("unauthorized: the upstream answered HTTP 401 Unauthorized to GET /status/200. Upstream said: \"Invalid API key\". Check TESTAPI_TOKEN.", text);
    }

    [Fact]
    public async Task Status_404_uses_the_tools_own_hint_and_nested_error_message()
    {
        var (isError, text) = await CallWithAsync(FakeResponse.Json("""{"error":{"message":"Item 7 not found"}}""", 404),
            "get_item", """{"collection":"c","itemId":7}""");
        Assert.True(isError);
        Assert.Equal("not_found: the upstream answered HTTP 404 Not Found to GET /collections/c/items/7. Upstream said: \"Item 7 not found\". Use list_items first to find valid ids.", text);
    }

    [Fact]
    public async Task Status_429_says_when_to_retry()
    {
        var (isError, text) = await CallWithAsync(new FakeResponse(429, "application/json", """{"message":"Too many requests"}""",
            new Dictionary<string, string> { ["Retry-After"] = "30" }));
        Assert.True(isError);
        Assert.Equal("rate_limited: the upstream answered HTTP 429 Too Many Requests to GET /status/200. Upstream said: \"Too many requests\". Retry after 30 s. The API allows 60 requests per minute.", text);
    }

    [Fact]
    public async Task Status_500_with_plain_text_body_quotes_it()
    {
        var (isError, text) = await CallWithAsync(new FakeResponse(500, "text/plain", "database down"));
        Assert.True(isError);
        Assert.Equal("upstream_error: the upstream answered HTTP 500 Internal Server Error to GET /status/200. Upstream said: \"database down\". The upstream failed; trying again later may help.", text);
    }

    [Fact]
    public async Task Status_502_with_html_body_does_not_dump_the_html()
    {
        var (isError, text) = await CallWithAsync(new FakeResponse(502, "text/html", "<html><body>Bad gateway</body></html>"));
        Assert.True(isError);
        Assert.Equal("upstream_error: the upstream answered HTTP 502 Bad Gateway to GET /status/200. The upstream failed; trying again later may help.", text);
    }

    [Fact]
    public async Task Plain_text_success_is_returned_as_text()
    {
        var (isError, text) = await CallWithAsync(new FakeResponse(200, "text/plain", "hello there"));
        Assert.NotEqual(true, isError);
        Assert.Equal("hello there", text);
    }

    [Fact]
    public async Task Json_array_success_is_text_without_structured_content()
    {
        _upstream.Respond = _ => FakeResponse.Json("[1,2,3]");
        var result = await _server.Client.CallJsonAsync("echo_status", """{"status":200}""");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("[1,2,3]", result.Text());
        Assert.Null(result.StructuredContent);
    }

    [Fact]
    public async Task No_content_success_says_done()
    {
        var (isError, text) = await CallWithAsync(new FakeResponse(204, null, ""));
        Assert.NotEqual(true, isError);
        Assert.Equal("Done: the upstream answered HTTP 204 with no content.", text);
    }

    [Fact]
    public async Task Malformed_json_is_an_invalid_response_error()
    {
        var (isError, text) = await CallWithAsync(FakeResponse.Json("{\"oops\": "));
        Assert.True(isError);
        Assert.StartsWith("invalid_response: the upstream answered GET /status/200 with a body declared as JSON that does not parse", text);
    }

    [Fact]
    public async Task Connection_refused_is_upstream_unreachable()
    {
        // A port that was just free and is now closed: nothing listens there.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await using var server = await InProcessServer.StartAsync(TestapiServer.Definition, new Dictionary<string, string?>
        {
            ["TESTAPI_URL"] = "http://127.0.0.1:" + port,
            ["TESTAPI_TOKEN"] = Token,
        });
        var result = await server.Client.CallJsonAsync("echo_status", """{"status":200}""");
        Assert.True(result.IsError);
        Assert.Equal("upstream_unreachable: GET /status/200 failed: could not connect to the upstream (connection refused or unreachable).", result.Text());
    }

    [Fact]
    public async Task Secrets_echoed_by_the_upstream_are_redacted_from_results_and_errors()
    {
        var (_, errorText) = await CallWithAsync(FakeResponse.Json("{\"message\":\"bad token " + Token + "\"}", 401));
        var (_, okText) = await CallWithAsync(FakeResponse.Json("{\"token\":\"" + Token + "\"}"));
        Assert.DoesNotContain(Token, errorText);
        Assert.DoesNotContain(Token, okText);
        Assert.Contains("[redacted]", errorText);
        Assert.Contains("[redacted]", okText);
    }

    [Fact]
    public async Task Server_keeps_serving_after_every_kind_of_failure()
    {
        foreach (var status in new[] { 400, 401, 403, 404, 409, 422, 429, 500, 503 })
        {
            var (isError, _) = await CallWithAsync(FakeResponse.Json("{}", status));
            Assert.True(isError);
        }
        var (ok, _) = await CallWithAsync(FakeResponse.Json("""{"fine":true}"""));
        Assert.NotEqual(true, ok);
        Assert.Equal(10, _upstream.Requests.Count);
        Assert.All(_upstream.Requests, r => Assert.Equal("/v1/status/200", r.Path));
    }
}
