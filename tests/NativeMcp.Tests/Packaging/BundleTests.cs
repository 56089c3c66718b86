using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Json.Schema;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Packaging;

/// <summary>
/// LinkTime's Claude Desktop bundles and its MCP registry server.json (`dotnet cake --target=PackBundles`), checked
/// against the schemas their owners publish (Packaging/Schemas, with where each came from).
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Packaging)]
public sealed class BundleTests
{
    private static readonly string Bundles = PackagingArtifacts.Folder("bundles");

    private static void AssertValid(string schemaFile, string json)
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Packaging", "Schemas", schemaFile)));
        var result = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value)).ToList();
        Assert.True(result.IsValid, schemaFile + ":\n" + string.Join("\n", errors));
    }

    [Theory]
    [InlineData("linux-x64")]
    [InlineData("linux-arm64")]
    public void Each_bundle_holds_a_valid_manifest_and_its_platforms_binary(string rid)
    {
        using var zip = ZipFile.OpenRead(PackagingArtifacts.Require(Path.Combine(Bundles, $"linktime-mcp-{rid}.mcpb")));
        Assert.Equal(["manifest.json", "server/linktime-mcp"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        string manifestText;
        using (var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open())) manifestText = reader.ReadToEnd();
        AssertValid("mcpb-manifest-v0.3.schema.json", manifestText);

        var manifest = JsonDocument.Parse(manifestText).RootElement;
        Assert.Equal("binary", manifest.GetProperty("server").GetProperty("type").GetString());
        Assert.Equal("${__dirname}/server/linktime-mcp", manifest.GetProperty("server").GetProperty("mcp_config").GetProperty("command").GetString());
        var env = manifest.GetProperty("server").GetProperty("mcp_config").GetProperty("env");
        Assert.Equal("${user_config.linktime_api_key}", env.GetProperty("LINKTIME_API_KEY").GetString());
        var key = manifest.GetProperty("user_config").GetProperty("linktime_api_key");
        Assert.True(key.GetProperty("sensitive").GetBoolean());
        Assert.True(key.GetProperty("required").GetBoolean());
        Assert.Equal("https://linktime.io", manifest.GetProperty("user_config").GetProperty("linktime_base_url").GetProperty("default").GetString());
        Assert.Equal(32, manifest.GetProperty("tools").GetArrayLength());
        Assert.Equal(["linux"], manifest.GetProperty("compatibility").GetProperty("platforms").EnumerateArray().Select(p => p.GetString()));

        var binary = zip.GetEntry("server/linktime-mcp")!;
        Assert.Equal(0x81ED, (binary.ExternalAttributes >> 16) & 0xFFFF); // a regular file, rwxr-xr-x
        using var stream = binary.Open();
        var header = new byte[20];
        stream.ReadExactly(header);
        Assert.Equal(rid == "linux-x64" ? 62 : 183, BitConverter.ToUInt16(header, 18));
    }

    [Fact]
    public async Task The_x64_bundles_binary_runs_once_unpacked()
    {
        using var folder = new TempFolder("nativemcp-mcpb");
        ZipFile.ExtractToDirectory(Path.Combine(Bundles, "linktime-mcp-linux-x64.mcpb"), folder.Path);
        var binary = Path.Combine(folder.Path, "server", "linktime-mcp");

        var version = await Processes.RunAsync(binary, ["--version"], folder.Path, TimeSpan.FromSeconds(30));

        Assert.Equal(0, version.ExitCode);
        Assert.Equal("linktime 1.0.0", version.Output.Trim());
    }

    [Fact]
    public void Server_json_is_valid_and_names_the_npm_package_and_each_bundle_with_its_hash()
    {
        var text = File.ReadAllText(PackagingArtifacts.Require(Path.Combine(Bundles, "server.json")));
        AssertValid("server.schema.json", text);

        var server = JsonDocument.Parse(text).RootElement;
        Assert.Equal("1.0.0", server.GetProperty("version").GetString());
        var packages = server.GetProperty("packages").EnumerateArray().ToList();
        var npm = Assert.Single(packages, p => p.GetProperty("registryType").GetString() == "npm");
        Assert.Equal("linktime-mcp", npm.GetProperty("identifier").GetString());
        var variables = npm.GetProperty("environmentVariables").EnumerateArray().ToList();
        Assert.Equal(["LINKTIME_API_KEY", "LINKTIME_BASE_URL"], variables.Select(v => v.GetProperty("name").GetString()));
        Assert.True(variables[0].GetProperty("isSecret").GetBoolean());

        // The registry accepts the npm package only when its package.json names the same server.
        var packageJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(PackagingArtifacts.Folder("npm"), "linktime-mcp", "package.json"))).RootElement;
        Assert.Equal(server.GetProperty("name").GetString(), packageJson.GetProperty("mcpName").GetString());

        var bundles = packages.Where(p => p.GetProperty("registryType").GetString() == "mcpb").ToList();
        Assert.Equal(2, bundles.Count);
        foreach (var bundle in bundles)
        {
            var file = Path.Combine(Bundles, bundle.GetProperty("identifier").GetString()!.Split('/')[^1]);
            using var stream = File.OpenRead(file);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant(), bundle.GetProperty("fileSha256").GetString());
        }
    }

    [Fact]
    public void The_schemas_reject_what_they_should()
    {
        // A control that the validation is real: the registry needs a reverse-DNS name, a bundle needs an author.
        var ex = Assert.ThrowsAny<Exception>(() => AssertValid("server.schema.json", """{"name":"linktime","description":"x","version":"1.0.0"}"""));
        Assert.Contains("server.schema.json", ex.Message);
        Assert.ThrowsAny<Exception>(() => AssertValid("mcpb-manifest-v0.3.schema.json", """{"manifest_version":"0.3","name":"x","version":"1","description":"x","server":{"type":"binary","entry_point":"a","mcp_config":{"command":"a"}}}"""));
    }
}
