// Peer (b): the official C# SDK's Core package alone, no Microsoft.Extensions.Hosting: McpServer.Create over stdio
// with a tools/list handler (the spec's tool definitions, deserialised once) and a tools/call handler.
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Peer;

static class Program
{
    private static async Task Main()
    {
        var tools = JsonSerializer.Deserialize(Spec.ToolsJson, (JsonTypeInfo<ListToolsResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ListToolsResult)))!;
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = Spec.Name, Version = Spec.Version },
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = (_, _) => ValueTask.FromResult(tools),
                CallToolHandler = (request, ct) => Upstream.CallToolAsync(request.Params, ct),
            },
        };
        await using var server = McpServer.Create(new StdioServerTransport(Spec.Name), options);
        await server.RunAsync();
    }
}
