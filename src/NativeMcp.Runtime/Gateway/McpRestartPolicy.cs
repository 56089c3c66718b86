using System;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// How a crashed stdio child is restarted: the n-th restart in a row waits <see cref="InitialBackoff"/> × 2^(n-1),
/// at most <see cref="MaxBackoff"/>; a child that stayed up for <see cref="ResetAfter"/> starts the count again.
/// </summary>
public sealed class McpRestartPolicy
{
    public static readonly McpRestartPolicy Default = new();

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ResetAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before restart number <paramref name="attempt"/> (1 for the first after a crash).</summary>
    public TimeSpan BackoffFor(int attempt)
    {
        if (attempt <= 0) return TimeSpan.Zero;
        var ticks = InitialBackoff.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= MaxBackoff.Ticks ? MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }
}
