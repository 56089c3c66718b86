using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Native;

/// <summary>
/// The published NativeAOT LinkTime binary, driven over stdio by the real SDK client exactly as an MCP
/// client config runs it. `dotnet cake --target=Test` publishes it once before the tests.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Native)]
public sealed class LinkTimeBinaryTests
{
    private static string Binary()
    {
        var path = NativeBinary.LinkTimePath();
        return path;
    }

    [Fact]
    public async Task Initializes_lists_32_tools_and_calls_the_upstream_over_stdio()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = _ => FakeResponse.Json("""{"name":"Ann Example","email":"ann@example.com","username":"ann","plan":"PRO"}""");
        var stderr = new ConcurrentQueue<string>();

        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = Binary(),
            Name = "linktime",
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["LINKTIME_API_KEY"] = "lt_live_native",
                ["LINKTIME_BASE_URL"] = upstream.BaseUrl,
            },
            StandardErrorLines = stderr.Enqueue,
        }));

        Assert.Equal("linktime", client.ServerInfo!.Name);
        var tools = await client.ListToolsAsync();
        Assert.Equal(32, tools.Count);
        Assert.Equal(NativeMcp.Tests.EndToEnd.LinkTimeServerTests.SeedTools.SelectMany(g => g.Tools), tools.Select(t => t.Name));

        var result = await client.CallJsonAsync("get_me");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("ANN@EXAMPLE.COM", result.StructuredContent!.Value.GetProperty("email").GetString()!.ToUpperInvariant());
        var request = Assert.Single(upstream.Requests);
        Assert.Equal("/api/v1/me", request.Path);
        Assert.Equal("Bearer lt_live_native", request.Header("Authorization"));

        var invalid = await client.CallJsonAsync("check_availability", """{"eventTypeSlug":"x","startDate":"tomorrow"}""");
        Assert.True(invalid.IsError);
        Assert.Contains("'startDate' must be a date as YYYY-MM-DD", invalid.Text());

        Assert.Contains("LinkTime MCP server running", stderr);
        Assert.DoesNotContain(stderr, line => line.Contains("lt_live_native"));
    }

    [Fact]
    public async Task Missing_api_key_prints_the_seeds_one_line_error_and_exits_non_zero_before_serving()
    {
        var start = new ProcessStartInfo(Binary())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("LINKTIME_API_KEY");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(System.TimeSpan.FromSeconds(20));

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("LINKTIME_API_KEY environment variable is required\n", await stderr);
        Assert.Equal("", await stdout);
    }

    [Fact]
    public async Task A_base_url_that_is_not_a_url_is_one_line_and_exit_1_before_serving()
    {
        var start = new ProcessStartInfo(Binary()) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["LINKTIME_API_KEY"] = "lt_live_native";
        start.Environment["LINKTIME_BASE_URL"] = "linktime.io";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(System.TimeSpan.FromSeconds(20));

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("LINKTIME_BASE_URL environment variable must be an absolute http:// or https:// URL\n", await stderr);
        Assert.Equal("", await stdout);
    }

    [Fact]
    public async Task Help_lists_the_environment_without_secrets()
    {
        var start = new ProcessStartInfo(Binary(), "--help") { RedirectStandardOutput = true };
        start.Environment["LINKTIME_API_KEY"] = "lt_live_should_not_show";
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(System.TimeSpan.FromSeconds(20));

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("LINKTIME_API_KEY", stdout);
        Assert.Contains("optional, an http(s) URL (default https://linktime.io)", stdout);
        Assert.DoesNotContain("lt_live_should_not_show", stdout);
    }
}
