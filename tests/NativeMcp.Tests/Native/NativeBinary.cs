using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace NativeMcp.Tests.Native;

/// <summary>
/// Where the published LinkTime binary is: NATIVEMCP_LINKTIME_BINARY, or artifacts/linux-x64/linktime-mcp
/// as `dotnet cake --target=Test` publishes it before running the tests.
/// </summary>
internal static class NativeBinary
{
    public static string LinkTimePath([CallerFilePath] string thisFile = "")
    {
        var fromEnv = Environment.GetEnvironmentVariable("NATIVEMCP_LINKTIME_BINARY");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        var repoRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
        return Path.Combine(repoRoot, "artifacts", "linux-x64", "linktime-mcp");
    }
}
