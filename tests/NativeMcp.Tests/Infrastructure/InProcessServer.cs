using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Runtime.Stdio;

namespace NativeMcp.Tests.Infrastructure;

/// <summary>
/// A generated server and the real SDK client, connected by in-memory pipes: the same JSON-RPC bytes
/// as stdio, without a process. The server is the stdio host's own loop (<see cref="StdioServer"/>) over
/// exactly the options the generated code builds, or, with <c>sdkServer</c>, the SDK's McpServer (tests of
/// what the SDK server logs).
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly McpServer? _server;
    private readonly Task _serverRun;
    private readonly CancellationTokenSource _stop;
    private readonly Pipe? _input;

    private InProcessServer(McpServer? server, Pipe? input, McpClient client, Task serverRun, CancellationTokenSource stop, CapturingLoggerFactory logs)
    {
        _input = input;
        Logs = logs;
        _server = server;
        _stop = stop;
        Client = client;
        _serverRun = serverRun;
    }

    public McpClient Client { get; }

    /// <summary>Everything the server logged, at every level.</summary>
    public CapturingLoggerFactory Logs { get; }

    public static async Task<InProcessServer> StartAsync(
        ServerDefinition definition,
        IReadOnlyDictionary<string, string?> environment,
        HttpMessageHandler? upstreamHandler = null,
        McpClientOptions? clientOptions = null,
        bool sdkServer = false,
        IReadOnlySet<string>? toolsets = null,
        IReadOnlySet<string>? scopes = null)
    {
        var env = EnvironmentValues.Load(definition.Environment, environment, out var errors);
        if (errors.Count > 0) throw new InvalidOperationException(string.Join("; ", errors));
        var options = definition.CreateOptions(env, upstreamHandler);
        // As the host narrows a server started with --toolsets, and --read-only or an HTTP key narrows it to scopes.
        if (toolsets is not null || scopes is not null)
        {
            options = new NativeMcp.Runtime.Serving.ScopedOptions(options, definition.ToolScopes, null, definition.ToolGroups, toolsets).For(scopes);
        }

        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var logs = new CapturingLoggerFactory();
        if (!sdkServer)
        {
            var stdio = new StdioServer(StdioSettingsFor(definition, env), () => options, clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
            var running = stdio.RunAsync();
            var stdioClient = await McpClient.CreateAsync(
                new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()),
                clientOptions);
            return new InProcessServer(null, clientToServer, stdioClient, running, new CancellationTokenSource(), logs);
        }
        var server = McpServer.Create(
            new StreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream(), loggerFactory: logs),
            options,
            logs);
        // The server stops by itself after two minutes even if a test never disposes it.
        var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = server.RunAsync(stop.Token);

        var client = await McpClient.CreateAsync(
            new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()),
            clientOptions);
        return new InProcessServer(server, null, client, run, stop, logs);
    }

    /// <summary>The settings the stdio host builds from a definition.</summary>
    public static StdioSettings StdioSettingsFor(ServerDefinition definition, EnvironmentValues env) => new()
    {
        InitializeResult = definition.InitializeResult!,
        DrainTimeout = definition.DrainTimeout,
        MaxArgumentBytes = definition.MaxArgumentBytes,
        Secrets = env.Secrets,
    };

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        _stop.Cancel();
        if (_input is not null) await _input.Writer.CompleteAsync();
        if (_server is not null) await _server.DisposeAsync();
        try
        {
            await _serverRun;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
