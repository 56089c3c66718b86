using System;
using System.Collections.Generic;

namespace NativeMcp.Runtime.Upstream;

/// <summary>One resolved upstream of a spec (<c>upstream</c> or an entry of <c>upstreams</c>): env substituted.</summary>
public sealed class UpstreamOptions
{
    /// <summary>For messages: the spec's upstream name, or the server title for the single upstream.</summary>
    public string Name { get; init; } = "upstream";

    public required string BaseUrl { get; init; }

    public UpstreamAuth Auth { get; init; } = UpstreamAuth.None;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Per attempt; a tool's own timeout replaces it.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public RetryPolicy? Retry { get; init; }

    public RateLimitPolicy? RateLimit { get; init; }

    /// <summary>Answers larger than this are refused with <c>response_too_large</c> rather than read into memory.</summary>
    public long MaxResponseBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Hints appended to tool errors, by upstream HTTP status.</summary>
    public IReadOnlyDictionary<int, string> ErrorHints { get; init; } = new Dictionary<int, string>();

    /// <summary>Values that must never appear in a result or an error (declared <c>secret: true</c>).</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
}
