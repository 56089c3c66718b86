using System;
using System.Collections.Generic;
using System.Net.Http;
using ModelContextProtocol.Server;

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
}
