using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace FakeMcpServer;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // The gateway-of mode runs its children under this program as their supervisor, as a native gateway does itself.
        if (args.Length > 0 && args[0] == NativeMcp.Runtime.Gateway.ChildSupervisor.Flag) return NativeMcp.Runtime.Gateway.ChildSupervisor.Run(args);
        var knobs = Knobs.Parse(args);
        if (knobs.Grandchild && knobs.GatewayOf == 0)
        {
            // Inherits our stdin and stdout, as a program started by npx does.
            using var sleeper = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
            FakeTools.GrandchildId = sleeper.Id;
        }
        var tools = new FakeTools(knobs);
        // However a test ends, this process does not outlive it by more than its lifetime.
        _ = Task.Delay(TimeSpan.FromSeconds(knobs.Lifetime)).ContinueWith(_ => Environment.Exit(0), TaskScheduler.Default);
        if (knobs.GatewayOf > 0) return await GatewayAsync(knobs);
        if (knobs.Transport == "stdio")
        {
            await using var server = McpServer.Create(new StdioServerTransport(knobs.Name), tools.Options());
            await server.RunAsync();
            return 0;
        }
        return await ServeHttpAsync(knobs, tools);
    }

    private static async Task<int> ServeHttpAsync(Knobs knobs, FakeTools tools)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var options = tools.Options();
        builder.Services.AddMcpServer(o =>
        {
            o.ServerInfo = options.ServerInfo;
            o.Capabilities = options.Capabilities;
            o.Handlers = options.Handlers;
        }).WithHttpTransport(o =>
        {
            // The gateway must speak the legacy transport to the servers that still only have it.
#pragma warning disable MCP9004
            o.EnableLegacySse = true;
#pragma warning restore MCP9004
            // Sessions for clients that initialize (the legacy transport pairs its GET stream with its POSTs through one);
            // protocol versions without sessions (2026-07-28 on) are served statelessly.
            o.SessionMode = ModelContextProtocol.AspNetCore.HttpServerSessionMode.StatefulForInitializeClients;
        });
        var app = builder.Build();

        var issued = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var tokenRequests = 0;
        if (knobs.OAuth is { } client)
        {
            app.MapPost("/token", async context =>
            {
                Interlocked.Increment(ref tokenRequests);
                var form = await context.Request.ReadFormAsync();
                var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(client.Id + ":" + client.Secret));
                var grant = form["grant_type"].ToString();
                var ok = grant switch
                {
                    "client_credentials" => context.Request.Headers.Authorization.ToString() == basic,
                    "refresh_token" => knobs.RefreshToken is not null && form["refresh_token"].ToString() == knobs.RefreshToken
                        && (context.Request.Headers.Authorization.ToString() == basic || form["client_id"].ToString() == client.Id),
                    _ => false,
                };
                if (!ok)
                {
                    context.Response.StatusCode = 400;
                    await context.Response.WriteAsync("{\"error\":\"invalid_grant\"}");
                    return;
                }
                var token = "tok-" + Guid.NewGuid().ToString("N");
                issued[token] = DateTimeOffset.UtcNow.AddSeconds(knobs.TokenLifetime);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + knobs.TokenLifetime + "}");
            });
            // How many tokens were asked for (the refresh tests read it).
            app.MapGet("/token-requests", () => Volatile.Read(ref tokenRequests).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/mcp") && !Authorized(context.Request, knobs, issued))
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("missing or wrong credentials");
                return;
            }
            await next(context);
        });
        app.MapMcp("/mcp");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine("listening " + address);
        Console.Out.Flush();
        // Ends when the test closes our stdin (or kills us), and by the lifetime above at the latest.
        await Task.Run(() => Console.In.ReadToEnd());
        await app.StopAsync();
        return 0;
    }

    /// <summary>
    /// A gateway process over stdio: tool pid_childN forwards to the pid tool of child N (a stdio copy of this
    /// program started through McpUpstream at the first call). Ends its children when stdin closes; the tests kill it.
    /// </summary>
    private static async Task<int> GatewayAsync(Knobs knobs)
    {
        var upstreams = Enumerable.Range(1, knobs.GatewayOf).Select(i => new NativeMcp.Runtime.Gateway.McpUpstream(new NativeMcp.Runtime.Gateway.McpUpstreamOptions
        {
            Name = "child" + i,
            Command = Environment.ProcessPath!,
            Arguments = [typeof(Program).Assembly.Location, "--name", "child" + i, "--lifetime", knobs.Lifetime.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--grandchild", knobs.Grandchild ? "on" : "off"],
            Supervisor = [Environment.ProcessPath!, typeof(Program).Assembly.Location, NativeMcp.Runtime.Gateway.ChildSupervisor.Flag],
        })).ToList();
        var options = new McpServerOptions
        {
            ServerInfo = new ModelContextProtocol.Protocol.Implementation { Name = "gateway", Version = "1.0.0" },
            ToolCollection = [],
        };
        foreach (var (upstream, i) in upstreams.Select((u, i) => (u, i + 1)))
        {
            foreach (var tool in new[] { "pid", "grandchild" })
            {
                var name = tool + "_child" + i;
                options.ToolCollection.Add(new NativeMcp.Runtime.Gateway.ForwardedTool(name, tool,
                    Encoding.UTF8.GetBytes("{\"name\":\"" + name + "\",\"inputSchema\":{\"type\":\"object\"}}"), default, null, upstream));
            }
        }
        await using (var server = McpServer.Create(new StdioServerTransport("gateway"), options))
        {
            await server.RunAsync();
        }
        foreach (var upstream in upstreams) await upstream.DisposeAsync();
        return 0;
    }

    private static bool Authorized(HttpRequest request, Knobs knobs, ConcurrentDictionary<string, DateTimeOffset> issued)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (knobs.Bearer is { } bearer && authorization != "Bearer " + bearer) return false;
        if (knobs.Basic is { } basic && authorization != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(basic))) return false;
        if (knobs.Header is { } header && request.Headers[header.Name].ToString() != header.Value) return false;
        if (knobs.OAuth is not null)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return false;
            if (!issued.TryGetValue(authorization["Bearer ".Length..], out var expires) || expires < DateTimeOffset.UtcNow) return false;
        }
        return true;
    }
}
