namespace NativeMcp.Runtime.Vocabulary;

// Shared by the runtime and the generator (linked into it as source): keep it netstandard2.0-clean.

/// <summary>The keys NativeMcp writes into a primitive's <c>_meta</c>.</summary>
public static class MetaKeys
{
    /// <summary>A tool's <c>group:</c> (its domain), for clients that group tools.</summary>
    public const string Group = "nativemcp/group";
}
