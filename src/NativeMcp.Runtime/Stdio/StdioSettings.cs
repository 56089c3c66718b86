using System;
using System.Collections.Generic;

namespace NativeMcp.Runtime.Stdio;

/// <summary>What the stdio server needs from the spec besides its tools.</summary>
public sealed class StdioSettings
{
    /// <summary>The initialize result after its protocolVersion (capabilities, serverInfo, instructions) as JSON.</summary>
    public required string InitializeResult { get; init; }

    /// <summary>How long, after end of input or SIGTERM/SIGINT, requests already read may take to finish (spec: <c>server.drainTimeout</c>).</summary>
    public TimeSpan DrainTimeout { get; init; } = DefaultDrainTimeout;

    /// <summary>The largest single tools/call argument, as JSON bytes (spec: <c>server.maxArgumentSize</c>).</summary>
    public long MaxArgumentBytes { get; init; } = DefaultMaxArgumentBytes;

    /// <summary>Values redacted from any error text that reaches the client.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = Array.Empty<string>();

    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>1 MB: far above any sensible value a model writes, far below what exhausts the server.</summary>
    public const long DefaultMaxArgumentBytes = 1024 * 1024;

    /// <summary>
    /// A line longer than this is skipped unread (answered as an invalid request); shorter ones are parsed, so an
    /// oversized argument is answered by name.
    /// </summary>
    internal long MaxLineBytes => Math.Max(MaxArgumentBytes * 4, 64L * 1024 * 1024);
}
