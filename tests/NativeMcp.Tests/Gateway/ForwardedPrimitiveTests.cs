using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Gateway;
using Xunit;

namespace NativeMcp.Tests.Gateway;

/// <summary>
/// Locked resources, resource templates and prompts of a stdio upstream (the fixture with --primitives): listed
/// from the compiled entries without starting the child, read and got by forwarding, checked against the lock.
/// </summary>
public sealed class ForwardedPrimitiveTests
{
    private sealed record Locked(
        Dictionary<string, (LockedTool Lock, string Entry)> Resources,
        Dictionary<string, (LockedTool Lock, string Entry)> Templates,
        Dictionary<string, (LockedTool Lock, string Entry)> Prompts);

    /// <summary>What nativemcp sync would lock from the fixture's default primitives.</summary>
    private static async Task<Locked> LockAsync()
    {
        await using var upstream = new McpUpstream(FakeMcp.Stdio("locker", "--primitives", "on"));
        var definitions = await upstream.ReadDefinitionsAsync();
        static Dictionary<string, (LockedTool, string)> ByKey(IEnumerable<JsonElement> items, string key) => items.ToDictionary(
            i => i.GetProperty(key).GetString()!,
            i => (new LockedTool(ToolDefinitionHash.Compute(i), JsonCanonicalizer.Canonicalize(i)), i.GetRawText()),
            StringComparer.Ordinal);
        return new Locked(ByKey(definitions.Resources, "uri"), ByKey(definitions.ResourceTemplates, "uriTemplate"), ByKey(definitions.Prompts, "name"));
    }

    /// <summary>The gateway as the generator builds it: names prefixed with "up_", URIs as locked.</summary>
    /// <param name="credential">A credential in the child's environment, and the child echoing what it is asked everywhere.</param>
    private static async Task<(GatewayHarness Gateway, McpUpstream Upstream)> StartAsync(Locked locked, string primitives, string? credential = null)
    {
        var options = credential is null ? FakeMcp.Stdio("up", "--primitives", primitives) : FakeMcp.Stdio("up", "--primitives", primitives, "--echo", "rich");
        var upstream = new McpUpstream(new McpUpstreamOptions
        {
            Name = options.Name,
            Command = options.Command,
            Arguments = options.Arguments,
            Environment = credential is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["FAKE_TOKEN"] = credential },
            LockedResources = locked.Resources.ToDictionary(r => r.Key, r => r.Value.Lock),
            LockedResourceTemplates = locked.Templates.ToDictionary(r => r.Key, r => r.Value.Lock),
            LockedPrompts = locked.Prompts.ToDictionary(r => r.Key, r => r.Value.Lock),
        });
        static byte[] Prefixed(string entry)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(entry)!.AsObject();
            node["name"] = "up_" + node["name"]!.GetValue<string>();
            return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
        }
        var resources = locked.Resources.Values.Select(r => (McpServerResource)new ForwardedResource(Prefixed(r.Entry), false, upstream))
            .Concat(locked.Templates.Values.Select(t => new ForwardedResource(Prefixed(t.Entry), true, upstream))).ToList();
        var prompts = locked.Prompts.Select(p => (McpServerPrompt)new ForwardedPrompt("up_" + p.Key, p.Key, Prefixed(p.Value.Entry), upstream)).ToList();
        return (await GatewayHarness.StartAsync([], resources, prompts, [upstream]), upstream);
    }

    private static string Text(ReadResourceResult result) => string.Concat(result.Contents.OfType<TextResourceContents>().Select(c => c.Text));

    private static string Text(GetPromptResult result) => string.Concat(result.Messages.Select(m => m.Content).OfType<TextContentBlock>().Select(t => t.Text));

    [Fact]
    public async Task Lists_answer_from_the_compiled_entries_without_starting_the_upstream()
    {
        var locked = await LockAsync();
        var (gateway, upstream) = await StartAsync(locked, "on");
        await using (gateway)
        {
            var resources = await gateway.Client.ListResourcesAsync();
            Assert.Equal(["fake://readme|up_readme|The server's readme.", "fake://status|up_status|Its status."],
                resources.Select(r => r.Uri + "|" + r.Name + "|" + r.Description).Order(StringComparer.Ordinal));
            var templates = await gateway.Client.ListResourceTemplatesAsync();
            Assert.Equal(["fake://records/{id}|up_record"], templates.Select(t => t.UriTemplate + "|" + t.Name));
            var prompts = await gateway.Client.ListPromptsAsync();
            Assert.Equal(["up_greet", "up_summarize"], prompts.Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal("who", Assert.Single(prompts.Single(p => p.Name == "up_greet").ProtocolPrompt.Arguments!).Name);

            Assert.Equal(0, upstream.Connects);
            Assert.Null(upstream.ChildProcessId);
        }
    }

    [Fact]
    public async Task Reads_and_gets_are_forwarded_to_the_upstream_started_at_the_first_one()
    {
        var locked = await LockAsync();
        var (gateway, upstream) = await StartAsync(locked, "on");
        await using (gateway)
        {
            Assert.Equal("readme of up", Text(await gateway.Client.ReadResourceAsync("fake://readme")));
            Assert.Equal("record 42 of up", Text(await gateway.Client.ReadResourceAsync("fake://records/42")));
            Assert.Equal("Hello, Ada! (up)", Text(await gateway.Client.GetPromptAsync("up_greet", new Dictionary<string, object?> { ["who"] = "Ada" })));
            Assert.Equal("Summarize everything.", Text(await gateway.Client.GetPromptAsync("up_summarize")));
            Assert.Equal(1, upstream.Connects);
        }
    }

    [Fact]
    public async Task A_credential_the_upstream_echoes_in_a_read_or_a_prompt_is_masked_wherever_it_is()
    {
        const string Credential = "sk-live-abcdef123";
        var locked = await LockAsync();
        var (gateway, _) = await StartAsync(locked, "on", Credential);
        await using (gateway)
        {
            var read = await gateway.Client.ReadResourceAsync("fake://records/" + Credential);
            var contents = Assert.Single(read.Contents);
            Assert.Equal(["fake://records/[redacted]", "record [redacted] of up", "fake://records/[redacted]", "fake://records/[redacted]"],
                new[] { contents.Uri, ((TextResourceContents)contents).Text, contents.Meta!["asked"]!.GetValue<string>(), read.Meta!["asked"]!.GetValue<string>() });

            var prompt = await gateway.Client.GetPromptAsync("up_greet", new Dictionary<string, object?> { ["who"] = Credential });
            Assert.Equal("Prompt for: Hello, [redacted]! (up)", prompt.Description);
            Assert.Equal("Hello, [redacted]! (up)", ((TextContentBlock)prompt.Messages[0].Content).Text);
            Assert.Equal("Hello, [redacted]! (up)", ((TextResourceContents)((EmbeddedResourceBlock)prompt.Messages[1].Content).Resource).Text);
        }
    }

    [Fact]
    public async Task An_upstream_error_comes_back_with_its_code_and_the_upstream_named()
    {
        var locked = await LockAsync();
        var (gateway, _) = await StartAsync(locked, "on");
        await using (gateway)
        {
            var error = await Assert.ThrowsAsync<McpProtocolException>(() => gateway.Client.GetPromptAsync("up_greet").AsTask());
            Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
            Assert.Contains("upstream_error: MCP upstream 'up' answered prompts/get of prompt 'up_greet' with an error: greet needs 'who'", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Changed_or_removed_definitions_are_refused_and_the_others_served()
    {
        var locked = await LockAsync();
        var (gateway, _) = await StartAsync(locked, "drifted");
        await using (gateway)
        {
            var greet = await Assert.ThrowsAsync<McpProtocolException>(() => gateway.Client.GetPromptAsync("up_greet", new Dictionary<string, object?> { ["who"] = "Ada" }).AsTask());
            Assert.Contains("definition_changed: Prompt 'up_greet' of MCP upstream 'up' is refused: the upstream's definition of 'greet' no longer matches the lock file (description changed)",
                greet.Message, StringComparison.Ordinal);
            var status = await Assert.ThrowsAsync<McpProtocolException>(() => gateway.Client.ReadResourceAsync("fake://status").AsTask());
            Assert.Contains("definition_changed: Resource 'fake://status' of MCP upstream 'up' is refused: the upstream no longer offers the resource 'fake://status'",
                status.Message, StringComparison.Ordinal);

            Assert.Equal("readme of up", Text(await gateway.Client.ReadResourceAsync("fake://readme")));
            Assert.Equal("Summarize dogs.", Text(await gateway.Client.GetPromptAsync("up_summarize", new Dictionary<string, object?> { ["topic"] = "dogs" })));
        }
    }
}
