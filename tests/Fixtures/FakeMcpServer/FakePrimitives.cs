using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FakeMcpServer;

/// <summary>The fake upstream's resources, resource template and prompts (--primitives on|drifted).</summary>
internal static class FakePrimitives
{
    private const string Resources = """
        [
          {"uri":"fake://readme","name":"readme","description":"The server's readme.","mimeType":"text/plain"},
          {"uri":"fake://status","name":"status","description":"Its status.","mimeType":"application/json"}
        ]
        """;

    private const string DriftedResources = """
        [
          {"uri":"fake://readme","name":"readme","description":"The server's readme.","mimeType":"text/plain"}
        ]
        """;

    private const string Templates = """
        [{"uriTemplate":"fake://records/{id}","name":"record","description":"One record by id.","mimeType":"text/plain"}]
        """;

    private const string Prompts = """
        [
          {"name":"greet","description":"Greets someone.","arguments":[{"name":"who","description":"Whom to greet","required":true}]},
          {"name":"summarize","description":"Asks for a summary.","arguments":[{"name":"topic","required":false}]}
        ]
        """;

    private const string DriftedPrompts = """
        [
          {"name":"greet","description":"Greets someone warmly.","arguments":[{"name":"who","description":"Whom to greet","required":true}]},
          {"name":"summarize","description":"Asks for a summary.","arguments":[{"name":"topic","required":false}]}
        ]
        """;

    public static void Add(McpServerOptions options, Knobs knobs)
    {
        var drifted = knobs.Primitives == "drifted";
        var resources = JsonSerializer.Deserialize<List<Resource>>(drifted ? DriftedResources : Resources, McpJsonUtilities.DefaultOptions)!;
        var templates = JsonSerializer.Deserialize<List<ResourceTemplate>>(Templates, McpJsonUtilities.DefaultOptions)!;
        var prompts = JsonSerializer.Deserialize<List<Prompt>>(drifted ? DriftedPrompts : Prompts, McpJsonUtilities.DefaultOptions)!;
        options.Capabilities!.Resources = new ResourcesCapability();
        options.Capabilities.Prompts = new PromptsCapability();
        options.Handlers.ListResourcesHandler = (_, _) => ValueTask.FromResult(new ListResourcesResult { Resources = resources });
        options.Handlers.ListResourceTemplatesHandler = (_, _) => ValueTask.FromResult(new ListResourceTemplatesResult { ResourceTemplates = templates });
        options.Handlers.ListPromptsHandler = (_, _) => ValueTask.FromResult(new ListPromptsResult { Prompts = prompts });
        options.Handlers.ReadResourceHandler = (request, _) =>
        {
            var uri = request.Params!.Uri;
            string? text = uri switch
            {
                "fake://readme" => "readme of " + knobs.Name,
                "fake://status" when !drifted => "{\"ok\":true,\"server\":\"" + knobs.Name + "\"}",
                _ when uri.StartsWith("fake://records/", StringComparison.Ordinal) => "record " + uri["fake://records/".Length..] + " of " + knobs.Name,
                _ => null,
            };
            if (text is null) throw new McpProtocolException("Resource not found: " + uri, McpErrorCode.ResourceNotFound);
            var contents = new TextResourceContents { Uri = uri, MimeType = "text/plain", Text = text };
            if (knobs.RichEcho) contents.Meta = new JsonObject { ["asked"] = uri };
            return ValueTask.FromResult(new ReadResourceResult { Contents = [contents], Meta = knobs.RichEcho ? new JsonObject { ["asked"] = uri } : null });
        };
        options.Handlers.GetPromptHandler = (request, _) =>
        {
            var p = request.Params!;
            var args = p.Arguments ?? new Dictionary<string, JsonElement>();
            var text = p.Name switch
            {
                "greet" => args.TryGetValue("who", out var who) ? "Hello, " + who.GetString() + "! (" + knobs.Name + ")" : throw new McpProtocolException("greet needs 'who'", McpErrorCode.InvalidParams),
                "summarize" => "Summarize " + (args.TryGetValue("topic", out var topic) ? topic.GetString() : "everything") + ".",
                _ => throw new McpProtocolException("Unknown prompt: " + p.Name, McpErrorCode.InvalidParams),
            };
            var result = new GetPromptResult { Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }] };
            if (knobs.RichEcho)
            {
                result.Description = "Prompt for: " + text;
                result.Messages.Add(new PromptMessage { Role = Role.User, Content = new EmbeddedResourceBlock { Resource = new TextResourceContents { Uri = "fake://prompt", Text = text } } });
            }
            return ValueTask.FromResult(result);
        };
    }
}
