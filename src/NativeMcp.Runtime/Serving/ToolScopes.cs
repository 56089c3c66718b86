using System.Collections.Generic;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Serving;

/// <summary>
/// Which scope a tool needs, by the verb its name starts with (the Runflow convention): <c>read</c> for
/// list_/get_/check_/search_/render_/fetch_, <c>admin</c> for delete_, <c>write</c> for every other verb.
/// A spec's per-tool <c>scope</c> overrides the convention.
/// </summary>
public static class ToolScopes
{
    // The names themselves are the shared vocabulary's.
    public const string Read = Scopes.Read;
    public const string Write = Scopes.Write;
    public const string Admin = Scopes.Admin;

    public static string For(string toolName, IReadOnlyDictionary<string, string>? overrides = null)
    {
        if (overrides is not null && overrides.TryGetValue(toolName, out var scope)) return scope;
        return Scopes.ForName(toolName);
    }
}
