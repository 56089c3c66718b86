using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>Each auth kind of the spec format, checked on the wire of a real loopback upstream.</summary>
public sealed class AuthTests
{
    private static async Task<RecordedRequest> CallWhoamiAsync(ServerDefinition definition, Dictionary<string, string?> env, string arguments = "{}")
    {
        await using var upstream = await FakeUpstream.StartAsync();
        env["AUTH_URL"] = upstream.BaseUrl;
        await using var server = await InProcessServer.StartAsync(definition, env);
        var result = await server.Client.CallJsonAsync("whoami", arguments);
        Assert.NotEqual(true, result.IsError);
        return Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task Bearer_sends_the_token_in_the_authorization_header()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await InProcessServer.StartAsync(NativeMcp.Generated.Testapi.TestapiServer.Definition,
            new Dictionary<string, string?> { ["TESTAPI_URL"] = upstream.BaseUrl, ["TESTAPI_TOKEN"] = "tok_123" });
        await server.Client.CallJsonAsync("delete_item", """{"itemId":"1"}""");
        Assert.Equal("Bearer tok_123", upstream.Last.Header("Authorization"));
    }

    [Fact]
    public async Task Header_key_goes_in_the_named_header_and_nowhere_else()
    {
        var request = await CallWhoamiAsync(NativeMcp.Generated.Authheader.AuthheaderServer.Definition,
            new() { ["AUTH_KEY"] = "key_abc" });
        Assert.Equal("key_abc", request.Header("x-api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("", request.QueryString);
    }

    [Fact]
    public async Task Query_key_is_appended_after_the_tools_own_query_parameters()
    {
        var request = await CallWhoamiAsync(NativeMcp.Generated.Authquery.AuthqueryServer.Definition,
            new() { ["AUTH_KEY"] = "key/with+chars" }, """{"q":"x y"}""");
        Assert.Equal("?q=x%20y&api_key=key%2Fwith%2Bchars", request.QueryString);
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task Basic_sends_base64_of_user_colon_password()
    {
        var request = await CallWhoamiAsync(NativeMcp.Generated.Authbasic.AuthbasicServer.Definition,
            new() { ["AUTH_USER"] = "ann", ["AUTH_PASSWORD"] = "p@ss:word" });
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ann:p@ss:word"));
        Assert.Equal(expected, request.Header("Authorization"));
    }

    [Fact]
    public async Task None_sends_no_credentials()
    {
        var request = await CallWhoamiAsync(NativeMcp.Generated.Authnone.AuthnoneServer.Definition, new());
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("", request.QueryString);
    }

    [Fact]
    public void Missing_required_variable_names_it_and_optional_default_applies()
    {
        var env = EnvironmentValues.Load(NativeMcp.Generated.Linktime.LinktimeServer.Definition.Environment,
            new Dictionary<string, string?>(), out var errors);
        Assert.Equal(["LINKTIME_API_KEY environment variable is required"], errors);
        Assert.Equal("https://linktime.io", env["LINKTIME_BASE_URL"]);
    }

    [Fact]
    public void Every_variable_that_begins_an_upstream_or_token_url_must_be_an_http_url()
    {
        var declared = NativeMcp.Generated.RunflowGateway.RunflowGatewayServer.Definition.Environment;
        // The MCP endpoints (SSE and Streamable HTTP), the REST base URL and the OAuth2 token URL; nothing else.
        Assert.Equal(["DEEPWIKI_MCP_URL", "HUBSPOT_TOKEN_URL", "HUBSPOT_URL", "LINEAR_MCP_URL"], declared.Where(v => v.Url).Select(v => v.Name).Order(StringComparer.Ordinal));

        var values = declared.ToDictionary(v => v.Name, v => (string?)(v.Url ? "https://example.test/" + v.Name : "value"));
        EnvironmentValues.Load(declared, values, out var none);
        Assert.Empty(none);

        values["LINEAR_MCP_URL"] = "mcp.linear.app/sse";
        values["HUBSPOT_TOKEN_URL"] = "ftp://example.test/token";
        var env = EnvironmentValues.Load(declared, values, out var errors);
        Assert.Equal(["LINEAR_MCP_URL environment variable must be an absolute http:// or https:// URL", "HUBSPOT_TOKEN_URL environment variable must be an absolute http:// or https:// URL"], errors);
        Assert.Equal(["HUBSPOT_TOKEN_URL", "LINEAR_MCP_URL"], env.Invalid.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_openapi_server_variable_is_not_a_url_but_the_variable_that_replaces_the_whole_base_url_is()
    {
        // USPTO's server is {scheme}://developer.uspto.gov/ds-api: its scheme variable is followed by "://".
        var declared = NativeMcp.Generated.Uspto.UsptoServer.Definition.Environment;
        Assert.Equal(["USPTO_BASE_URL"], declared.Where(v => v.Url).Select(v => v.Name));
        Assert.Contains(declared, v => v.Name == "USPTO_SERVER_SCHEME" && !v.Url);
    }

    [Fact]
    public void Empty_value_counts_as_missing()
    {
        EnvironmentValues.Load(NativeMcp.Generated.Linktime.LinktimeServer.Definition.Environment,
            new Dictionary<string, string?> { ["LINKTIME_API_KEY"] = "" }, out var errors);
        Assert.Single(errors);
    }
}
