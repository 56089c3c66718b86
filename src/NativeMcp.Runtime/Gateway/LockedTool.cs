using System;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// One upstream definition as the lock file recorded it (a tool, and likewise a resource, resource template or
/// prompt): its hash and its canonical definition.
/// </summary>
public sealed class LockedTool
{
    /// <param name="hash">The lock's <c>sha256:…</c> (<see cref="ToolDefinitionHash"/>).</param>
    /// <param name="canonicalJsonUtf8">The locked definition as RFC 8785 JSON; lets a refusal say what changed.</param>
    public LockedTool(string hash, ReadOnlySpan<byte> canonicalJsonUtf8)
    {
        Hash = hash;
        CanonicalJson = canonicalJsonUtf8.ToArray();
    }

    public string Hash { get; }

    public ReadOnlyMemory<byte> CanonicalJson { get; }
}
