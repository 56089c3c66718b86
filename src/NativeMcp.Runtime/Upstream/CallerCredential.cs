using System;
using System.Threading;

namespace NativeMcp.Runtime.Upstream;

/// <summary>
/// The API key of the HTTP caller whose request is being served, for upstream auth declared with
/// <c>forward: true</c>: each tenant's calls then reach the upstream with that tenant's own key, so one key
/// never sees another's data. Flows with the request's execution context; unset over stdio.
/// </summary>
public static class CallerCredential
{
    private static readonly AsyncLocal<string?> Value = new();

    public static string? Current => Value.Value;

    /// <summary>Sets the caller's key until the returned scope is disposed.</summary>
    public static IDisposable Use(string? key)
    {
        var previous = Value.Value;
        Value.Value = key;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Value.Value = previous;
    }
}
