using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using NativeMcp.Generated.Wire;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Wire;

/// <summary>
/// Cookie API keys and OpenAPI's OR-of-AND security: the first alternative whose credentials are all configured is
/// the one sent; with none configured the call fails naming the variables, never a value.
/// </summary>
public sealed class SecurityAlternativeTests
{
    [Fact]
    public async Task A_cookie_key_is_sent_in_the_cookie_header()
    {
        var request = await CallAsync("cookie_key", new() { ["WIRE_SESSION"] = "s 3cr;t" });
        Assert.Equal("session=s%203cr%3Bt", request.Header("Cookie"));
    }

    [Fact]
    public async Task The_first_alternative_wins_when_all_are_configured()
    {
        var request = await CallAsync("either_auth", new()
        {
            ["WIRE_KEY"] = "key-1",
            ["WIRE_USER"] = "ann",
            ["WIRE_PASS"] = "pw",
            ["WIRE_SESSION"] = "sess",
            ["WIRE_TOKEN"] = "tok",
        });
        Assert.Equal("key-1", request.Header("X-Api-Key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("", request.QueryString);
    }

    [Fact]
    public async Task An_alternative_of_two_schemes_sends_both()
    {
        var request = await CallAsync("either_auth", new() { ["WIRE_USER"] = "ann", ["WIRE_PASS"] = "pw", ["WIRE_SESSION"] = "sess", ["WIRE_TOKEN"] = "tok" });
        Assert.Null(request.Header("X-Api-Key"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ann:pw")), request.Header("Authorization"));
        Assert.Equal("?session=sess", request.QueryString);
    }

    [Fact]
    public async Task A_partly_configured_alternative_is_passed_over()
    {
        // Basic has its user and password, but its query key is missing: the bearer alternative is used.
        var request = await CallAsync("either_auth", new() { ["WIRE_USER"] = "ann", ["WIRE_PASS"] = "pw", ["WIRE_TOKEN"] = "tok" });
        Assert.Equal("Bearer tok", request.Header("Authorization"));
        Assert.Equal("", request.QueryString);
    }

    [Fact]
    public async Task With_no_alternative_configured_the_call_fails_naming_the_variables()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await InProcessServer.StartAsync(WireServer.Definition, new Dictionary<string, string?>
        {
            ["WIRE_URL"] = upstream.BaseUrl,
            ["WIRE_USER"] = "ann",
            ["WIRE_PASS"] = "pw-secret-value",
        });

        var result = await server.Client.CallJsonAsync("either_auth");

        Assert.True(result.IsError);
        var text = result.Text();
        Assert.Contains("credentials_missing", text);
        Assert.Contains("WIRE_KEY (header X-Api-Key)", text);
        Assert.Contains("WIRE_USER and WIRE_PASS and WIRE_SESSION (basic + query session)", text);
        Assert.Contains("WIRE_TOKEN (bearer)", text);
        Assert.DoesNotContain("pw-secret-value", text);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task An_empty_alternative_means_the_operation_is_public()
    {
        var keyed = await CallAsync("optional_auth", new() { ["WIRE_KEY"] = "key-1" });
        Assert.Equal("key-1", keyed.Header("X-Api-Key"));

        var anonymous = await CallAsync("optional_auth", new());
        Assert.Null(anonymous.Header("X-Api-Key"));
        Assert.Null(anonymous.Header("Authorization"));
    }

    private static async Task<RecordedRequest> CallAsync(string tool, Dictionary<string, string?> environment)
    {
        await using var upstream = await FakeUpstream.StartAsync();
        environment["WIRE_URL"] = upstream.BaseUrl;
        await using var server = await InProcessServer.StartAsync(WireServer.Definition, environment);
        var result = await server.Client.CallJsonAsync(tool);
        Assert.True(result.IsError != true, result.Text());
        return upstream.Last;
    }
}
