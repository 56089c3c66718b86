using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NativeMcp.Runtime.Gateway;
using Xunit;
using static NativeMcp.Tests.Gateway.ForwardingTests;

namespace NativeMcp.Tests.Gateway;

/// <summary>
/// The lock is taken from the default tool set; the upstream then serves the drifted one (echo's description
/// changed, add has a new optional input, slow is gone). Each policy serves or refuses accordingly.
/// </summary>
public sealed class DriftTests
{
    private static async Task<Dictionary<string, LockedTool>> LockOfDefaultToolsAsync()
    {
        await using var upstream = new McpUpstream(FakeMcp.Stdio("locker"));
        var definitions = await upstream.ReadDefinitionsAsync();
        return definitions.Tools.ToDictionary(
            t => t.GetProperty("name").GetString()!,
            t => new LockedTool(ToolDefinitionHash.Compute(t), JsonCanonicalizer.Canonicalize(t)),
            StringComparer.Ordinal);
    }

    private static async Task<(string Echo, string Add, string Slow, string Pid)> CallAllAsync(DriftPolicy policy, Dictionary<string, LockedTool> locked, string toolSet)
    {
        var options = FakeMcp.Stdio("drifty", "--tools", toolSet);
        var upstream = new McpUpstream(new McpUpstreamOptions { Name = options.Name, Command = options.Command, Arguments = options.Arguments, Drift = policy, LockedTools = locked });
        await using var gateway = await GatewayHarness.StartAsync([upstream], "echo", "add", "slow", "pid");
        var echo = await gateway.Client.CallToolAsync("drifty_echo", new Dictionary<string, object?> { ["text"] = "hi" });
        var add = await gateway.Client.CallToolAsync("drifty_add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 1 });
        var slow = await gateway.Client.CallToolAsync("drifty_slow", new Dictionary<string, object?> { ["ms"] = 1 });
        var pid = await gateway.Client.CallToolAsync("drifty_pid");
        return (Outcome(echo), Outcome(add), Outcome(slow), Outcome(pid));
    }

    private static string Outcome(ModelContextProtocol.Protocol.CallToolResult result) => result.IsError == true ? "refused: " + Text(result) : "served";

    [Fact]
    public async Task Unchanged_definitions_are_served_under_the_strictest_policy()
    {
        var locked = await LockOfDefaultToolsAsync();
        var outcome = await CallAllAsync(DriftPolicy.Refuse, locked, "default");
        Assert.Equal(("served", "served", "served", "served"), outcome);
    }

    [Fact]
    public async Task Refuse_names_the_tool_and_what_changed()
    {
        var locked = await LockOfDefaultToolsAsync();
        var (echo, add, slow, pid) = await CallAllAsync(DriftPolicy.Refuse, locked, "drifted");
        Assert.Equal("refused: definition_changed: Tool 'drifty_echo' of MCP upstream 'drifty' is refused: the upstream's definition of 'echo' no longer matches the lock file (description changed); refused until the lock is updated with nativemcp sync", echo);
        Assert.Equal("refused: definition_changed: Tool 'drifty_add' of MCP upstream 'drifty' is refused: the upstream's definition of 'add' no longer matches the lock file (inputSchema.properties.c added); refused until the lock is updated with nativemcp sync", add);
        Assert.StartsWith("refused: definition_changed: Tool 'drifty_slow' of MCP upstream 'drifty' is refused: the upstream no longer offers the tool 'slow'", slow, StringComparison.Ordinal);
        Assert.Equal("served", pid);
    }

    [Fact]
    public async Task AllowAdditions_serves_an_added_optional_input_only()
    {
        var locked = await LockOfDefaultToolsAsync();
        var (echo, add, slow, pid) = await CallAllAsync(DriftPolicy.AllowAdditions, locked, "drifted");
        Assert.StartsWith("refused: definition_changed:", echo, StringComparison.Ordinal);
        Assert.Equal("served", add);
        Assert.StartsWith("refused: definition_changed:", slow, StringComparison.Ordinal);
        Assert.Equal("served", pid);
    }

    [Fact]
    public async Task AcceptChanges_serves_changed_definitions_but_not_removed_tools()
    {
        var locked = await LockOfDefaultToolsAsync();
        var (echo, add, slow, pid) = await CallAllAsync(DriftPolicy.AcceptChanges, locked, "drifted");
        Assert.Equal(("served", "served", "served"), (echo, add, pid));
        Assert.Contains("no longer offers the tool 'slow'", slow, StringComparison.Ordinal);
    }
}
