using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using NativeMcp.Generated.Faults;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>
/// Every fault an imperfect upstream produces, injected by a real server on 127.0.0.1, and the exact text
/// the model sees for each. After each one the same server answers a normal call.
/// </summary>
public sealed class FaultTests : IAsyncLifetime
{
    private const string Key = "fk_live_0123456789";
    private FakeUpstream _upstream = null!;
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _server = await StartServerAsync(_upstream.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private static Task<InProcessServer> StartServerAsync(string url) =>
        InProcessServer.StartAsync(FaultsServer.Definition, new Dictionary<string, string?> { ["FAULTS_URL"] = url, ["FAULTS_KEY"] = Key });

    private async Task<CallToolResult> CallAsync(string tool, string args, Func<RecordedRequest, FakeResponse> respond)
    {
        _upstream.Respond = respond;
        var result = await _server.Client.CallJsonAsync(tool, args);
        await AssertStillServingAsync();
        return result;
    }

    private async Task AssertStillServingAsync()
    {
        _upstream.Respond = _ => FakeResponse.Json("""{"ok":true}""");
        var ok = await _server.Client.CallJsonAsync("get_thing", """{"id":"alive"}""");
        Assert.NotEqual(true, ok.IsError);
    }

    private int RequestsTo(string path) => _upstream.Requests.Count(r => r.Path == path);

    private static Func<RecordedRequest, FakeResponse> Always(int status, string body = "{}", Dictionary<string, string>? headers = null) =>
        _ => new FakeResponse(status, "application/json", body, headers);

    // ---- HTTP statuses

    [Fact]
    public async Task Status_401_is_unauthorized_check_the_api_key()
    {
        var result = await CallAsync("get_thing", """{"id":"a"}""", Always(401, """{"error":"invalid key"}"""));
        Assert.True(result.IsError);
        Assert.Equal("unauthorized: the upstream answered HTTP 401 Unauthorized to GET /things/a. Upstream said: \"invalid key\". Check the API key: it may be missing, invalid or expired.", result.Text());
    }

    [Fact]
    public async Task Status_403_is_forbidden()
    {
        var result = await CallAsync("get_thing", """{"id":"a"}""", Always(403, """{"message":"plan does not include this"}"""));
        Assert.Equal("forbidden: the upstream answered HTTP 403 Forbidden to GET /things/a. Upstream said: \"plan does not include this\". The credentials are valid but not allowed to do this.", result.Text());
    }

    [Fact]
    public async Task Status_404_is_not_found_with_the_tools_hint()
    {
        var result = await CallAsync("get_thing", """{"id":"nope"}""", Always(404, """{"error":"not_found"}"""));
        Assert.Equal("not_found: the upstream answered HTTP 404 Not Found to GET /things/nope. Upstream said: \"not_found\". Use list_things first to find valid ids.", result.Text());
    }

    [Fact]
    public async Task Status_409_is_conflict()
    {
        var result = await CallAsync("create_thing", """{"name":"x"}""", Always(409, """{"detail":"a thing named x exists"}"""));
        Assert.Equal("conflict: the upstream answered HTTP 409 Conflict to POST /things. Upstream said: \"a thing named x exists\". The request conflicts with the current state (for example, it already exists).", result.Text());
    }

    [Fact]
    public async Task Status_422_carries_the_upstreams_validation_messages()
    {
        var result = await CallAsync("create_thing", """{"name":"x"}""",
            Always(422, """{"errors":[{"field":"name","message":"is too short"},{"field":"owner","message":"is required"}]}"""));
        Assert.Equal("validation_failed: the upstream answered HTTP 422 Unprocessable Entity to POST /things. Upstream said: \"name: is too short; owner: is required\". Fix the arguments the upstream names and call again.", result.Text());
    }

    [Fact]
    public async Task Status_429_with_a_long_retry_after_is_not_waited_for_and_says_when()
    {
        var result = await CallAsync("get_thing", """{"id":"a"}""", Always(429, """{"message":"slow down"}""", new() { ["Retry-After"] = "30" }));
        Assert.Equal("rate_limited: the upstream answered HTTP 429 Too Many Requests to GET /things/a. Upstream said: \"slow down\". Retry after 30 s.", result.Text());
        Assert.Equal(1, RequestsTo("/things/a"));
    }

    [Fact]
    public async Task Status_500_on_a_post_is_not_retried()
    {
        var result = await CallAsync("create_thing", """{"name":"x"}""", Always(500, """{"message":"boom"}"""));
        Assert.Equal("upstream_error: the upstream answered HTTP 500 Internal Server Error to POST /things. Upstream said: \"boom\". The upstream failed; trying again later may help.", result.Text());
        Assert.Equal(1, RequestsTo("/things"));
    }

    [Fact]
    public async Task Status_503_on_a_get_is_retried_to_the_attempt_limit()
    {
        var result = await CallAsync("get_thing", """{"id":"a"}""", Always(503, """{"message":"maintenance"}"""));
        Assert.Equal("upstream_error: the upstream answered HTTP 503 Service Unavailable to GET /things/a (after 3 attempts). Upstream said: \"maintenance\". The upstream failed; trying again later may help.", result.Text());
        Assert.Equal(3, RequestsTo("/things/a"));
    }

    [Fact]
    public async Task A_502_then_success_returns_the_success()
    {
        var calls = 0;
        var result = await CallAsync("get_thing", """{"id":"b"}""",
            _ => Interlocked.Increment(ref calls) == 1 ? new FakeResponse(502, "text/plain", "bad gateway") : FakeResponse.Json("""{"id":"b"}"""));
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("""{"id":"b"}""", result.Text());
        Assert.Equal(2, RequestsTo("/things/b"));
    }

    [Fact]
    public async Task A_post_marked_safe_to_retry_is_retried()
    {
        var calls = 0;
        var result = await CallAsync("create_thing_safely", """{"name":"x"}""",
            _ => Interlocked.Increment(ref calls) == 1 ? new FakeResponse(503, null, "") : FakeResponse.Json("""{"id":"new"}""", 201));
        Assert.NotEqual(true, result.IsError);
        Assert.Equal(2, RequestsTo("/things"));
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        var calls = 0;
        var clock = Stopwatch.StartNew();
        var result = await CallAsync("get_thing", """{"id":"c"}""", _ => Interlocked.Increment(ref calls) == 1
            ? new FakeResponse(503, "application/json", "{}", new Dictionary<string, string> { ["Retry-After"] = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R") })
            : FakeResponse.Json("""{"id":"c"}"""));
        Assert.NotEqual(true, result.IsError);
        // The HTTP date has one-second resolution: the wait is between 1 and 2 seconds.
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 4);
        Assert.Equal(2, RequestsTo("/things/c"));
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_honoured()
    {
        var calls = 0;
        var clock = Stopwatch.StartNew();
        var result = await CallAsync("get_thing", """{"id":"d"}""", _ => Interlocked.Increment(ref calls) == 1
            ? new FakeResponse(429, "application/json", "{}", new Dictionary<string, string> { ["Retry-After"] = "1" })
            : FakeResponse.Json("""{"id":"d"}"""));
        Assert.NotEqual(true, result.IsError);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.95, 4);
    }

    // ---- Transport faults

    [Fact]
    public async Task Timeout_says_how_long_it_waited_and_aborts_the_request()
    {
        var result = await CallAsync("slow_thing", "{}", _ => FakeResponse.Json("{}") with { Delay = TimeSpan.FromSeconds(5) });
        Assert.Equal("upstream_timeout: GET /slow failed: no answer within 200 ms.", result.Text());
        await WaitUntilAsync(() => _upstream.Aborted.Any(r => r.Path == "/slow"));
    }

    [Fact]
    public async Task Connection_refused_is_retried_then_upstream_unreachable()
    {
        await using var server = await StartServerAsync("http://127.0.0.1:" + ClosedPort());
        var result = await server.Client.CallJsonAsync("get_thing", """{"id":"a"}""");
        Assert.Equal("upstream_unreachable: GET /things/a failed: could not connect to the upstream (connection refused or unreachable) (after 3 attempts).", result.Text());
    }

    [Fact]
    public async Task Dns_failure_is_dns_failure()
    {
        // A 70-character label is refused by the resolver itself: a real lookup failure, and no query leaves the machine.
        await using var server = await StartServerAsync("http://" + new string('a', 70) + ".invalid");
        var result = await server.Client.CallJsonAsync("get_thing", """{"id":"a"}""");
        Assert.Equal("dns_failure: GET /things/a failed: the upstream host name could not be resolved (DNS).", result.Text());
    }

    [Fact]
    public async Task Untrusted_certificate_is_tls_failure()
    {
        await using var https = await FakeUpstream.StartAsync(https: true);
        await using var server = await StartServerAsync(https.BaseUrl);
        var result = await server.Client.CallJsonAsync("get_thing", """{"id":"a"}""");
        Assert.StartsWith("https://127.0.0.1:", https.BaseUrl);
        Assert.Equal("tls_failure: GET /things/a failed: the TLS handshake with the upstream failed (certificate not trusted or protocol mismatch).", result.Text());
    }

    [Fact]
    public async Task Malformed_json_is_invalid_response()
    {
        var result = await CallAsync("get_thing", """{"id":"a"}""", _ => FakeResponse.Json("""{"id": "a", """));
        Assert.True(result.IsError);
        Assert.StartsWith("invalid_response: the upstream answered GET /things/a with a body declared as JSON that does not parse (", result.Text());
    }

    [Fact]
    public async Task Body_over_the_cap_with_content_length_is_refused_unread()
    {
        var result = await CallAsync("get_thing", """{"id":"a"}""", _ => FakeResponse.Json("\"" + new string('x', 10_000) + "\""));
        Assert.Equal("response_too_large: GET /things/a failed: the answer is larger than the 4 KB cap (9.8 KB); ask for less, e.g. with filters or a smaller page.", result.Text());
    }

    [Fact]
    public async Task Chunked_body_over_the_cap_is_refused_while_reading()
    {
        var result = await CallAsync("get_thing", """{"id":"a"}""", _ => FakeResponse.Json("\"" + new string('x', 10_000) + "\"") with { Chunked = true });
        Assert.Equal("response_too_large: GET /things/a failed: the answer is larger than the 4 KB cap; ask for less, e.g. with filters or a smaller page.", result.Text());
    }

    [Fact]
    public async Task Mcp_cancellation_aborts_the_upstream_request()
    {
        _upstream.Respond = _ => FakeResponse.Json("{}") with { Delay = TimeSpan.FromSeconds(20) };
        using var cancel = new CancellationTokenSource();
        var call = _server.Client.CallToolAsync("get_thing", new Dictionary<string, object?> { ["id"] = "cancel-me" }, cancellationToken: cancel.Token).AsTask();
        await WaitUntilAsync(() => _upstream.Requests.Any(r => r.Path == "/things/cancel-me"));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        // notifications/cancelled reached the server, which cancelled the HTTP request to the upstream.
        await WaitUntilAsync(() => _upstream.Aborted.Any(r => r.Path == "/things/cancel-me"));
        await AssertStillServingAsync();
    }

    // ---- Non-JSON answers

    [Fact]
    public async Task Image_is_image_content()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };
        var result = await CallAsync("download", """{"file":"logo.png"}""", _ => new FakeResponse(200, "image/png", "") { Bytes = png });
        var image = Assert.IsType<ImageContentBlock>(Assert.Single(result.Content));
        Assert.Equal("image/png", image.MimeType);
        Assert.Equal(png, image.DecodedData.ToArray());
    }

    [Fact]
    public async Task Other_binary_is_an_embedded_resource_blob_with_its_mime_type()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7 fake");
        var result = await CallAsync("download", """{"file":"report.pdf"}""", _ => new FakeResponse(200, "application/pdf", "") { Bytes = pdf });
        var resource = Assert.IsType<EmbeddedResourceBlock>(result.Content[0]);
        var blob = Assert.IsType<BlobResourceContents>(resource.Resource);
        Assert.Equal("application/pdf", blob.MimeType);
        Assert.Equal(pdf, blob.DecodedData.ToArray());
        Assert.EndsWith("/files/report.pdf", blob.Uri);
        Assert.Equal("The upstream answered with 13 bytes of application/pdf, attached as a resource.", ((TextContentBlock)result.Content[1]).Text);
    }

    [Fact]
    public async Task Text_is_text()
    {
        var result = await CallAsync("download", """{"file":"notes.txt"}""", _ => new FakeResponse(200, "text/plain; charset=utf-8", "plain notes"));
        Assert.Equal("plain notes", result.Text());
    }

    // ---- Shaping, truncation, pagination, output schema

    [Fact]
    public async Task Response_is_picked_renamed_and_nulls_dropped_with_a_next_page_hint()
    {
        var result = await CallAsync("list_things", "{}", _ => FakeResponse.Json(
            """{"items":[{"id":"1","name":"One","note":null,"secret_field":"x"}],"next_cursor":"c2","total":1}"""));
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("""{"items":[{"id":"1","title":"One"}],"next_cursor":"c2"}""", ((TextContentBlock)result.Content[0]).Text);
        Assert.Equal("More results are available: call list_things again with the same arguments and \"cursor\": \"c2\".", ((TextContentBlock)result.Content[1]).Text);
        Assert.Equal("One", result.StructuredContent!.Value.GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Oversized_result_is_truncated_as_valid_json_and_says_so()
    {
        var items = string.Join(",", Enumerable.Range(1, 40).Select(i => $$"""{"id":"{{i}}","name":"Thing number {{i}}"}"""));
        var result = await CallAsync("list_things", "{}", _ => FakeResponse.Json("{\"items\":[" + items + "]}"));
        var json = ((TextContentBlock)result.Content[0]).Text;
        Assert.True(Encoding.UTF8.GetByteCount(json) <= 300, json.Length + " bytes");
        using var parsed = System.Text.Json.JsonDocument.Parse(json); // still valid JSON
        var shown = parsed.RootElement.GetProperty("items").GetArrayLength();
        Assert.InRange(shown, 1, 39);
        Assert.Equal($"The result was truncated to fit 300 bytes (the full answer is 1.5 KB): items shows {shown} of 40 items. Narrow the request (filters, a smaller page) to see the rest.",
            ((TextContentBlock)result.Content[1]).Text);
    }

    [Fact]
    public async Task Output_schema_is_advertised_and_matching_answers_are_structured()
    {
        var tools = await _server.Client.ListToolsAsync();
        var schema = tools.Single(t => t.Name == "typed_thing").ProtocolTool.OutputSchema!.Value;
        Assert.Equal(["id"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));

        var result = await CallAsync("typed_thing", "{}", _ => FakeResponse.Json("""{"id":"t1","count":2,"extra":true}"""));
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("t1", result.StructuredContent!.Value.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Answer_that_breaks_the_output_schema_is_an_error_not_bad_structured_content()
    {
        var result = await CallAsync("typed_thing", "{}", _ => FakeResponse.Json("""{"count":-1}"""));
        Assert.True(result.IsError);
        Assert.Equal("invalid_response: the upstream's answer to GET /typed does not match the output schema of 'typed_thing': 'result.id' is required; 'result.count' must be >= 0 (got -1)", result.Text());
    }

    [Fact]
    public async Task The_api_key_never_appears_in_results_or_errors()
    {
        var texts = new List<string>();
        foreach (var status in new[] { 200, 401, 422, 500 })
        {
            var result = await CallAsync("create_thing", """{"name":"x"}""", Always(status, "{\"message\":\"key " + Key + " rejected\",\"key\":\"" + Key + "\"}"));
            texts.Add(result.Text());
            texts.Add(result.StructuredContent?.GetRawText() ?? "");
        }
        Assert.All(texts, t => Assert.DoesNotContain(Key, t));
        Assert.Contains(texts, t => t.Contains("[redacted]"));

        // The SDK's server (the HTTP host's) logs what it handles: the key is in none of its lines either.
        await using var sdk = await InProcessServer.StartAsync(FaultsServer.Definition,
            new Dictionary<string, string?> { ["FAULTS_URL"] = _upstream.BaseUrl, ["FAULTS_KEY"] = Key }, sdkServer: true);
        _upstream.Respond = Always(401, "{\"message\":\"key " + Key + " rejected\"}");
        await sdk.Client.CallJsonAsync("create_thing", """{"name":"x"}""");
        Assert.NotEmpty(sdk.Logs.Lines);
        Assert.All(sdk.Logs.Lines, line => Assert.DoesNotContain(Key, line));
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
