using System;
using System.Runtime.CompilerServices;

namespace NativeMcp.Tests.Native;

/// <summary>
/// Where the published binaries and the pinned Inspector are: artifacts/linux-x64/&lt;binary&gt; and
/// tests/inspector/node_modules, as `dotnet cake --target=Test` prepares them before running the tests
/// (NATIVEMCP_ARTIFACTS overrides the folder).
/// </summary>
internal static class NativeBinary
{
    public static string RepoRoot([CallerFilePath] string thisFile = "") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(thisFile)!, "..", "..", ".."));

    public static string LinkTimePath() => Artifact("linktime-mcp");

    public static string ConferbotPath() => Artifact("conferbot-mcp");

    public static string InspectorPath() =>
        System.IO.Path.Combine(RepoRoot(), "tests", "inspector", "node_modules", ".bin", "mcp-inspector");

    private static string Artifact(string binary)
    {
        var folder = Environment.GetEnvironmentVariable("NATIVEMCP_ARTIFACTS") is { Length: > 0 } fromEnv
            ? fromEnv
            : System.IO.Path.Combine(RepoRoot(), "artifacts", "linux-x64");
        return System.IO.Path.Combine(folder, binary);
    }
}
