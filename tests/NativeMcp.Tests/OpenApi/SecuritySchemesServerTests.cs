using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NativeMcp.Generated.SecuritySchemes;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// ReadMe's document of every security scheme kind (OpenAPI 3.0, OpenApi/security.nativemcp.yaml) served in-process
/// and driven by the SDK client against a fake upstream on 127.0.0.1: each operation's credential lands where its
/// scheme says (apiKey in the query, a cookie or a header; HTTP basic and bearer; OAuth2 client credentials fetched
/// from the token endpoint; the other OAuth2 flows and openIdConnect as a bearer token from a variable), and an
/// operation without a requirement sends none.
/// </summary>
public sealed class SecuritySchemesServerTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Respond = request => request.Path == "/oauth/token"
            ? FakeResponse.Json("""{"access_token":"issued-token","token_type":"Bearer","expires_in":3600}""")
            : FakeResponse.Json("""{"ok":true}""");
    }

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private Dictionary<string, string?> AllCredentials() => new()
    {
        ["SECURITY_SCHEMES_BASE_URL"] = _upstream.BaseUrl,
        ["SECURITY_SCHEMES_API_KEY_QUERY"] = "query key&1",
        ["SECURITY_SCHEMES_API_KEY_COOKIE"] = "cookie-key",
        ["SECURITY_SCHEMES_API_KEY_HEADER"] = "header-key",
        ["SECURITY_SCHEMES_BASIC_USERNAME"] = "ada",
        ["SECURITY_SCHEMES_BASIC_PASSWORD"] = "s3cret",
        ["SECURITY_SCHEMES_BEARER_TOKEN"] = "bearer-token",
        ["SECURITY_SCHEMES_BEARER_JWT_TOKEN"] = "jwt.token.value",
        ["SECURITY_SCHEMES_OAUTH2_CLIENT_CREDENTIALS_TOKEN_URL"] = _upstream.BaseUrl + "/oauth/token",
        ["SECURITY_SCHEMES_OAUTH2_CLIENT_CREDENTIALS_CLIENT_ID"] = "client-1",
        ["SECURITY_SCHEMES_OAUTH2_CLIENT_CREDENTIALS_CLIENT_SECRET"] = "client-secret-1",
        ["SECURITY_SCHEMES_OAUTH2_TOKEN_URL"] = _upstream.BaseUrl + "/oauth/token",
        ["SECURITY_SCHEMES_OAUTH2_CLIENT_ID"] = "client-2",
        ["SECURITY_SCHEMES_OAUTH2_CLIENT_SECRET"] = "client-secret-2",
        ["SECURITY_SCHEMES_OAUTH2_AUTHORIZATION_CODE_TOKEN"] = "code-token",
        ["SECURITY_SCHEMES_OAUTH2_IMPLICIT_TOKEN"] = "implicit-token",
        ["SECURITY_SCHEMES_OAUTH2_PASSWORD_TOKEN"] = "password-token",
        ["SECURITY_SCHEMES_OPEN_ID_CONNECT_TOKEN"] = "oidc-token",
    };

    private async Task<RecordedRequest> Call(InProcessServer server, string tool)
    {
        var result = await server.Client.CallJsonAsync(tool);
        Assert.True(result.IsError != true, tool + ": " + result.Text());
        return _upstream.Requests.Last(r => r.Path != "/oauth/token");
    }

    [Fact]
    public async Task Api_keys_go_in_the_query_the_cookie_and_the_header_their_schemes_name()
    {
        await using var server = await InProcessServer.StartAsync(SecuritySchemesServer.Definition, AllCredentials());

        var query = await Call(server, "get_anything_apiKey");
        Assert.Equal(("GET", "/anything/apiKey"), (query.Method, query.Path));
        Assert.Equal("?apiKey=query%20key%261", query.QueryString);
        Assert.Null(query.Header("authorization"));
        Assert.Null(query.Header("cookie"));

        var cookie = await Call(server, "post_anything_apiKey");
        Assert.Equal("POST", cookie.Method);
        Assert.Equal("api_key=cookie-key", cookie.Header("cookie"));
        Assert.Equal("", cookie.QueryString);

        var header = await Call(server, "put_anything_apiKey");
        Assert.Equal("PUT", header.Method);
        Assert.Equal("header-key", header.Header("x-api-key"));
        Assert.Null(header.Header("cookie"));
    }

    [Fact]
    public async Task Http_basic_and_bearer_go_in_the_authorization_header()
    {
        await using var server = await InProcessServer.StartAsync(SecuritySchemesServer.Definition, AllCredentials());

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ada:s3cret")), (await Call(server, "post_anything_basic")).Header("authorization"));
        Assert.Equal("Bearer bearer-token", (await Call(server, "post_anything_bearer")).Header("authorization"));
        Assert.Equal("Bearer jwt.token.value", (await Call(server, "put_anything_bearer")).Header("authorization"));
    }

    [Fact]
    public async Task OAuth2_client_credentials_fetches_a_token_with_the_scopes_and_the_other_flows_send_their_tokens()
    {
        await using var server = await InProcessServer.StartAsync(SecuritySchemesServer.Definition, AllCredentials());

        // The clientCredentials-only scheme: a token from the token endpoint, asked for with the operation's scope.
        var call = await Call(server, "put_anything_oauth2");
        Assert.Equal("Bearer issued-token", call.Header("authorization"));
        var token = _upstream.Requests.First(r => r.Path == "/oauth/token");
        Assert.Equal("POST", token.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", token.Header("content-type"), StringComparison.Ordinal);
        var form = token.Body.Split('&').Select(Uri.UnescapeDataString).Select(p => p.Replace('+', ' ')).ToArray();
        Assert.Contains("grant_type=client_credentials", form);
        Assert.Contains("scope=write:things", form);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("client-1:client-secret-1")), token.Header("authorization"));

        // The scheme with all four flows uses its client credentials flow, with its own client.
        Assert.Equal("Bearer issued-token", (await Call(server, "post_anything_oauth2")).Header("authorization"));
        Assert.Contains(_upstream.Requests, r => r.Path == "/oauth/token" && r.Header("authorization") == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("client-2:client-secret-2")));

        // Flows that need a person, and openIdConnect: an access token obtained elsewhere, sent as a bearer token.
        Assert.Equal("Bearer code-token", (await Call(server, "get_anything_oauth2")).Header("authorization"));
        Assert.Equal("Bearer implicit-token", (await Call(server, "patch_anything_oauth2")).Header("authorization"));
        Assert.Equal("Bearer password-token", (await Call(server, "delete_anything_oauth2")).Header("authorization"));
        Assert.Equal("Bearer oidc-token", (await Call(server, "post_anything_openIdConnect")).Header("authorization"));
    }

    [Fact]
    public async Task No_requirement_sends_no_credential_and_an_optional_one_is_sent_only_when_configured()
    {
        await using (var server = await InProcessServer.StartAsync(SecuritySchemesServer.Definition, AllCredentials()))
        {
            var none = await Call(server, "post_anything_no-auth");
            Assert.Null(none.Header("authorization"));
            Assert.Null(none.Header("cookie"));
            Assert.Null(none.Header("x-api-key"));
            Assert.Equal("", none.QueryString);
            Assert.Equal("?apiKey=query%20key%261", (await Call(server, "get_anything_optional-auth")).QueryString);
        }

        // `- apiKey_query: []` or `- {}`: without the key, the call goes without credentials instead of failing.
        await using var bare = await InProcessServer.StartAsync(SecuritySchemesServer.Definition, new Dictionary<string, string?> { ["SECURITY_SCHEMES_BASE_URL"] = _upstream.BaseUrl });
        Assert.Equal("", (await Call(bare, "get_anything_optional-auth")).QueryString);

        // A required credential that is not configured: an error naming the variable, nothing sent.
        var count = _upstream.Requests.Count;
        var missing = await bare.Client.CallJsonAsync("put_anything_apiKey");
        Assert.True(missing.IsError);
        Assert.Contains("SECURITY_SCHEMES_API_KEY_HEADER", missing.Text(), StringComparison.Ordinal);
        Assert.Equal(count, _upstream.Requests.Count);
    }
}
