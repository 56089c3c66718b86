// Peer (f): the official C# SDK's ASP.NET Core transport, stateless Streamable HTTP on 127.0.0.1, with the same
// tools/list and tools/call handlers as the Core peer.  Usage: aspnet-peer --port N
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

var port = args.Length == 2 && args[0] == "--port" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3001;
var tools = JsonSerializer.Deserialize(Peer.Spec.ToolsJson, (JsonTypeInfo<ListToolsResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ListToolsResult)))!;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
builder.Services.AddMcpServer(options => options.ServerInfo = new() { Name = Peer.Spec.Name, Version = Peer.Spec.Version })
    .WithHttpTransport(options => options.Stateless = true)
    .WithListToolsHandler((_, _) => ValueTask.FromResult(tools))
    .WithCallToolHandler((request, ct) => Peer.Upstream.CallToolAsync(request.Params, ct));
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.MapMcp("/mcp");
await app.RunAsync();
