using System;
using System.Collections.Generic;

namespace NativeMcp.Runtime.Upstream;

/// <summary>The resolved <c>upstream</c> section of a spec: env substituted, ready to use.</summary>
public sealed class UpstreamOptions
{
    public required string BaseUrl { get; init; }

    public UpstreamAuth Auth { get; init; } = UpstreamAuth.None;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Hints appended to tool errors, by upstream HTTP status.</summary>
    public IReadOnlyDictionary<int, string> ErrorHints { get; init; } = new Dictionary<int, string>();

    /// <summary>Values that must never appear in a result or an error (declared <c>secret: true</c>).</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
}
