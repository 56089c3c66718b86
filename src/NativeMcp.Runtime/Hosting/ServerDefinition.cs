using System;
using System.Collections.Generic;
using System.Net.Http;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Serving;

namespace NativeMcp.Runtime.Hosting;

/// <summary>Everything a host needs to run one generated server; the generator emits one per spec.</summary>
public sealed class ServerDefinition
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public string? Title { get; init; }

    public string? StartupMessage { get; init; }

    public required IReadOnlyList<EnvVar> Environment { get; init; }

    /// <summary>Builds the server options (tools, info, capabilities) for a loaded environment.</summary>
    public required Func<EnvironmentValues, HttpMessageHandler?, McpServerOptions> CreateOptions { get; init; }

    /// <summary>The spec's <c>serve</c> section for a loaded environment (defaults when the spec has none).</summary>
    public Func<EnvironmentValues, ServeSettings> Http { get; init; } = _ => new ServeSettings();

    /// <summary>
    /// The HTTP runner (<c>Http.HttpServing.RunAsync</c>) for specs with a <c>serve</c> section; null for
    /// stdio-only servers, which then do not carry Kestrel at all. A delegate, not a reference: Hosting never
    /// depends on Http, and the trimmer drops Kestrel from binaries that do not set it.
    /// </summary>
    public Func<ServerDefinition, ScopedOptions, ServeSettings, HostArguments, int, System.Threading.Tasks.Task<int>>? ServeHttp { get; init; }

    /// <summary>
    /// The initialize result after its protocolVersion, as JSON the generator computed (capabilities, serverInfo,
    /// instructions): the stdio host answers initialize without building anything.
    /// </summary>
    public string? InitializeResult { get; init; }

    /// <summary>The spec's <c>server.drainTimeout</c>: how long requests already read may take at end of input or SIGTERM.</summary>
    public TimeSpan DrainTimeout { get; init; } = Stdio.StdioSettings.DefaultDrainTimeout;

    /// <summary>The spec's <c>server.maxArgumentSize</c>: the largest single tools/call argument, in JSON bytes.</summary>
    public long MaxArgumentBytes { get; init; } = Stdio.StdioSettings.DefaultMaxArgumentBytes;

    /// <summary>Per-tool scope overrides from the spec; other tools get their scope from their verb.</summary>
    public IReadOnlyDictionary<string, string>? ToolScopes { get; init; }

    /// <summary>Each tool's <c>group</c> (its toolset), for tools that have one; <c>--toolsets</c> narrows the server to some.</summary>
    public IReadOnlyDictionary<string, string>? ToolGroups { get; init; }
}
