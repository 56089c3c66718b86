namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// What the gateway does with an upstream tool whose definition no longer hashes to the one in the lock.
/// Tools the upstream offers beyond the lock are never served: they were not compiled in and nobody reviewed them.
/// </summary>
public enum DriftPolicy
{
    /// <summary>Any change refuses the tool: every call answers an error naming the tool and what changed.</summary>
    Refuse,

    /// <summary>
    /// A change that only adds (a new optional input, a new key such as annotations) is served; anything that
    /// removes or alters what was locked is refused as with <see cref="Refuse"/>.
    /// </summary>
    AllowAdditions,

    /// <summary>Every change is served (the lock is then a record, not a gate).</summary>
    AcceptChanges,
}
