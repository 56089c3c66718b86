using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;
using NativeMcp.Runtime.Gateway;
using NativeMcp.Runtime.Upstream;
using Xunit;
using static NativeMcp.Tests.Gateway.ForwardingTests;

namespace NativeMcp.Tests.Gateway;

/// <summary>Each auth kind against the fixture requiring it; a wrong credential is an error that never shows it.</summary>
public sealed class AuthTests
{
    private static async Task<string> EchoThroughAsync(HttpFake server, UpstreamAuth auth, IReadOnlyDictionary<string, string>? headers = null)
    {
        var upstream = new McpUpstream(new McpUpstreamOptions
        {
            Name = "secured",
            Transport = McpTransportKind.StreamableHttp,
            Endpoint = server.Streamable,
            Auth = auth,
            Headers = headers ?? new Dictionary<string, string>(),
        });
        await using var gateway = await GatewayHarness.StartAsync([upstream], "echo");
        var result = await gateway.Client.CallToolAsync("secured_echo", new Dictionary<string, object?> { ["text"] = "authorized" });
        return (result.IsError == true ? "error: " : "") + Text(result);
    }

    [Fact]
    public async Task Bearer()
    {
        await using var server = await FakeMcp.StartHttpAsync("s", "--bearer", "bearer-token-1234");
        Assert.Equal("authorized", await EchoThroughAsync(server, UpstreamAuth.Bearer("bearer-token-1234")));
        var wrong = await EchoThroughAsync(server, UpstreamAuth.Bearer("wrong-token-5678"));
        Assert.StartsWith("error: unauthorized: MCP upstream 'secured' could not be reached", wrong, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token-5678", wrong, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Basic()
    {
        await using var server = await FakeMcp.StartHttpAsync("s", "--basic", "ann:pass-word-99");
        Assert.Equal("authorized", await EchoThroughAsync(server, UpstreamAuth.Basic("ann", "pass-word-99")));
        var wrong = await EchoThroughAsync(server, UpstreamAuth.Basic("ann", "not-the-password"));
        Assert.StartsWith("error: unauthorized:", wrong, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", wrong, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_header_as_auth_or_as_a_plain_header()
    {
        await using var server = await FakeMcp.StartHttpAsync("s", "--header", "X-Api-Key:key-abcdef");
        Assert.Equal("authorized", await EchoThroughAsync(server, UpstreamAuth.Header("X-Api-Key", "key-abcdef")));
        Assert.Equal("authorized", await EchoThroughAsync(server, UpstreamAuth.None, new Dictionary<string, string> { ["X-Api-Key"] = "key-abcdef" }));
        Assert.StartsWith("error: unauthorized:", await EchoThroughAsync(server, UpstreamAuth.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OAuth2_client_credentials()
    {
        await using var server = await FakeMcp.StartHttpAsync("s", "--oauth", "gw-client:gw-secret-42");
        var options = new OAuth2Options { TokenUrl = new Uri(server.Root, "/token").ToString(), ClientId = "gw-client", ClientSecret = "gw-secret-42" };
        Assert.Equal("authorized", await EchoThroughAsync(server, UpstreamAuth.OAuth2ClientCredentials(options)));

        var wrong = await EchoThroughAsync(server, UpstreamAuth.OAuth2ClientCredentials(new OAuth2Options { TokenUrl = options.TokenUrl, ClientId = "gw-client", ClientSecret = "bad-secret-00" }));
        Assert.StartsWith("error: unauthorized:", wrong, StringComparison.Ordinal);
        Assert.Contains("OAuth2 token endpoint answered HTTP 400", wrong, StringComparison.Ordinal);
        Assert.DoesNotContain("bad-secret-00", wrong, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OAuth2_refresh_token_is_refreshed_before_expiry()
    {
        // Tokens live 2 s: the gateway renews shortly before expiry, so a call after 2.5 s carries a new one.
        await using var server = await FakeMcp.StartHttpAsync("s", "--oauth", "public-app:", "--refresh-token", "refresh-xyz-123", "--token-lifetime", "2");
        var upstream = new McpUpstream(new McpUpstreamOptions
        {
            Name = "refreshed",
            Transport = McpTransportKind.StreamableHttp,
            Endpoint = server.Streamable,
            Auth = UpstreamAuth.OAuth2RefreshToken(new OAuth2Options { TokenUrl = new Uri(server.Root, "/token").ToString(), ClientId = "public-app", ClientSecret = "" }, "refresh-xyz-123"),
        });
        await using var gateway = await GatewayHarness.StartAsync([upstream], "echo");
        Assert.Equal("one", Text(await gateway.Client.CallToolAsync("refreshed_echo", new Dictionary<string, object?> { ["text"] = "one" })));
        using var http = new HttpClient();
        var before = int.Parse(await http.GetStringAsync(new Uri(server.Root, "/token-requests")), System.Globalization.CultureInfo.InvariantCulture);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var later = await gateway.Client.CallToolAsync("refreshed_echo", new Dictionary<string, object?> { ["text"] = "two" });
        Assert.Equal("two", Text(later));
        var after = int.Parse(await http.GetStringAsync(new Uri(server.Root, "/token-requests")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(after > before, "no new token was requested (" + before + " → " + after + ")");
    }
}
