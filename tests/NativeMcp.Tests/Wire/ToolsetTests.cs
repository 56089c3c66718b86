using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NativeMcp.Generated.Wire;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Runtime.Serving;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Wire;

/// <summary>A tool's group is its toolset: a server narrowed to some lists and serves only their tools.</summary>
public sealed class ToolsetTests
{
    [Fact]
    public async Task A_server_narrowed_to_toolsets_lists_and_serves_only_their_tools()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await InProcessServer.StartAsync(WireServer.Definition, new Dictionary<string, string?> { ["WIRE_URL"] = upstream.BaseUrl },
            toolsets: new HashSet<string> { "auth", "bodies" });

        var names = (await server.Client.ListToolsAsync()).Select(t => t.Name).Order().ToArray();
        Assert.Equal(new[] { "cookie_key", "either_auth", "form_body", "form_default", "json_whole", "optional_auth", "put_bytes", "put_text", "same_name", "upload" }, names);

        var call = await server.Client.CallJsonAsync("put_text", """{"text":"x"}""");
        Assert.NotEqual(true, call.IsError);
        await Assert.ThrowsAnyAsync<System.Exception>(() => server.Client.CallJsonAsync("path_simple_true", """{"color":"a","colors":[],"rgb":{}}"""));
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public void Toolsets_come_from_the_command_line_and_unknown_ones_are_named()
    {
        var arguments = HostArguments.Parse(new[] { "--toolsets", "styles, auth" }, out var error);
        Assert.Null(error);
        Assert.Equal(new[] { "styles", "auth" }, arguments.Toolsets);

        HostArguments.Parse(new[] { "--toolsets", " , " }, out error);
        Assert.Contains("--toolsets needs", error);

        var known = ScopedOptions.KnownToolsets(WireServer.Definition.ToolGroups, new[] { "auth", "repos" }, out var unknown);
        Assert.Equal(new[] { "auth", "bodies", "styles" }, known);
        Assert.Equal(new[] { "repos" }, unknown);
    }

    [Fact]
    public async Task An_unknown_toolset_stops_the_server_with_a_usage_error()
    {
        Assert.Equal(ServerHost.ExitUsage, await ServerHost.RunAsync(WireServer.Definition, new[] { "--toolsets", "repos" }));
    }
}
