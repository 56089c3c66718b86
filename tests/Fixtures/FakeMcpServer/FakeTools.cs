using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FakeMcpServer;

/// <summary>The fake upstream's tools: definitions as raw JSON (the drift tests change them) and their behaviour.</summary>
internal sealed class FakeTools(Knobs knobs)
{
    /// <summary>The pid of the process started with --grandchild, or 0.</summary>
    public static int GrandchildId { get; set; }

    private int _calls;
    private int _cancellations;

    public static string DefinitionsJson(string set) => set switch
    {
        "drifted" => Drifted,
        "linear" or "deepwiki" => RunflowTools.DefinitionsJson(set),
        "bulk" => Bulk,
        _ => Default,
    };

    // The gateway benchmark's upstreams (bench/gateway): echo and 33 read tools that answer like echo, 34 in all.
    private static readonly string Bulk = "[" + string.Join(",", Enumerable.Range(1, 33).Select(i =>
        "{\"name\":\"get_record_" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "\",\"description\":\"Record " + i +
        " of the benchmark's upstream.\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":50}},\"required\":[\"text\"]},\"annotations\":{\"readOnlyHint\":true}}")
        .Prepend("""{"name":"echo","description":"Echoes text back.","inputSchema":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}}""")) + "]";

    private const string Default = """
        [
          {"name":"echo","description":"Echoes text back.","inputSchema":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}},
          {"name":"add","description":"Adds two numbers.","inputSchema":{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]},
           "outputSchema":{"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]}},
          {"name":"slow","description":"Answers after ms milliseconds.","inputSchema":{"type":"object","properties":{"ms":{"type":"integer"}}}},
          {"name":"hang","description":"Never answers; counts the cancellations it sees.","inputSchema":{"type":"object"}},
          {"name":"cancellations","description":"How many calls were cancelled so far.","inputSchema":{"type":"object"}},
          {"name":"progress","description":"Reports steps progress notifications, then answers.","inputSchema":{"type":"object","properties":{"steps":{"type":"integer"}}}},
          {"name":"crash","description":"Writes its stderr lines and exits with code 3.","inputSchema":{"type":"object"}},
          {"name":"pid","description":"The server's process id.","inputSchema":{"type":"object"}},
          {"name":"fail","description":"Answers a tool error.","inputSchema":{"type":"object"}},
          {"name":"protocol_error","description":"Answers a JSON-RPC error.","inputSchema":{"type":"object"}}
        ]
        """;

    // echo: description changed; add: an optional input c (an addition); slow: removed.
    private const string Drifted = """
        [
          {"name":"echo","description":"Echoes text back, loudly.","inputSchema":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}},
          {"name":"add","description":"Adds two numbers.","inputSchema":{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"},"c":{"type":"number"}},"required":["a","b"]},
           "outputSchema":{"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]}},
          {"name":"hang","description":"Never answers; counts the cancellations it sees.","inputSchema":{"type":"object"}},
          {"name":"cancellations","description":"How many calls were cancelled so far.","inputSchema":{"type":"object"}},
          {"name":"progress","description":"Reports steps progress notifications, then answers.","inputSchema":{"type":"object","properties":{"steps":{"type":"integer"}}}},
          {"name":"crash","description":"Writes its stderr lines and exits with code 3.","inputSchema":{"type":"object"}},
          {"name":"pid","description":"The server's process id.","inputSchema":{"type":"object"}},
          {"name":"fail","description":"Answers a tool error.","inputSchema":{"type":"object"}},
          {"name":"protocol_error","description":"Answers a JSON-RPC error.","inputSchema":{"type":"object"}}
        ]
        """;

    public McpServerOptions Options()
    {
        var tools = JsonSerializer.Deserialize<List<Tool>>(DefinitionsJson(knobs.Tools), McpJsonUtilities.DefaultOptions)!;
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = knobs.Name, Version = "1.0.0" },
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
        };
        options.Handlers.ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = tools });
        options.Handlers.CallToolHandler = CallAsync;
        if (knobs.Primitives != "off") FakePrimitives.Add(options, knobs);
        return options;
    }

    private async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _calls);
        if (knobs.CrashAfter > 0 && number >= knobs.CrashAfter) Crash();
        var p = request.Params!;
        var args = p.Arguments ?? new Dictionary<string, JsonElement>();
        switch (p.Name)
        {
            case "echo":
            case var bulk when bulk.StartsWith("get_record_", StringComparison.Ordinal):
                var text = args.TryGetValue("text", out var t) ? t.GetString() ?? "" : "";
                if (knobs.RichEcho) return RichEcho(text);
                if (knobs.Echo == "input_required") return new CallToolResult { ResultType = "input_required", Content = [] };
                // '+' is written escaped (\u002B), so the reader decodes the data and then refuses the blank MIME type.
                if (knobs.Echo == "bad_image") return new CallToolResult { Content = [new ImageContentBlock { Data = "AB+/"u8.ToArray(), MimeType = " " }] };
                return new CallToolResult
                {
                    Content = [new TextContentBlock { Text = text }],
                    StructuredContent = JsonSerializer.SerializeToElement(new JsonObject { ["text"] = text, ["server"] = knobs.Name, ["pid"] = Environment.ProcessId }, McpJsonUtilities.DefaultOptions),
                };
            case "add":
                var sum = args["a"].GetDouble() + args["b"].GetDouble() + (args.TryGetValue("c", out var c) ? c.GetDouble() : 0);
                return new CallToolResult
                {
                    Content = [new TextContentBlock { Text = "{\"sum\":" + sum.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}" }],
                    StructuredContent = JsonSerializer.SerializeToElement(new JsonObject { ["sum"] = sum }, McpJsonUtilities.DefaultOptions),
                };
            case "slow":
                var ms = args.TryGetValue("ms", out var m) ? m.GetInt32() : 1000;
                await Task.Delay(ms, cancellationToken);
                return Text("done after " + ms + " ms");
            case "hang":
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref _cancellations);
                    throw;
                }
                return Text("unreachable");
            case "cancellations":
                return Text(Volatile.Read(ref _cancellations).ToString(System.Globalization.CultureInfo.InvariantCulture));
            case "progress":
                var steps = args.TryGetValue("steps", out var s) ? s.GetInt32() : 3;
                if (p.ProgressToken is { } token)
                {
                    for (var i = 1; i <= steps; i++)
                    {
                        await request.Server.NotifyProgressAsync(token, new ProgressNotificationValue { Progress = i, Total = steps, Message = "step " + i }, cancellationToken: cancellationToken);
                    }
                }
                return Text("done in " + steps + " steps");
            case "crash":
                Crash();
                return Text("unreachable");
            case "pid":
                return Text(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case "grandchild":
                return Text(GrandchildId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case "fail":
                return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "failed on purpose" }] };
            case "protocol_error":
                throw new McpProtocolException("no such thing here", McpErrorCode.InvalidParams);
            default:
                if (RunflowTools.Call(p.Name, args) is { } runflow) return runflow;
                throw new McpProtocolException("Unknown tool: " + p.Name, McpErrorCode.InvalidParams);
        }
    }

    private void Crash()
    {
        foreach (var line in knobs.StderrLines) Console.Error.WriteLine(line);
        Console.Error.Flush();
        Environment.Exit(3);
    }

    /// <summary>The text in every other place a tool result can carry text to the caller, and a base64 image beside it.</summary>
    private CallToolResult RichEcho(string text) => new()
    {
        Content =
        [
            new TextContentBlock { Text = text, Meta = new JsonObject { ["said"] = text } },
            new EmbeddedResourceBlock { Resource = new TextResourceContents { Uri = "fake://echo?text=" + Uri.EscapeDataString(text), Text = text, Meta = new JsonObject { ["said"] = text } } },
            new ResourceLinkBlock { Uri = "fake://echo/" + text, Name = "echo of " + text, Title = text, Description = "It said " + text },
            new ImageContentBlock { Data = "iVBORw0KGgo="u8.ToArray(), MimeType = "image/png", Meta = new JsonObject { ["alt"] = text } },
        ],
        StructuredContent = JsonSerializer.SerializeToElement(new JsonObject { ["text"] = text, ["server"] = knobs.Name }, McpJsonUtilities.DefaultOptions),
        Meta = new JsonObject { ["echoed"] = new JsonArray(text) },
    };

    private static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };
}
