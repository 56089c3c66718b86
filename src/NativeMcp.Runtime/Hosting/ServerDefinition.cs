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

    /// <summary>Per-tool scope overrides from the spec; other tools get their scope from their verb.</summary>
    public IReadOnlyDictionary<string, string>? ToolScopes { get; init; }
}
