using System;

namespace NativeMcp.Runtime.Upstream;

/// <summary>What came back: an HTTP answer, or the failure that prevented one.</summary>
public sealed class UpstreamResponse
{
    public required UpstreamOptions Upstream { get; init; }

    public required string Method { get; init; }

    /// <summary>The request path (never the query string, which may carry a credential).</summary>
    public required string Path { get; init; }

    /// <summary>HTTP status, or 0 when there is no answer (see <see cref="Failure"/>).</summary>
    public int Status { get; init; }

    public string? ReasonPhrase { get; init; }

    public string? MediaType { get; init; }

    public byte[] Body { get; init; } = [];

    public TimeSpan? RetryAfter { get; init; }

    public UpstreamFailure? Failure { get; init; }

    /// <summary>How many attempts were made (more than one when retries happened).</summary>
    public int Attempts { get; init; } = 1;

    public bool IsSuccess => Failure is null && Status is >= 200 and < 300;
}
