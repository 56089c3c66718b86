using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Packaging;

/// <summary>
/// The LinkTime binary cross-compiled for linux-arm64 (Debian's gcc-aarch64-linux-gnu, see NativeMcp.Aot.props),
/// run under qemu-user with the arm64 C library of Debian's cross packages, and driven by the SDK client.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Packaging)]
public sealed class Arm64BinaryTests
{
    private const string Qemu = "qemu-aarch64-static";
    private const string Arm64Libraries = "/usr/aarch64-linux-gnu"; // libc6-arm64-cross

    [Fact]
    public async Task The_arm64_binary_is_aarch64_code_and_answers_initialize_under_qemu()
    {
        var binary = PackagingArtifacts.Require(PackagingArtifacts.Binary("linux-arm64", "linktime-mcp"));
        var header = new byte[20];
        using (var file = File.OpenRead(binary)) file.ReadExactly(header);
        Assert.Equal(183, BitConverter.ToUInt16(header, 18)); // EM_AARCH64

        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = _ => FakeResponse.Json("""{"name":"Ann Example","email":"ann@example.com"}""");
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = Qemu,
            Arguments = ["-L", Arm64Libraries, binary],
            Name = "linktime-arm64",
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["LINKTIME_API_KEY"] = "lt_live_arm64",
                ["LINKTIME_BASE_URL"] = upstream.BaseUrl,
            },
        }));

        Assert.Equal("linktime", client.ServerInfo!.Name);
        Assert.Equal(32, (await client.ListToolsAsync()).Count);
        var result = await client.CallJsonAsync("get_me");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("/api/v1/me", Assert.Single(upstream.Requests).Path);
    }
}
