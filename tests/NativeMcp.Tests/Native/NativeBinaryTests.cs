using System;
using System.IO;
using Xunit;

namespace NativeMcp.Tests.Native;

/// <summary>A native test run without its binary says so in one line, with the command that publishes it.</summary>
public sealed class NativeBinaryTests
{
    [Fact]
    public void A_missing_binary_fails_in_one_line_that_says_what_to_run()
    {
        var empty = Directory.CreateTempSubdirectory("nativemcp-no-binary-");
        try
        {
            var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => NativeBinary.Require(empty.FullName, "linktime-mcp", "specs/linktime.yaml"));
            Assert.DoesNotContain('\n', failure.Message);
            Assert.StartsWith("Native binary linktime-mcp not found in " + empty.FullName, failure.Message, StringComparison.Ordinal);
            Assert.Contains("run `dotnet cake --target=Publish --spec=specs/linktime.yaml`", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
