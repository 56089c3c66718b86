using System;
using System.Collections.Generic;

namespace NativeMcp.Runtime.Upstream;

/// <summary>The spec's <c>upstream.retry</c>: which answers are retried, how often and for how long.</summary>
public sealed class RetryPolicy
{
    public int MaxAttempts { get; init; } = 3;

    public IReadOnlyCollection<int> Statuses { get; init; } = [429, 502, 503, 504];

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The whole call, all attempts and waits included, stays within this.</summary>
    public TimeSpan MaxElapsed { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Exponential backoff with "equal jitter": half fixed, half random, so retries spread out.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }
}

/// <summary>The spec's <c>upstream.rateLimit</c>: at most <see cref="Requests"/> per <see cref="Per"/>.</summary>
public sealed class RateLimitPolicy
{
    public required int Requests { get; init; }

    public required TimeSpan Per { get; init; }

    /// <summary>How long a call may wait for its turn before it fails with <c>rate_limited</c>.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(30);
}
