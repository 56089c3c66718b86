using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Gateway;
using Xunit;

namespace NativeMcp.Tests.Gateway;

/// <summary>Forwarded tools over each transport: arguments as sent, results (structuredContent too) as answered.</summary>
public sealed class ForwardingTests
{
    internal static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    [Fact]
    public async Task Stdio_child_starts_at_the_first_call_and_serves_every_call_on_one_connection()
    {
        var upstream = new McpUpstream(FakeMcp.Stdio("alpha"));
        await using var gateway = await GatewayHarness.StartAsync([upstream], "echo", "add");

        // tools/list is answered from the compiled entries: no child yet.
        var tools = await gateway.Client.ListToolsAsync();
        Assert.Equal(["alpha_add", "alpha_echo"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Null(upstream.ChildProcessId);
        Assert.Equal(0, upstream.Connects);

        var echo = await gateway.Client.CallToolAsync("alpha_echo", new Dictionary<string, object?> { ["text"] = "héllo \"quoted\"" });
        Assert.NotEqual(true, echo.IsError);
        Assert.Equal("héllo \"quoted\"", Text(echo));
        var structured = echo.StructuredContent!.Value;
        Assert.Equal("alpha", structured.GetProperty("server").GetString());
        Assert.Equal(upstream.ChildProcessId, structured.GetProperty("pid").GetInt32());

        var add = await gateway.Client.CallToolAsync("alpha_add", new Dictionary<string, object?> { ["a"] = 2.5, ["b"] = 4 });
        Assert.Equal(6.5, add.StructuredContent!.Value.GetProperty("sum").GetDouble());
        Assert.Equal(1, upstream.Connects);
    }

    [Theory]
    [InlineData(McpTransportKind.StreamableHttp, false)]
    [InlineData(McpTransportKind.Sse, true)]
    [InlineData(McpTransportKind.AutoDetect, false)]
    [InlineData(McpTransportKind.AutoDetect, true)]
    public async Task Http_transports_forward(McpTransportKind transport, bool sseEndpoint)
    {
        await using var server = await FakeMcp.StartHttpAsync("beta");
        var upstream = new McpUpstream(new McpUpstreamOptions
        {
            Name = "beta",
            Transport = transport,
            Endpoint = sseEndpoint ? server.Sse : server.Streamable,
        });
        await using var gateway = await GatewayHarness.StartAsync([upstream], "echo", "add");

        var echo = await gateway.Client.CallToolAsync("beta_echo", new Dictionary<string, object?> { ["text"] = transport + " ok" });
        Assert.Equal(transport + " ok", Text(echo));
        var add = await gateway.Client.CallToolAsync("beta_add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 });
        Assert.Equal(3, add.StructuredContent!.Value.GetProperty("sum").GetDouble());
    }

    [Fact]
    public async Task Fixed_hidden_arguments_are_sent_and_win_over_the_callers()
    {
        var upstream = new McpUpstream(FakeMcp.Stdio("gamma"));
        var tool = new ForwardedTool("shout", "echo", GatewayHarness.ToolJson("shout"), """{"text":"fixed value"}"""u8, null, upstream);
        await using var gateway = await GatewayHarness.StartAsync([tool], [upstream]);

        var result = await gateway.Client.CallToolAsync("shout", new Dictionary<string, object?> { ["text"] = "caller value" });
        Assert.Equal("fixed value", Text(result));
        Assert.Equal("shout", tool.Name);
        Assert.Equal("echo", tool.UpstreamToolName);
    }

    [Fact]
    public async Task Upstream_tool_errors_pass_through_and_protocol_errors_name_the_upstream()
    {
        var upstream = new McpUpstream(FakeMcp.Stdio("delta"));
        await using var gateway = await GatewayHarness.StartAsync([upstream], "fail", "protocol_error", "echo");

        var fail = await gateway.Client.CallToolAsync("delta_fail");
        Assert.True(fail.IsError);
        Assert.Equal("failed on purpose", Text(fail));

        var protocol = await gateway.Client.CallToolAsync("delta_protocol_error");
        Assert.True(protocol.IsError);
        Assert.Equal("upstream_error: MCP upstream 'delta' answered 'protocol_error' with a protocol error: no such thing here (JSON-RPC -32602)", Text(protocol));

        // The connection survives both.
        Assert.Equal("still here", Text(await gateway.Client.CallToolAsync("delta_echo", new Dictionary<string, object?> { ["text"] = "still here" })));
        Assert.Equal(1, upstream.Connects);
    }

    [Fact]
    public async Task Definitions_are_read_raw_for_the_lock()
    {
        await using var upstream = new McpUpstream(FakeMcp.Stdio("epsilon"));
        var definitions = await upstream.ReadDefinitionsAsync();

        var echo = definitions.Tools.Single(t => t.GetProperty("name").GetString() == "echo");
        Assert.Equal("Echoes text back.", echo.GetProperty("description").GetString());
        Assert.Equal(10, definitions.Tools.Count);
        Assert.Equal("epsilon", definitions.ServerInfo!.Value.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(definitions.ProtocolVersion));
        Assert.Empty(definitions.Prompts);
        Assert.Matches("^sha256:[0-9a-f]{64}$", ToolDefinitionHash.Compute(echo));
        Assert.Equal(JsonValueKind.Object, echo.GetProperty("inputSchema").ValueKind);
    }
}
