namespace NativeMcp.Runtime.Vocabulary;

// Shared by the runtime and the generator (linked into it as source): keep it netstandard2.0-clean.

/// <summary>The inbound scopes a tool can need (a spec tool's <c>scope:</c>, an API key's scopes).</summary>
public static class Scopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    public static readonly string[] All = { Read, Write, Admin };

    /// <summary>Verbs a tool name starts with when the tool only reads (the Runflow convention).</summary>
    private static readonly string[] ReadVerbs = { "list_", "get_", "check_", "search_", "render_", "fetch_", "read_", "find_", "query_", "describe_", "count_" };

    /// <summary>
    /// The scope a tool's verb implies: <c>read</c> for list_/get_/check_/search_/..., <c>admin</c> for delete_,
    /// <c>write</c> for every other verb. The one rule: the server's scope checks and the generator's read-only
    /// SQL tools both use it.
    /// </summary>
    public static string ForName(string toolName)
    {
        if (toolName.StartsWith("delete_", System.StringComparison.Ordinal)) return Admin;
        foreach (var verb in ReadVerbs)
        {
            if (toolName.StartsWith(verb, System.StringComparison.Ordinal)) return Read;
        }
        return Write;
    }
}
