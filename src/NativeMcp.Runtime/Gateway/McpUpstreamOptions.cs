using System;
using System.Collections.Generic;
using System.Net.Http;
using NativeMcp.Runtime.Upstream;

namespace NativeMcp.Runtime.Gateway;

/// <summary>One MCP upstream of a gateway, as the spec and its lock declare it (env already substituted).</summary>
public sealed class McpUpstreamOptions
{
    /// <summary>The spec's name for the upstream; it names the upstream in every error a caller sees.</summary>
    public required string Name { get; init; }

    public McpTransportKind Transport { get; init; } = McpTransportKind.Stdio;

    // ---- stdio

    /// <summary>The program to run (stdio).</summary>
    public string? Command { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// The child's environment beyond the few variables every program needs (PATH, HOME, locale, temp): the
    /// gateway's own environment, which holds other upstreams' secrets, is not passed on.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// The program and leading arguments of the <see cref="ChildSupervisor"/> the child runs under (Linux), so its
    /// whole process tree ends with the gateway; null starts it without one. Defaults to <see cref="ChildSupervisor.Command"/>.
    /// </summary>
    public IReadOnlyList<string>? Supervisor { get; init; } = ChildSupervisor.Command;

    /// <summary>Lines of the child's stderr kept for the error a caller sees when it crashes.</summary>
    public int StderrTailLines { get; init; } = 10;

    // ---- HTTP

    /// <summary>The MCP endpoint (Streamable HTTP, SSE or auto-detected).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Headers sent with every request (custom header auth lives in <see cref="Auth"/> instead).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Bearer, basic, a custom header, OAuth2 client credentials or an OAuth2 refresh token.</summary>
    public UpstreamAuth Auth { get; init; } = UpstreamAuth.None;

    /// <summary>The innermost handler (tests, proxies, certificates); a <see cref="SocketsHttpHandler"/> when null.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    // ---- time

    /// <summary>Start (stdio) or reach (HTTP) the upstream and finish the MCP handshake within this.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A tool call that has no answer after this is cancelled upstream and answered with an error.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>With no call for this long the connection is closed (a stdio child ended); null keeps it.</summary>
    public TimeSpan? IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public McpRestartPolicy Restart { get; init; } = McpRestartPolicy.Default;

    // ---- the lock

    public DriftPolicy Drift { get; init; } = DriftPolicy.Refuse;

    /// <summary>The upstream's tools as the lock file has them, by their upstream names.</summary>
    public IReadOnlyDictionary<string, LockedTool> LockedTools { get; init; } = new Dictionary<string, LockedTool>();

    /// <summary>The upstream's exposed resources as the lock has them, by uri (checked like the tools).</summary>
    public IReadOnlyDictionary<string, LockedTool> LockedResources { get; init; } = new Dictionary<string, LockedTool>();

    /// <summary>The upstream's exposed resource templates as the lock has them, by uriTemplate.</summary>
    public IReadOnlyDictionary<string, LockedTool> LockedResourceTemplates { get; init; } = new Dictionary<string, LockedTool>();

    /// <summary>The upstream's exposed prompts as the lock has them, by their upstream names.</summary>
    public IReadOnlyDictionary<string, LockedTool> LockedPrompts { get; init; } = new Dictionary<string, LockedTool>();

    /// <summary>
    /// Values masked in every text that leaves the gateway. The credentials in <see cref="Auth"/>, the values
    /// of <see cref="Environment"/> and <see cref="Headers"/> are masked without being listed here.
    /// </summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
}
