namespace NativeMcp.Runtime.Vocabulary;

// Shared by the runtime and the generator (linked into it as source): keep it netstandard2.0-clean.

/// <summary>The inbound scopes a tool can need (a spec tool's <c>scope:</c>, an API key's scopes).</summary>
public static class Scopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    public static readonly string[] All = { Read, Write, Admin };
}
