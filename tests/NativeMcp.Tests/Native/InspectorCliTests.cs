using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Native;

/// <summary>
/// The official MCP Inspector (pinned 0.15.0, CLI mode) against the native Conferbot binary over stdio,
/// as a user would check a server before putting it in a client config.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Node)]
public sealed class InspectorCliTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Respond = r => r.Path switch
        {
            "/chatbots" => FakeResponse.Json("""{"data":[{"id":"bot_1","name":"Support Bot","responses":12}]}"""),
            "/chatbots/bot_1" => FakeResponse.Json("""{"id":"bot_1","name":"Support Bot","disabled":false}"""),
            "/chatbots/bot_1/analytics" => FakeResponse.Json("""{"chatbotId":"bot_1","days":30,"responses":12}"""),
            _ => FakeResponse.Json("""{"error":"not_found"}""", 404),
        };
    }

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private async Task<JsonElement> InspectAsync(params string[] arguments)
    {
        var binary = NativeBinary.ConferbotPath();
        var inspector = NativeBinary.InspectorPath();

        var start = new ProcessStartInfo(inspector) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--cli", binary, "-e", "CONFERBOT_API_KEY=cb_inspector_key", "-e", "CONFERBOT_API_URL=" + _upstream.BaseUrl }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, "inspector exited " + process.ExitCode + ": " + await stderr + await stdout);
        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }

    [Fact]
    public async Task Lists_the_45_tools()
    {
        var result = await InspectAsync("--method", "tools/list");
        var names = result.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(45, names.Count);
        Assert.Equal("list_chatbots", names[0]);
        Assert.Equal("get_conversation_summary", names[^1]);
    }

    [Fact]
    public async Task Calls_a_tool_that_reaches_the_upstream()
    {
        var result = await InspectAsync("--method", "tools/call", "--tool-name", "get_chatbot", "--tool-arg", "chatbotId=bot_1");
        Assert.False(result.TryGetProperty("isError", out var isError) && isError.GetBoolean());
        Assert.Contains("Support Bot", result.GetProperty("content")[0].GetProperty("text").GetString());
        var request = Assert.Single(_upstream.Requests);
        Assert.Equal("/chatbots/bot_1", request.Path);
        Assert.Equal("cb_inspector_key", request.Header("x-api-key"));
    }

    [Fact]
    public async Task Reads_a_templated_resource()
    {
        var result = await InspectAsync("--method", "resources/read", "--uri", "conferbot://chatbot/bot_1/analytics");
        var contents = result.GetProperty("contents")[0];
        Assert.Equal("conferbot://chatbot/bot_1/analytics", contents.GetProperty("uri").GetString());
        Assert.Equal("application/json", contents.GetProperty("mimeType").GetString());
        Assert.Contains("\"responses\":12", contents.GetProperty("text").GetString());
        Assert.Equal("?days=30", Assert.Single(_upstream.Requests).QueryString);
    }

    [Fact]
    public async Task Gets_a_prompt_with_its_argument()
    {
        var result = await InspectAsync("--method", "prompts/get", "--prompt-name", "analyze-chatbot-performance", "--prompt-args", "chatbotId=bot_1");
        var messages = result.GetProperty("messages");
        Assert.True(messages.GetArrayLength() >= 1);
        Assert.Contains("bot_1", messages[0].GetProperty("content").GetProperty("text").GetString());
    }
}
