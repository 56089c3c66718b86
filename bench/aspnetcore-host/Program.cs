using System;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NativeMcp.Runtime.Hosting;

// The same generated server (tools, info, capabilities) as linktor-mcp, but the HTTP side is the SDK's:
// stateless Streamable HTTP on the slim builder, plus /healthz. None of the runtime host's checks (keys,
// scopes, rate limit, Host/Origin, call log) are added, so this is the library's floor, not a full port.
var definition = NativeMcp.Generated.Linktor.LinktorServer.Definition;
var env = EnvironmentValues.Load(definition.Environment, Environment.GetEnvironmentVariable, out var errors);
if (errors.Count > 0)
{
    foreach (var error in errors) Console.Error.WriteLine(error);
    return 1;
}
var full = definition.CreateOptions(env, null);
var port = int.Parse(Environment.GetEnvironmentVariable("MCP_HTTP_PORT") ?? "3000", CultureInfo.InvariantCulture);

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port);
});
builder.Services.AddMcpServer(options =>
{
    options.ServerInfo = full.ServerInfo;
    options.ServerInstructions = full.ServerInstructions;
    options.Capabilities = full.Capabilities;
    options.ToolCollection = full.ToolCollection;
    options.ResourceCollection = full.ResourceCollection;
    options.PromptCollection = full.PromptCollection;
    options.Handlers = full.Handlers;
}).WithHttpTransport(http => http.Stateless = true);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.MapMcp("/mcp");
Console.Error.WriteLine("linktor (ModelContextProtocol.AspNetCore) on http://127.0.0.1:" + port + "/mcp");
await app.RunAsync();
return 0;
