using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using NativeMcp.Generated.Conformance;
using NativeMcp.Tests.Infrastructure;
using Xunit;

#pragma warning disable MCP9005 // the fixture exercises sampling and logging, deprecated by the newest protocol revision

namespace NativeMcp.Tests.EndToEnd;

/// <summary>
/// specs/conformance.yaml with its C# handlers: every resource kind, prompt feature, completion, static
/// tools, and hand-written tools using logging, progress, sampling and elicitation, through the SDK client.
/// </summary>
public sealed class ConformanceSpecTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _logs = new();
    private readonly ConcurrentQueue<ProgressNotificationParams> _progress = new();
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                SamplingHandler = (request, _, _) => ValueTask.FromResult(new CreateMessageResult
                {
                    Model = "test-model",
                    Content = [new TextContentBlock { Text = "echo: " + ((TextContentBlock)request!.Messages[0].Content[0]).Text }],
                }),
                ElicitationHandler = (request, _) => ValueTask.FromResult(new ElicitResult
                {
                    Action = "accept",
                    Content = new Dictionary<string, JsonElement> { ["response"] = JsonDocument.Parse("\"yes, " + request!.Message + "\"").RootElement },
                }),
                NotificationHandlers =
                [
                    new(NotificationMethods.LoggingMessageNotification, (notification, _) =>
                    {
                        _logs.Enqueue(notification.Params!["data"]!.GetValue<string>());
                        return ValueTask.CompletedTask;
                    }),
                    // A handler for the whole session: the per-call IProgress registration ends with the call,
                    // and the client may dispatch a notification after the response it preceded on the wire.
                    new(NotificationMethods.ProgressNotification, (notification, _) =>
                    {
                        _progress.Enqueue(JsonSerializer.Deserialize<ProgressNotificationParams>(notification.Params!.ToJsonString(), McpJsonUtilities.DefaultOptions)!);
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        _server = await InProcessServer.StartAsync(ConformanceServer.Definition, new Dictionary<string, string?>(), clientOptions: options);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static byte[] Asset(string name, [CallerFilePath] string thisFile = "") =>
        File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "specs", "assets", name));

    [Fact]
    public async Task Lists_the_suites_fixture_tools_resources_templates_and_prompts()
    {
        Assert.Equal(
            ["test_simple_text", "test_image_content", "test_audio_content", "test_embedded_resource", "test_multiple_content_types",
             "test_tool_with_logging", "test_tool_with_progress", "test_error_handling", "test_reconnection", "json_schema_2020_12_tool", "test_sampling", "test_elicitation",
             "test_elicitation_sep1034_defaults", "test_elicitation_sep1330_enums"],
            (await _server.Client.ListToolsAsync()).Select(t => t.Name));
        Assert.Equal(["test://static-binary", "test://static-text", "test://watched-resource"], (await _server.Client.ListResourcesAsync()).Select(r => r.Uri).Order());
        Assert.Equal(["test://template/{id}/data"], (await _server.Client.ListResourceTemplatesAsync()).Select(t => t.UriTemplate));
        Assert.Equal(["test_simple_prompt", "test_prompt_with_arguments", "test_prompt_with_embedded_resource", "test_prompt_with_image"],
            (await _server.Client.ListPromptsAsync()).Select(p => p.Name));
    }

    [Fact]
    public async Task The_json_schema_2020_12_tool_publishes_what_the_suite_checks_and_validates_with_it()
    {
        var tool = (await _server.Client.ListToolsAsync()).Single(t => t.Name == "json_schema_2020_12_tool");
        var schema = tool.ProtocolTool.InputSchema;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.GetProperty("$schema").GetString());
        Assert.Equal("object", schema.GetProperty("$defs").GetProperty("address").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.False, schema.GetProperty("additionalProperties").ValueKind);

        var ok = await _server.Client.CallJsonAsync("json_schema_2020_12_tool", """{"name":"Ann","address":{"street":"1 Main St","city":"Springfield"}}""");
        Assert.Equal("JSON Schema 2020-12 tool called with name Ann and address {\"street\":\"1 Main St\",\"city\":\"Springfield\"}", ok.Text());

        var bad = await _server.Client.CallJsonAsync("json_schema_2020_12_tool", """{"name":7,"address":{"city":false},"zip":"x"}""");
        Assert.True(bad.IsError);
        Assert.Equal(
            "Invalid arguments for tool 'json_schema_2020_12_tool':\n- 'name' must be a string (got a number)\n- 'address.city' must be a string (got a boolean)\n- 'zip' is not a parameter of this tool (expected one of: name, address)",
            bad.Text());
    }

    [Fact]
    public async Task Static_tools_return_text_image_audio_and_embedded_resources()
    {
        Assert.Equal("This is a simple text response for testing.", (await _server.Client.CallJsonAsync("test_simple_text")).Text());

        var image = Assert.IsType<ImageContentBlock>(Assert.Single((await _server.Client.CallJsonAsync("test_image_content")).Content));
        Assert.Equal("image/png", image.MimeType);
        Assert.Equal(Asset("test.png"), image.DecodedData.ToArray());

        var audio = Assert.IsType<AudioContentBlock>(Assert.Single((await _server.Client.CallJsonAsync("test_audio_content")).Content));
        Assert.Equal("audio/wav", audio.MimeType);
        Assert.Equal(Asset("test.wav"), audio.DecodedData.ToArray());

        var embedded = Assert.IsType<EmbeddedResourceBlock>(Assert.Single((await _server.Client.CallJsonAsync("test_embedded_resource")).Content));
        var text = Assert.IsType<TextResourceContents>(embedded.Resource);
        Assert.Equal(("test://embedded-resource", "text/plain", "This is an embedded resource content."), (text.Uri, text.MimeType, text.Text));

        var mixed = (await _server.Client.CallJsonAsync("test_multiple_content_types")).Content;
        Assert.Equal(["text", "image", "resource"], mixed.Select(c => c.Type));
        Assert.Equal("""{"test":"data","value":123}""", ((TextResourceContents)((EmbeddedResourceBlock)mixed[2]).Resource).Text);
    }

    [Fact]
    public async Task Handler_sends_log_notifications_in_order()
    {
        var result = await _server.Client.CallJsonAsync("test_tool_with_logging");
        Assert.Equal("Tool with logging executed successfully", result.Text());
        await FaultTests.WaitUntilAsync(() => _logs.Count >= 3);
        // The server sends them in this order; the client may hand them to its handler concurrently.
        Assert.Equal(["Tool execution completed", "Tool execution started", "Tool processing data"], _logs.Order());
    }

    [Fact]
    public async Task Handler_reports_progress_against_the_callers_token()
    {
        var result = await _server.Client.CallToolAsync(new CallToolRequestParams
        {
            Name = "test_tool_with_progress",
            Arguments = new Dictionary<string, JsonElement>(),
            Meta = new System.Text.Json.Nodes.JsonObject { ["progressToken"] = "progress-42" },
        });
        await FaultTests.WaitUntilAsync(() => _progress.Count >= 3);
        Assert.All(_progress, p => Assert.Equal("progress-42", p.ProgressToken.ToString()));
        Assert.Equal([0f, 50f, 100f], _progress.Select(p => p.Progress.Progress).Order());
        Assert.All(_progress, p => Assert.Equal(100f, p.Progress.Total));
        Assert.Contains(_progress, p => p.Progress.Message == "Completed step 50 of 100");
        Assert.Equal("progress-42", result.Text());
    }

    [Fact]
    public async Task Handler_asks_the_client_for_sampling()
    {
        var result = await _server.Client.CallJsonAsync("test_sampling", """{"prompt":"What is 2+2?"}""");
        Assert.Equal("LLM response: echo: What is 2+2?", result.Text());
    }

    [Fact]
    public async Task Handler_asks_the_client_for_elicitation()
    {
        var result = await _server.Client.CallJsonAsync("test_elicitation", """{"message":"Continue?"}""");
        Assert.Equal("User response: action=accept, content={\"response\":\"yes, Continue?\"}", result.Text());
    }

    [Fact]
    public async Task Handler_arguments_are_validated_before_the_handler_runs()
    {
        var result = await _server.Client.CallJsonAsync("test_sampling", "{}");
        Assert.True(result.IsError);
        Assert.Equal("Invalid arguments for tool 'test_sampling':\n- 'prompt' is required", result.Text());
    }

    [Fact]
    public async Task Handler_error_is_an_isError_result()
    {
        var result = await _server.Client.CallJsonAsync("test_error_handling");
        Assert.True(result.IsError);
        Assert.Equal("This tool intentionally returns an error for testing", result.Text());
    }

    [Fact]
    public async Task Resources_read_static_text_binary_file_and_template()
    {
        var text = Assert.IsType<TextResourceContents>(Assert.Single((await _server.Client.ReadResourceAsync("test://static-text")).Contents));
        Assert.Equal("This is the content of the static text resource.", text.Text);

        var blob = Assert.IsType<BlobResourceContents>(Assert.Single((await _server.Client.ReadResourceAsync("test://static-binary")).Contents));
        Assert.Equal("image/png", blob.MimeType);
        Assert.Equal(Asset("test.png"), blob.DecodedData.ToArray());

        var templated = Assert.IsType<TextResourceContents>(Assert.Single((await _server.Client.ReadResourceAsync("test://template/42/data")).Contents));
        Assert.Equal("test://template/42/data", templated.Uri);
        Assert.Equal("application/json", templated.MimeType);
        Assert.Equal("""{"id":"42","templateTest":true,"data":"Data for ID: 42"}""", templated.Text);
    }

    [Fact]
    public async Task Unknown_resource_is_an_error_naming_the_uri()
    {
        // The SDK server routes resources/read; for protocol 2025-11-25 (negotiated here) MCP names an unknown
        // resource -32002 (InvalidParams only from 2026-07-28 on).
        var error = await Assert.ThrowsAsync<McpProtocolException>(() => _server.Client.ReadResourceAsync("test://nothing-here").AsTask());
        Assert.Equal("2025-11-25", _server.Client.NegotiatedProtocolVersion);
#pragma warning disable CS0618 // ResourceNotFound is deprecated for 2026-07-28, current for 2025-11-25.
        Assert.Equal(McpErrorCode.ResourceNotFound, error.ErrorCode);
#pragma warning restore CS0618
        Assert.Contains("test://nothing-here", error.Message);
    }

    [Fact]
    public async Task Prompts_substitute_arguments_embed_resources_and_images()
    {
        var simple = await _server.Client.GetPromptAsync("test_simple_prompt");
        Assert.Equal("This is a simple prompt for testing.", ((TextContentBlock)simple.Messages.Single().Content).Text);

        var withArgs = await _server.Client.GetPromptAsync("test_prompt_with_arguments", new Dictionary<string, object?> { ["arg1"] = "a", ["arg2"] = "b" });
        Assert.Equal("Prompt with arguments: arg1='a', arg2='b'", ((TextContentBlock)withArgs.Messages.Single().Content).Text);
        Assert.Equal(Role.User, withArgs.Messages.Single().Role);

        var embedded = await _server.Client.GetPromptAsync("test_prompt_with_embedded_resource", new Dictionary<string, object?> { ["resourceUri"] = "test://example" });
        var resource = (TextResourceContents)((EmbeddedResourceBlock)embedded.Messages[0].Content).Resource;
        Assert.Equal(("test://example", "Embedded resource content for testing."), (resource.Uri, resource.Text));

        var image = await _server.Client.GetPromptAsync("test_prompt_with_image");
        Assert.Equal(Asset("test.png"), ((ImageContentBlock)image.Messages[0].Content).DecodedData.ToArray());
    }

    [Fact]
    public async Task Prompt_argument_completion_filters_the_specs_values_by_prefix()
    {
        var result = await _server.Client.CompleteAsync(new PromptReference { Name = "test_prompt_with_arguments" }, "arg1", "PAR");
        Assert.Equal(["paris", "park", "parrot"], result.Completion.Values);
        Assert.Equal(3, result.Completion.Total);
        var none = await _server.Client.CompleteAsync(new PromptReference { Name = "test_prompt_with_arguments" }, "arg2", "x");
        Assert.Empty(none.Completion.Values);
    }
}
