// Peer (a): the official C# SDK as its README shows it: Microsoft.Extensions.Hosting, the stdio transport, and a
// class of [McpServerTool] methods (Tools.g.cs, written from the spec); logs go to stderr.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddMcpServer(options => options.ServerInfo = new() { Name = Peer.Spec.Name, Version = Peer.Spec.Version })
    .WithStdioServerTransport()
    .WithTools<Peer.Tools>();
await builder.Build().RunAsync();
