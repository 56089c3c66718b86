using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ModelContextProtocol.Server;
using NativeMcp.Generated.RunflowGateway;
using NativeMcp.Runtime.Gateway;
using NativeMcp.Runtime.Hosting;
using Xunit;
using static NativeMcp.Tests.Gateway.ForwardingTests;

namespace NativeMcp.Tests.Gateway;

/// <summary>
/// A forwarded tool's arguments are checked by the gateway against the locked input schema (compiled, as every
/// raw schema is) before anything goes upstream: the upstreams here are addresses where nothing listens, and a
/// wrong call is answered without trying them.
/// </summary>
public sealed class ForwardedArgumentTests
{
    private static readonly Dictionary<string, string?> Unreachable = new()
    {
        ["LINEAR_MCP_URL"] = "http://127.0.0.1:9/mcp/sse",
        ["LINEAR_API_KEY"] = "lin_api_unused",
        ["DEEPWIKI_MCP_URL"] = "http://127.0.0.1:9/mcp",
        ["HUBSPOT_URL"] = "http://127.0.0.1:9",
        ["HUBSPOT_TOKEN_URL"] = "http://127.0.0.1:9/oauth/token",
        ["HUBSPOT_CLIENT_ID"] = "unused",
        ["HUBSPOT_CLIENT_SECRET"] = "unused",
        ["RUNFLOW_GATEWAY_KEYS"] = "reader:sk-read-0001:read",
    };

    private static async Task<(GatewayHarness Gateway, ForwardedTool Tool)> ServeAsync(string name)
    {
        var env = EnvironmentValues.Load(RunflowGatewayServer.Definition.Environment, Unreachable, out _);
        var tool = RunflowGatewayServer.Definition.CreateOptions(env, null).ToolCollection!.OfType<ForwardedTool>().Single(t => t.Name == name);
        return (await GatewayHarness.StartAsync(new List<McpServerTool> { tool }, [tool.Upstream]), tool);
    }

    [Fact]
    public async Task Wrong_arguments_are_an_error_naming_each_field_and_nothing_goes_upstream()
    {
        var (gateway, tool) = await ServeAsync("list_issues");
        await using var _ = gateway;

        // The lock says: assignee a string, limit an integer from 1 to 50.
        var result = await gateway.Client.CallToolAsync("list_issues", new Dictionary<string, object?> { ["assignee"] = 7, ["limit"] = 500 });

        Assert.True(result.IsError);
        var text = Text(result);
        Assert.StartsWith("Invalid arguments for tool 'list_issues':", text, StringComparison.Ordinal);
        Assert.Contains("'assignee'", text, StringComparison.Ordinal);
        Assert.Contains("'limit'", text, StringComparison.Ordinal);
        Assert.Contains("50", text, StringComparison.Ordinal);
        Assert.Equal(0, tool.Upstream.Connects);
    }

    [Fact]
    public async Task A_missing_required_argument_is_named_before_the_upstream_is_tried()
    {
        var (gateway, tool) = await ServeAsync("read_wiki_structure");
        await using var _ = gateway;

        var missing = await gateway.Client.CallToolAsync("read_wiki_structure", new Dictionary<string, object?>());
        Assert.True(missing.IsError);
        Assert.Contains("'repoName'", Text(missing), StringComparison.Ordinal);
        Assert.Equal(0, tool.Upstream.Connects);

        // Valid arguments do go upstream: here that fails, naming the upstream, which shows the check let them through.
        var valid = await gateway.Client.CallToolAsync("read_wiki_structure", new Dictionary<string, object?> { ["repoName"] = "anthropics/claude-code" });
        Assert.True(valid.IsError);
        Assert.Contains("MCP upstream 'deepwiki'", Text(valid), StringComparison.Ordinal);
        Assert.DoesNotContain("Invalid arguments", Text(valid), StringComparison.Ordinal);
    }
}
