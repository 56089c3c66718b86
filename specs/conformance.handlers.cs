// Hand-written handlers of specs/conformance.yaml: the tools that talk back to the client.
// Behaviour and texts follow the conformance suite's reference fixture (everything-server.ts, v0.1.16).
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Handlers;
using static ModelContextProtocol.Protocol.ElicitRequestParams;

namespace NativeMcp.Generated.Conformance;

// The suite still exercises sampling (deprecated by protocol revision 2026-07-28, SDK MCP9005) and the
// legacy titled enum of elicitation (deprecated by SEP-1330, SDK MCP9001): this fixture must use them.
#pragma warning disable MCP9005, MCP9001

static partial class ConformanceHandlers
{
    public static partial async ValueTask<CallToolResult> TestToolWithLoggingAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        await request.LogAsync("Tool execution started", cancellationToken: cancellationToken);
        await Task.Delay(50, cancellationToken);
        await request.LogAsync("Tool processing data", cancellationToken: cancellationToken);
        await Task.Delay(50, cancellationToken);
        await request.LogAsync("Tool execution completed", cancellationToken: cancellationToken);
        return HandlerExtensions.Text("Tool with logging executed successfully");
    }

    public static partial async ValueTask<CallToolResult> TestToolWithProgressAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        foreach (var step in new[] { 0, 50, 100 })
        {
            await request.ReportProgressAsync(step, 100, "Completed step " + step + " of 100", cancellationToken);
            if (step < 100) await Task.Delay(50, cancellationToken);
        }
        return HandlerExtensions.Text(request.ProgressTokenText() is { Length: > 0 } token ? token : "0");
    }

    public static partial ValueTask<CallToolResult> TestErrorHandlingAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(HandlerExtensions.Error("This tool intentionally returns an error for testing"));

    public static partial async ValueTask<CallToolResult> TestReconnectionAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        // Close this call's SSE stream and tell the client to come back in 500 ms (SEP-1699); the result is kept
        // in the session's event store and delivered on the GET that resumes with Last-Event-ID.
        await request.EnablePollingAsync(TimeSpan.FromMilliseconds(500), cancellationToken);
        await Task.Delay(100, cancellationToken);
        return HandlerExtensions.Text("Reconnection test completed successfully. If you received this, the client properly reconnected after stream closure.");
    }

    public static partial async ValueTask<CallToolResult> TestSamplingAsync(RequestContext<CallToolRequestParams> request, string prompt, CancellationToken cancellationToken)
    {
        try
        {
            var result = await request.Server.SampleAsync(new CreateMessageRequestParams
            {
                Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
                MaxTokens = 100,
            }, cancellationToken);
            var text = result.Content.Count > 0 && result.Content[0] is TextContentBlock block ? block.Text : "No response";
            return HandlerExtensions.Text("LLM response: " + text);
        }
        catch (Exception ex) when (ex is McpException or InvalidOperationException)
        {
            return HandlerExtensions.Text("Sampling not supported or error: " + ex.Message);
        }
    }

    public static partial ValueTask<CallToolResult> TestElicitationAsync(RequestContext<CallToolRequestParams> request, string message, CancellationToken cancellationToken) =>
        ElicitAsync(request, "User response: ", new ElicitRequestParams
        {
            Message = message,
            RequestedSchema = new RequestSchema
            {
                Properties = new Dictionary<string, PrimitiveSchemaDefinition>
                {
                    ["response"] = new StringSchema { Description = "User's response" },
                },
                Required = ["response"],
            },
        }, cancellationToken);

    public static partial ValueTask<CallToolResult> TestElicitationSep1034DefaultsAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        ElicitAsync(request, "Elicitation completed: ", new ElicitRequestParams
        {
            Message = "Please review and update the form fields with defaults",
            RequestedSchema = new RequestSchema
            {
                Properties = new Dictionary<string, PrimitiveSchemaDefinition>
                {
                    ["name"] = new StringSchema { Description = "User name", Default = "John Doe" },
                    ["age"] = new NumberSchema { Type = "integer", Description = "User age", Default = 30 },
                    ["score"] = new NumberSchema { Description = "User score", Default = 95.5 },
                    ["status"] = new UntitledSingleSelectEnumSchema { Description = "User status", Enum = ["active", "inactive", "pending"], Default = "active" },
                    ["verified"] = new BooleanSchema { Description = "Verification status", Default = true },
                },
                Required = [],
            },
        }, cancellationToken);

    public static partial ValueTask<CallToolResult> TestElicitationSep1330EnumsAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        ElicitAsync(request, "Elicitation completed: ", new ElicitRequestParams
        {
            Message = "Please select options from the enum fields",
            RequestedSchema = new RequestSchema
            {
                Properties = new Dictionary<string, PrimitiveSchemaDefinition>
                {
                    ["untitledSingle"] = new UntitledSingleSelectEnumSchema { Description = "Select one option", Enum = ["option1", "option2", "option3"] },
                    ["titledSingle"] = new TitledSingleSelectEnumSchema
                    {
                        Description = "Select one option with titles",
                        OneOf = [new() { Const = "value1", Title = "First Option" }, new() { Const = "value2", Title = "Second Option" }, new() { Const = "value3", Title = "Third Option" }],
                    },
                    ["legacyEnum"] = new LegacyTitledEnumSchema
                    {
                        Description = "Select one option (legacy)",
                        Enum = ["opt1", "opt2", "opt3"],
                        EnumNames = ["Option One", "Option Two", "Option Three"],
                    },
                    ["untitledMulti"] = new UntitledMultiSelectEnumSchema
                    {
                        Description = "Select multiple options",
                        MinItems = 1,
                        MaxItems = 3,
                        Items = new UntitledEnumItemsSchema { Enum = ["option1", "option2", "option3"] },
                    },
                    ["titledMulti"] = new TitledMultiSelectEnumSchema
                    {
                        Description = "Select multiple options with titles",
                        MinItems = 1,
                        MaxItems = 3,
                        Items = new TitledEnumItemsSchema
                        {
                            AnyOf = [new() { Const = "value1", Title = "First Choice" }, new() { Const = "value2", Title = "Second Choice" }, new() { Const = "value3", Title = "Third Choice" }],
                        },
                    },
                },
                Required = [],
            },
        }, cancellationToken);

    private static async ValueTask<CallToolResult> ElicitAsync(RequestContext<CallToolRequestParams> request, string prefix, ElicitRequestParams parameters, CancellationToken cancellationToken)
    {
        try
        {
            var result = await request.Server.ElicitAsync(parameters, cancellationToken);
            return HandlerExtensions.Text(prefix + "action=" + result.Action + ", content=" + HandlerExtensions.ToJson(result.Content));
        }
        catch (Exception ex) when (ex is McpException or InvalidOperationException)
        {
            return HandlerExtensions.Text("Elicitation not supported or error: " + ex.Message);
        }
    }
}
