using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NativeMcp.Generated.Oauthapi;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>
/// OAuth2 client credentials against a fake token endpoint, a second upstream with its own API key, and
/// a tool with its own auth. The token endpoint and both APIs are one real server on 127.0.0.1.
/// </summary>
public sealed class OAuthAndUpstreamsTests : IAsyncLifetime
{
    private const string ClientSecret = "cs_super_secret_value";
    private const string BillingKey = "bk_billing_secret";
    private const string PublicKey = "pk_public_rates_key";
    private FakeUpstream _upstream = null!;
    private InProcessServer _server = null!;
    private int _tokensIssued;
    private int _expiresIn = 3600;
    private readonly HashSet<string> _revoked = new();

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Respond = Respond;
        _server = await InProcessServer.StartAsync(OauthapiServer.Definition, new Dictionary<string, string?>
        {
            ["OAUTH_URL"] = _upstream.BaseUrl,
            ["OAUTH_CLIENT_ID"] = "client-1",
            ["OAUTH_CLIENT_SECRET"] = ClientSecret,
            ["BILLING_URL"] = _upstream.BaseUrl,
            ["BILLING_KEY"] = BillingKey,
            ["PUBLIC_KEY"] = PublicKey,
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    /// <summary>A token endpoint that checks client credentials, and an API that checks the bearer token.</summary>
    private FakeResponse Respond(RecordedRequest request)
    {
        if (request.Path == "/oauth/token")
        {
            var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("client-1:" + ClientSecret));
            if (request.Header("Authorization") != expected) return FakeResponse.Json("""{"error":"invalid_client"}""", 401);
            var n = Interlocked.Increment(ref _tokensIssued);
            Thread.Sleep(50); // slow enough that concurrent callers overlap
            return FakeResponse.Json($$"""{"access_token":"at-{{n}}","token_type":"Bearer","expires_in":{{_expiresIn}}}""");
        }
        if (request.Path.StartsWith("/api/", StringComparison.Ordinal))
        {
            var token = request.Header("Authorization")?.Replace("Bearer ", "");
            lock (_revoked)
            {
                if (token is null || _revoked.Contains(token)) return FakeResponse.Json("""{"error":"invalid_token"}""", 401);
            }
            return FakeResponse.Json($$"""{"token":"{{token}}"}""");
        }
        return FakeUpstream.Echo(request);
    }

    private IEnumerable<RecordedRequest> TokenRequests => _upstream.Requests.Where(r => r.Path == "/oauth/token");

    [Fact]
    public async Task Concurrent_calls_share_one_token_request_and_later_calls_reuse_it()
    {
        var calls = Enumerable.Range(0, 20).Select(_ => _server.Client.CallJsonAsync("get_profile")).ToArray();
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.NotEqual(true, r.IsError));
        Assert.All(results, r => Assert.Equal("""{"token":"at-1"}""", r.Text()));
        var tokenRequest = Assert.Single(TokenRequests);
        Assert.Equal("grant_type=client_credentials&scope=read+write", tokenRequest.Body);

        await _server.Client.CallJsonAsync("create_note", """{"text":"hi"}""");
        Assert.Single(TokenRequests);
    }

    [Fact]
    public async Task A_rejected_token_is_refreshed_once_and_the_call_retried_even_for_a_post()
    {
        Assert.Equal("""{"token":"at-1"}""", (await _server.Client.CallJsonAsync("get_profile")).Text());
        lock (_revoked) _revoked.Add("at-1");

        var result = await _server.Client.CallJsonAsync("create_note", """{"text":"hi"}""");

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("""{"token":"at-2"}""", result.Text());
        Assert.Equal(2, TokenRequests.Count());
        Assert.Equal(2, _upstream.Requests.Count(r => r.Path == "/api/notes"));
    }

    [Fact]
    public async Task A_token_is_refreshed_before_it_expires()
    {
        _expiresIn = 1; // cached for 0.9 s: a tenth of the lifetime is kept as margin
        await _server.Client.CallJsonAsync("get_profile");
        await Task.Delay(1100);
        var result = await _server.Client.CallJsonAsync("get_profile");
        Assert.Equal("""{"token":"at-2"}""", result.Text());
        Assert.Equal(2, TokenRequests.Count());
    }

    [Fact]
    public async Task Wrong_client_secret_is_unauthorized_without_revealing_it()
    {
        await using var server = await InProcessServer.StartAsync(OauthapiServer.Definition, new Dictionary<string, string?>
        {
            ["OAUTH_URL"] = _upstream.BaseUrl,
            ["OAUTH_CLIENT_ID"] = "client-1",
            ["OAUTH_CLIENT_SECRET"] = "cs_wrong_secret",
            ["BILLING_URL"] = _upstream.BaseUrl,
            ["BILLING_KEY"] = BillingKey,
            ["PUBLIC_KEY"] = PublicKey,
        });
        var result = await server.Client.CallJsonAsync("get_profile");
        Assert.True(result.IsError);
        Assert.Equal("unauthorized: GET /profile failed: the OAuth2 token endpoint answered HTTP 401 (invalid_client); check the client id and secret. Check the API key: it may be missing, invalid or expired.", result.Text());
        Assert.DoesNotContain("cs_wrong_secret", result.Text());
    }

    [Fact]
    public async Task Second_upstream_uses_its_own_key_and_base_url()
    {
        await _server.Client.CallJsonAsync("get_invoice", """{"id":"inv-1"}""");
        var request = _upstream.Last;
        Assert.Equal("/billing/invoices/inv-1", request.Path);
        Assert.Equal(BillingKey, request.Header("x-billing-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Empty(TokenRequests);
    }

    [Fact]
    public async Task Tool_auth_override_replaces_the_upstreams_auth()
    {
        await _server.Client.CallJsonAsync("get_public_rates");
        var request = _upstream.Last;
        Assert.Equal("/billing/rates", request.Path);
        Assert.Equal("?key=" + PublicKey, request.QueryString);
        Assert.Null(request.Header("x-billing-key"));
    }

    [Fact]
    public async Task No_secret_appears_in_any_result()
    {
        var texts = new List<string>();
        foreach (var (tool, args) in new[] { ("get_profile", "{}"), ("get_invoice", """{"id":"x"}"""), ("get_public_rates", "{}") })
        {
            var result = await _server.Client.CallJsonAsync(tool, args);
            texts.Add(result.Text());
        }
        _upstream.Respond = r => FakeResponse.Json("{\"echo\":\"" + r.Header("x-billing-key") + r.QueryString + "\"}", 500);
        texts.Add((await _server.Client.CallJsonAsync("get_invoice", """{"id":"x"}""")).Text());
        texts.Add((await _server.Client.CallJsonAsync("get_public_rates")).Text());

        texts.AddRange(_server.Logs.Lines);
        foreach (var secret in new[] { ClientSecret, BillingKey, PublicKey })
        {
            Assert.All(texts, t => Assert.DoesNotContain(secret, t));
        }
    }
}
