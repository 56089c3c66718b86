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
    private static readonly AsyncLocal<(string? Key, string? KeyId)> Value = new();

    /// <summary>The caller's key, for upstream auth that forwards it.</summary>
    public static string? Current => Value.Value.Key;

    /// <summary>The caller's key id (safe to log), or null over stdio.</summary>
    public static string? KeyId => Value.Value.KeyId;

    /// <summary>Sets the caller until the returned scope is disposed.</summary>
    public static IDisposable Use(string? key, string? keyId)
    {
        var previous = Value.Value;
        Value.Value = (key, keyId);
        return new Restore(previous);
    }

    private sealed class Restore((string?, string?) previous) : IDisposable
    {
        public void Dispose() => Value.Value = previous;
    }
}
