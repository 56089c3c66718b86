using System;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// How a tenant sees a registered server's tool: <c>&lt;server id&gt;__&lt;tool&gt;</c>, e.g.
/// <c>mcp_0a1b2c3d4e5f60718293__list_events</c>. The server id, not its name, because ids never change and are
/// unique, and they hold no <c>__</c> (<c>mcp_</c> and hex): the first <c>__</c> ends the id, so two servers'
/// tools can never share a name. Names longer than MCP's 64 characters are left out of tools/list.
/// </summary>
internal static class TenantToolName
{
    public const string Separator = "__";

    /// <summary>The longest tool name MCP clients accept.</summary>
    public const int MaxLength = 64;

    /// <summary>The exposed name, or null when it would break MCP's name rules (too long, or characters outside A-Z a-z 0-9 _ - .).</summary>
    public static string? Compose(string serverId, string tool)
    {
        var name = serverId + Separator + tool;
        if (name.Length > MaxLength || tool.Length == 0) return null;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')) return null;
        }
        return name;
    }

    /// <summary>Splits an exposed name at its first separator; false when it has none.</summary>
    public static bool TryParse(string name, out string serverId, out string tool)
    {
        var at = name.IndexOf(Separator, StringComparison.Ordinal);
        serverId = at > 0 ? name[..at] : "";
        tool = at > 0 ? name[(at + Separator.Length)..] : "";
        return at > 0 && tool.Length > 0;
    }
}
