using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Gateway;
using NativeMcp.Runtime.Stdio;

namespace NativeMcp.Tests.Gateway;

/// <summary>
/// A gateway as a generated server is one: the runtime's stdio loop serving <see cref="ForwardedTool"/>s, with
/// the real SDK client connected over in-memory pipes. Disposing it disposes the upstreams (children end).
/// </summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    private readonly Pipe _input;
    private readonly Task _run;
    private readonly McpUpstream[] _upstreams;

    private GatewayHarness(McpClient client, ConcurrentQueue<JsonRpcMessage> wire, Pipe input, Task run, McpUpstream[] upstreams)
    {
        Client = client;
        Wire = wire;
        _input = input;
        _run = run;
        _upstreams = upstreams;
    }

    public McpClient Client { get; }

    /// <summary>
    /// Every message the client has read, in the order the gateway wrote them (the SDK client's handlers each
    /// run on a task of their own, so what they see says nothing about that order).
    /// </summary>
    public ConcurrentQueue<JsonRpcMessage> Wire { get; }

    /// <summary>The tools/list entry the generator would compute for an exposed tool (enough for these tests).</summary>
    public static byte[] ToolJson(string name) => Encoding.UTF8.GetBytes("{\"name\":\"" + name + "\",\"inputSchema\":{\"type\":\"object\"}}");

    /// <summary>Tools named upstream_tool for each tool of each upstream.</summary>
    public static Task<GatewayHarness> StartAsync(IEnumerable<McpUpstream> upstreams, params string[] tools) =>
        StartAsync(upstreams.SelectMany(u => tools.Select(t => new ForwardedTool(u.Name + "_" + t, t, ToolJson(u.Name + "_" + t), default, null, u))).ToList(), upstreams.ToArray());

    public static Task<GatewayHarness> StartAsync(IReadOnlyList<McpServerTool> tools, McpUpstream[] upstreams) => StartAsync(tools, [], [], upstreams);

    /// <summary>A gateway with forwarded resources and prompts besides its tools (served by the SDK, as generated servers do).</summary>
    public static async Task<GatewayHarness> StartAsync(IReadOnlyList<McpServerTool> tools, IReadOnlyList<McpServerResource> resources, IReadOnlyList<McpServerPrompt> prompts, McpUpstream[] upstreams)
    {
        var collection = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (var tool in tools) collection.Add(tool);
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "gateway", Version = "1.0.0" },
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
            ToolCollection = collection,
        };
        var capabilities = "\"tools\":{}";
        if (resources.Count > 0)
        {
            options.Capabilities.Resources = new ResourcesCapability();
            options.ResourceCollection = [.. resources];
            capabilities += ",\"resources\":{}";
        }
        if (prompts.Count > 0)
        {
            options.Capabilities.Prompts = new PromptsCapability();
            options.PromptCollection = [.. prompts];
            capabilities += ",\"prompts\":{}";
        }
        var settings = new StdioSettings { InitializeResult = "\"capabilities\":{" + capabilities + "},\"serverInfo\":{\"name\":\"gateway\",\"version\":\"1.0.0\"}" };
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var run = new StdioServer(settings, () => options, clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream()).RunAsync();
        var wire = new ConcurrentQueue<JsonRpcMessage>();
        var transport = new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream());
        var client = await McpClient.CreateAsync(new ClaimingTransport(transport, message =>
        {
            wire.Enqueue(message);
            return false;
        }));
        return new GatewayHarness(client, wire, clientToServer, run, upstreams);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _input.Writer.CompleteAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var upstream in _upstreams) await upstream.DisposeAsync();
    }
}
