using System;
using System.Runtime.CompilerServices;
using Xunit;

namespace NativeMcp.Tests.Native;

/// <summary>
/// Where the published binaries and the pinned Inspector are: artifacts/linux-x64/&lt;binary&gt; and
/// tests/inspector/node_modules, as `dotnet cake --target=Test` prepares them before running the tests
/// (NATIVEMCP_ARTIFACTS overrides the folder). A missing one fails the test in one line that says what to run.
/// </summary>
internal static class NativeBinary
{
    public static string RepoRoot([CallerFilePath] string thisFile = "") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(thisFile)!, "..", "..", ".."));

    public static string LinkTimePath() => Require(ArtifactsFolder(), "linktime-mcp", "specs/linktime.yaml");

    public static string ConferbotPath() => Require(ArtifactsFolder(), "conferbot-mcp", "specs/conferbot.yaml");

    public static string SqlTestPath() => Require(ArtifactsFolder(), "sqltest-mcp", "tests/NativeMcp.Tests/Specs/sqltest.yaml");

    public static string RunflowGatewayPath() => Require(ArtifactsFolder(), "runflow-gateway-mcp", "specs/runflow-gateway.yaml");

    public static string RegistryPath() => Require(ArtifactsFolder(), "registry-mcp", "specs/registry.yaml");
    public static string OpenApiPetstorePath() => Require(ArtifactsFolder(), "openapi-petstore-mcp", "tests/NativeMcp.Tests/OpenApi/petstore.nativemcp.yaml");

    public static string OpenApiPetstoreDynamicPath() => Require(ArtifactsFolder(), "openapi-petstore-dynamic-mcp", "tests/NativeMcp.Tests/OpenApi/petstore-dynamic.nativemcp.yaml");

    public static string InspectorPath()
    {
        var path = System.IO.Path.Combine(RepoRoot(), "tests", "inspector", "node_modules", ".bin", "mcp-inspector");
        if (!System.IO.File.Exists(path)) Assert.Fail($"MCP Inspector not found at {path}: run `npm ci` in tests/inspector (or `dotnet cake --target=Test`, which installs it).");
        return path;
    }

    /// <summary>The path of a published binary; fails the calling test when it is not there.</summary>
    internal static string Require(string folder, string binary, string spec)
    {
        var path = System.IO.Path.Combine(folder, binary);
        if (!System.IO.File.Exists(path))
        {
            Assert.Fail($"Native binary {binary} not found in {folder}: run `dotnet cake --target=Publish --spec={spec}` (or `dotnet cake --target=Test`, which publishes it).");
        }
        return path;
    }

    private static string ArtifactsFolder() =>
        Environment.GetEnvironmentVariable("NATIVEMCP_ARTIFACTS") is { Length: > 0 } fromEnv
            ? fromEnv
            : System.IO.Path.Combine(RepoRoot(), "artifacts", "linux-x64");
}
