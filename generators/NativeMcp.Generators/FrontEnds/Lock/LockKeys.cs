namespace NativeMcp.Generators.FrontEnds.Lock;

/// <summary>The keys of a lock file (<c>&lt;spec&gt;.lock.json</c>), per level; specs/README.md documents the format.</summary>
internal static class LockKeys
{
    /// <summary>The lock format this generator reads (and <c>nativemcp sync</c> writes).</summary>
    public const string Version = "1";

    public static readonly string[] Root = { "nativemcp", "upstreams" };

    public static readonly string[] Upstream = { "protocolVersion", "serverInfo", "tools", "resources", "resourceTemplates", "prompts" };

    public static readonly string[] Entry = { "hash", "definition" };
}
