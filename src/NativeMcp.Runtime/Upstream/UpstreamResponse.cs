using System;

namespace NativeMcp.Runtime.Upstream;

/// <summary>What came back: an HTTP answer, or the transport failure that prevented one.</summary>
public sealed class UpstreamResponse
{
    public required string Method { get; init; }

    /// <summary>The request path (never the query string, which may carry a credential).</summary>
    public required string Path { get; init; }

    /// <summary>HTTP status, or 0 when the request never got an answer.</summary>
    public int Status { get; init; }

    public string? ReasonPhrase { get; init; }

    public string? MediaType { get; init; }

    public byte[] Body { get; init; } = [];

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Why there is no answer: timeout, refused connection, DNS, TLS.</summary>
    public string? Failure { get; init; }

    public bool IsSuccess => Status is >= 200 and < 300;
}
