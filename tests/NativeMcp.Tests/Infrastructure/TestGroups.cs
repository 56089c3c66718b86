namespace NativeMcp.Tests.Infrastructure;

/// <summary>
/// The xunit trait that splits the tests by what they need. Tests without it are the fast group (generator,
/// binder, in-process end to end): they need nothing but the build. `dotnet cake --target=Test` runs the fast
/// group first, then the others; filter with `--filter "Group!=Native&amp;Group!=Node&amp;Group!=Packaging"` for the fast group alone.
/// </summary>
internal static class TestGroups
{
    public const string Trait = "Group";

    /// <summary>Drive a published NativeAOT binary (artifacts/linux-x64).</summary>
    public const string Native = "Native";

    /// <summary>Drive a published binary through a Node.js tool (the pinned MCP Inspector).</summary>
    public const string Node = "Node";

    /// <summary>
    /// Drive a real headless Chromium (Debian's chromium at /usr/bin/chromium, which .ci/run installs) against an
    /// in-process server. It needs no published binary, so the fast group's filter (which excludes only Native, Node
    /// and Packaging) runs it first in CI; exclude it with Group!=Browser on a machine without the browser.
    /// </summary>
    public const string Browser = "Browser";

    /// <summary>Use the packed packages and cross-compiled binaries (artifacts/packages, npm, bundles, linux-arm64):
    /// template to NativeAOT binary, npm, .mcpb and server.json, arm64 under qemu, actionlint.</summary>
    public const string Packaging = "Packaging";
}
