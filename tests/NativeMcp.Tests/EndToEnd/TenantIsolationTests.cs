using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Generated.Tenants;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>
/// With the upstream's auth declared <c>forward: true</c>, each HTTP caller reaches the upstream with its own
/// key, so one tenant never sees another's data; over stdio the configured service key is used.
/// </summary>
public sealed class TenantIsolationTests : IAsyncLifetime
{
    private const string ServiceKey = "svc_service_key_1";
    private FakeUpstream _upstream = null!;
    private readonly Dictionary<string, string?> _env = new();

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        // Each key sees its own workspace; an unknown key is refused, as a real API would.
        _upstream.Respond = r => r.Header("x-api-key") switch
        {
            "tenant_a_key" => FakeResponse.Json("""{"workspace":"A","secrets":["a1"]}"""),
            "tenant_b_key" => FakeResponse.Json("""{"workspace":"B","secrets":["b1"]}"""),
            ServiceKey => FakeResponse.Json("""{"workspace":"service"}"""),
            _ => FakeResponse.Json("""{"error":"invalid api key"}""", 401),
        };
        _env["TENANTS_URL"] = _upstream.BaseUrl;
        _env["TENANTS_SERVICE_KEY"] = ServiceKey;
    }

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private static async Task<(HttpStatusCode Status, string Text)> CallAsync(HttpClient http, HttpTestServer server, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_workspace","arguments":{}},"id":1}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (key is not null) request.Headers.Add("x-api-key", key);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) return (response.StatusCode, body);
        using var message = JsonDocument.Parse(body);
        return (response.StatusCode, message.RootElement.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString()!);
    }

    [Fact]
    public async Task Concurrent_tenants_each_see_only_their_own_data()
    {
        await using var server = await HttpTestServer.StartAsync(TenantsServer.Definition, _env);
        using var http = new HttpClient();

        var calls = Enumerable.Range(0, 40).Select(i => (Key: i % 2 == 0 ? "tenant_a_key" : "tenant_b_key", Task: CallAsync(http, server, i % 2 == 0 ? "tenant_a_key" : "tenant_b_key"))).ToList();
        await Task.WhenAll(calls.Select(c => c.Task));

        foreach (var (key, task) in calls)
        {
            var (status, text) = await task;
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains(key == "tenant_a_key" ? "\"workspace\":\"A\"" : "\"workspace\":\"B\"", text);
            Assert.DoesNotContain(key == "tenant_a_key" ? "\"B\"" : "\"A\"", text);
        }
        Assert.Equal(40, _upstream.Requests.Count);
        Assert.DoesNotContain(_upstream.Requests, r => r.Header("x-api-key") == ServiceKey);
        Assert.DoesNotContain("tenant_a_key", server.Log.ToString());
        Assert.Contains("\"key\":\"key-", server.Log.ToString());
    }

    [Fact]
    public async Task A_key_the_upstream_refuses_is_an_unauthorized_tool_error_and_no_key_is_401()
    {
        await using var server = await HttpTestServer.StartAsync(TenantsServer.Definition, _env);
        using var http = new HttpClient();

        var (status, text) = await CallAsync(http, server, "stolen_or_typo_key");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("unauthorized: the upstream answered HTTP 401", text);
        Assert.DoesNotContain(_upstream.Requests, r => r.Header("x-api-key") == ServiceKey);

        var (missing, _) = await CallAsync(http, server, null);
        Assert.Equal(HttpStatusCode.Unauthorized, missing);
    }

    [Fact]
    public async Task Many_distinct_keys_share_one_cached_option_set()
    {
        await using var server = await HttpTestServer.StartAsync(TenantsServer.Definition, _env);
        using var http = new HttpClient();
        for (var i = 0; i < 30; i++) await CallAsync(http, server, "random_key_" + i);
        // Keys are not a cache dimension: unknown keys cannot grow the server's memory.
        Assert.Equal(1, server.Options.CachedCount);
    }

    [Fact]
    public async Task Over_stdio_the_configured_service_key_is_used()
    {
        await using var server = await InProcessServer.StartAsync(TenantsServer.Definition, _env);
        var result = await server.Client.CallJsonAsync("get_workspace");
        Assert.Contains("\"workspace\":\"service\"", result.Text());
        Assert.Equal(ServiceKey, _upstream.Last.Header("x-api-key"));
    }
}
