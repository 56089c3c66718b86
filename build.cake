// NativeMcp build script.
//   dotnet tool restore && dotnet cake                  publish specs/linktime.yaml natively and show it working
//   dotnet cake --target=Publish --spec=<path> [--rid=linux-x64]
//   dotnet cake --target=Test                           fast tests, then publish natively and run the native ones
//   dotnet cake --target=Format                         check formatting against .editorconfig (CI runs it)
//   dotnet cake --target=Bench [--rounds=20]            NativeMcp against the official SDKs and the floor -> bench/results.md
//   dotnet cake --target=Pack|PackNpm|PackBundles|Packaging   packages (packaging/packaging.cake)
#load "packaging/packaging.cake"
using System.Text.RegularExpressions;
using System.Xml.Linq;

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var spec = MakeAbsolute(File(Argument("spec", "specs/linktime.yaml")));
var rid = Argument("rid", "linux-x64");

var root = MakeAbsolute(Directory("."));
var artifacts = root.Combine("artifacts");
var defaultSpec = root.CombineWithFilePath("specs/linktime.yaml");
var hostProject = root.CombineWithFilePath("src/NativeMcp.Host/NativeMcp.Host.csproj");
var probe = root.CombineWithFilePath("bench/mcp-probe.cs");

// The binary is named by the spec's server.binary. MSBuild needs the name before the generator runs,
// so it is read here with a pattern that fits both YAML and JSON specs.
string BinaryName(FilePath specFile)
{
    var match = Regex.Match(System.IO.File.ReadAllText(specFile.FullPath), @"[""']?binary[""']?\s*:\s*[""']?([A-Za-z0-9][A-Za-z0-9._-]*)");
    if (!match.Success) throw new CakeException($"{specFile}: server.binary is missing");
    return match.Groups[1].Value;
}

// One NativeAOT publish of one spec. Trimming/AOT warnings fail it: TreatWarningsAsErrors (Directory.Build.props) reaches ILC.
FilePath Publish(FilePath specFile, string runtime)
{
    var binary = BinaryName(specFile);
    var publishDir = artifacts.Combine($"publish/{runtime}/{binary}");
    Information($"Publishing {specFile.GetFilename()} -> artifacts/{runtime}/{binary}");
    DotNetPublish(hostProject.FullPath, new DotNetPublishSettings
    {
        Configuration = configuration,
        Runtime = runtime,
        OutputDirectory = publishDir,
        MSBuildSettings = WithCrossCompiler(new DotNetMSBuildSettings()
            .WithProperty("NativeMcpSpec", specFile.FullPath)
            .WithProperty("NativeMcpBinaryName", binary), runtime),
    });
    var output = artifacts.Combine(runtime).CombineWithFilePath(Executable(binary, runtime));
    EnsureDirectoryExists(output.GetDirectory());
    CopyFile(publishDir.CombineWithFilePath(Executable(binary, runtime)), output);
    return output;
}

void RunProbe(params string[] arguments)
{
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = ProcessArgumentBuilder.FromStrings(new[] { "run", probe.FullPath, "--" }.Concat(arguments)),
        WorkingDirectory = root,
    });
    if (exit != 0) throw new CakeException($"bench/mcp-probe.cs exited with {exit}");
}

Task("Clean").Does(() => CleanDirectory(artifacts));

Task("Build").Does(() => DotNetBuild(root.CombineWithFilePath("NativeMcp.sln").FullPath, new DotNetBuildSettings { Configuration = configuration }));

Task("Publish")
    .Description("Publish --spec (default specs/linktime.yaml) for --rid, then show it working over stdio.")
    .Does(() =>
{
    var binary = Publish(spec, rid);
    if (rid == "linux-x64") RunProbe("demo", binary.FullPath);
});

// The official MCP Inspector, pinned by tests/inspector/package-lock.json, for the CLI checks of native binaries.
void InstallInspector()
{
    var exit = StartProcess("npm", new ProcessSettings
    {
        Arguments = "ci --no-audit --no-fund --loglevel=error",
        WorkingDirectory = root.Combine("tests/inspector"),
    });
    if (exit != 0) throw new CakeException($"npm ci for the Inspector exited with {exit}");
}

// The official conformance suite against the native fixture over HTTP on 127.0.0.1.
void RunConformanceSuite()
{
    var binary = Publish(root.CombineWithFilePath("specs/conformance.yaml"), "linux-x64");
    var folder = root.Combine("tests/conformance");
    if (StartProcess("npm", new ProcessSettings { Arguments = "ci --no-audit --no-fund --loglevel=error", WorkingDirectory = folder }) != 0)
    {
        throw new CakeException("npm ci for the conformance suite failed");
    }

    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();

    using var server = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(binary.FullPath, $"--http --port {port} --log-level off")
    {
        RedirectStandardError = true,
        RedirectStandardOutput = true,
    });
    try
    {
        using (var http = new System.Net.Http.HttpClient())
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                try { if (http.GetStringAsync($"http://127.0.0.1:{port}/healthz").Result == "ok") break; }
                catch (AggregateException) when (DateTime.UtcNow < deadline) { System.Threading.Thread.Sleep(100); }
            }
        }

        var results = artifacts.Combine("conformance");
        CleanDirectory(results);
        var output = results.CombineWithFilePath("output.txt");
        var exit = StartProcess(folder.CombineWithFilePath("node_modules/.bin/node").FullPath, new ProcessSettings
        {
            Arguments = ProcessArgumentBuilder.FromStrings(new[]
            {
                folder.CombineWithFilePath("node_modules/@modelcontextprotocol/conformance/dist/index.js").FullPath,
                "server", "--url", $"http://127.0.0.1:{port}/mcp", "--suite", "all",
                "--expected-failures", folder.CombineWithFilePath("expected-failures.yaml").FullPath,
                "-o", results.FullPath,
            }),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }, out var stdoutLines, out var stderrLines);
        // Read once: the redirected lines can be enumerated only one time.
        var stdout = stdoutLines.ToList();
        var stderr = stderrLines.ToList();
        System.IO.File.WriteAllLines(output.FullPath, stdout.Concat(stderr));
        // Reworded on purpose: the suite's own "N passed, N failed" lines stay in the file, so that the last
        // totals line of the log is the test runner's.
        var total = stdout.Concat(stderr).Select(l => Regex.Replace(l, "\u001b\\[[0-9;]*m", "")).LastOrDefault(l => l.StartsWith("Total:"));
        Information($"Conformance suite (--suite all, expected failures in tests/conformance/expected-failures.yaml): {total?.Replace("Total:", "").Trim().Replace(",", ";")} -> exit {exit}; full output in {output}");
        if (exit != 0)
        {
            foreach (var line in stdout.Where(l => l.Contains("✗") || l.Contains("Unexpected") || l.Contains("stale"))) Error(line);
            throw new CakeException("conformance suite: unexpected failures or a stale baseline entry (see " + output + ")");
        }
    }
    finally
    {
        // SIGTERM: the server finishes in-flight requests and exits.
        if (!server.HasExited) { System.Diagnostics.Process.Start("kill", $"-TERM {server.Id}").WaitForExit(); server.WaitForExit(20000); }
    }
}

Task("Conformance")
    .Description("Run the official MCP conformance suite against the native conformance fixture over HTTP.")
    .Does(() => RunConformanceSuite());

// One group of tests (an xunit trait filter, see tests/NativeMcp.Tests/Infrastructure/TestGroups.cs) with its own
// trx folder, so that each group's totals can be printed. A failing run is returned, not thrown: totals come first.
(string Name, int Passed, int Failed, int Skipped, bool Ok) RunTestGroup(string name, string filter, DirectoryPath results, bool noBuild, IDictionary<string, string> environment)
{
    var folder = results.Combine(name);
    CleanDirectory(folder);
    var ok = true;
    try
    {
        DotNetTest(root.CombineWithFilePath("NativeMcp.sln").FullPath, new DotNetTestSettings
        {
            Configuration = configuration,
            Filter = filter,
            NoBuild = noBuild,
            ResultsDirectory = folder,
            Loggers = new[] { "trx", "console;verbosity=normal" },
            EnvironmentVariables = environment,
        });
    }
    catch (CakeException)
    {
        ok = false;
    }
    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles(folder.FullPath + "/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        passed += (int)counters.Attribute("passed");
        failed += (int)counters.Attribute("failed");
        skipped += (int)counters.Attribute("notExecuted");
    }
    PrintFailures(folder);
    return (name, passed, failed, skipped, ok && failed == 0);
}

// Each failed test again, after the run, with its message and the top of its stack: the console logger prints them
// among hundreds of passing lines, and a CI log is often read from its end.
void PrintFailures(DirectoryPath folder)
{
    foreach (var trx in GetFiles(folder.FullPath + "/*.trx"))
    {
        foreach (var result in XDocument.Load(trx.FullPath).Descendants().Where(e => e.Name.LocalName == "UnitTestResult" && (string)e.Attribute("outcome") == "Failed"))
        {
            string Text(string element) => result.Descendants().FirstOrDefault(e => e.Name.LocalName == element)?.Value ?? "";
            Error("{0}", $"FAILED {(string)result.Attribute("testName")} ({(string)result.Attribute("duration")})");
            foreach (var line in (Text("Message").TrimEnd() + "\n" + Text("StackTrace")).Split('\n').Where(l => l.Trim().Length > 0).Take(40))
            {
                Error("{0}", "    " + line.TrimEnd());
            }
        }
    }
}

Task("Test")
    .Description("Run the fast tests (generator, binder, in-process); then publish the native binaries, run the conformance suite, install the Inspector and run the native and Node-driven tests.")
    .Does(() =>
{
    var results = artifacts.Combine("test-results");
    CleanDirectory(results);
    var groups = new List<(string Name, int Passed, int Failed, int Skipped, bool Ok)>();
    try
    {
        // Fast first: a generator or binder failure shows in a minute, before any NativeAOT publish.
        groups.Add(RunTestGroup("fast", "Group!=Native&Group!=Node&Group!=Packaging", results, noBuild: false, new Dictionary<string, string>()));
        if (!groups[^1].Ok) throw new CakeException("fast tests failed; the native tests were not run");

        RunConformanceSuite();
        // Seven NativeAOT publishes (the registry's and the imported petstore's, listed and dynamic, below): LinkTime (driven by the SDK client),
        // Conferbot (driven by the Inspector CLI), the SQL test spec (one query against SQLite and one against a private
        // PostgreSQL, with SQLite linked in) and the Runflow gateway (MCP upstreams over SSE and Streamable HTTP, OAuth2
        // REST, PostgreSQL, served over HTTP).
        // Every other spec is compiled into the test assembly and tested in-process.
        Publish(defaultSpec, "linux-x64");
        Publish(root.CombineWithFilePath("tests/NativeMcp.Tests/Specs/sqltest.yaml"), "linux-x64");
        Publish(root.CombineWithFilePath("specs/runflow-gateway.yaml"), "linux-x64");
        // The registry (admin API, tenants, SQLite) started, driven and restarted by RegistryBinaryTests.
        Publish(root.CombineWithFilePath("specs/registry.yaml"), "linux-x64");
        // A server imported from an OpenAPI document (the petstore spec that is only `openapi: ./document`), driven by OpenApiBinaryTests.
        Publish(root.CombineWithFilePath("tests/NativeMcp.Tests/OpenApi/petstore.nativemcp.yaml"), "linux-x64");
        // The same document in dynamic mode (search, describe and call compiled in), driven by OpenApiBinaryTests too.
        Publish(root.CombineWithFilePath("tests/NativeMcp.Tests/OpenApi/petstore-dynamic.nativemcp.yaml"), "linux-x64");
        var binary = Publish(root.CombineWithFilePath("specs/conferbot.yaml"), "linux-x64");
        InstallInspector();
        groups.Add(RunTestGroup("native", "Group=Native|Group=Node", results, noBuild: true,
            new Dictionary<string, string> { ["NATIVEMCP_ARTIFACTS"] = binary.GetDirectory().FullPath }));
        if (!groups[^1].Ok) throw new CakeException("native tests failed");

        // NuGet, npm and .mcpb packages and the arm64 binary, then the tests that use them (packaging/packaging.cake).
        PreparePackagingTests();
        groups.Add(RunTestGroup("packaging", "Group=Packaging", results, noBuild: true, new Dictionary<string, string>()));
        if (!groups[^1].Ok) throw new CakeException("packaging tests failed");
    }
    finally
    {
        foreach (var group in groups)
        {
            Information($"{group.Name} tests: {group.Passed} passed, {group.Failed} failed, {group.Skipped} skipped{(group.Ok ? "" : " (run failed)")}");
        }
        // One plain closing line for whoever reads the log: totals over every group.
        System.Console.WriteLine($"Tests: {groups.Sum(g => g.Passed)} passed, {groups.Sum(g => g.Failed)} failed, {groups.Sum(g => g.Skipped)} skipped");
    }
});

// Formatting as .editorconfig says; CI runs it (.ci/run). To fix: `dotnet format NativeMcp.sln`.
Task("Format")
    .Description("Check that the code is formatted as .editorconfig says (dotnet format --verify-no-changes).")
    .Does(() =>
{
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = "format NativeMcp.sln --verify-no-changes --verbosity quiet",
        WorkingDirectory = root,
    });
    if (exit != 0) throw new CakeException("dotnet format found unformatted code (listed above); run `dotnet format NativeMcp.sln` and commit the result");
});

// The benchmark's peers: the same tools as a NativeMcp binary, served by the official SDKs and by the floor.
// bench/make-peers.cs writes their spec-dependent sources under artifacts/bench/<server>/; each C# peer is published
// NativeAOT there, and the TypeScript peer gets its pinned packages (bench/peers/ts/package-lock.json) with npm ci.
DirectoryPath MakePeers(FilePath specFile, FilePath nativeBinary, params string[] csharpPeers)
{
    var folder = artifacts.Combine("bench").Combine(specFile.GetFilenameWithoutExtension().FullPath);
    if (StartProcess("dotnet", new ProcessSettings
    {
        Arguments = ProcessArgumentBuilder.FromStrings(new[] { "run", root.CombineWithFilePath("bench/make-peers.cs").FullPath, "--", specFile.FullPath, nativeBinary.FullPath, folder.FullPath }),
        WorkingDirectory = root,
    }) != 0) throw new CakeException("bench/make-peers.cs failed");
    foreach (var peer in csharpPeers)
    {
        Information($"Publishing the {peer} peer of {specFile.GetFilename()}");
        DotNetPublish(folder.CombineWithFilePath($"{peer}/{peer}.csproj").FullPath, new DotNetPublishSettings
        {
            Configuration = "Release",
            Runtime = "linux-x64",
            OutputDirectory = folder.Combine($"{peer}/publish"),
        });
    }
    var ts = folder.Combine("ts");
    // npm ci only when the pinned lock file changed since the last install: it takes a minute here.
    var installed = ts.CombineWithFilePath("node_modules/.package-lock.json");
    if (!FileExists(installed) || System.IO.File.GetLastWriteTimeUtc(installed.FullPath) < System.IO.File.GetLastWriteTimeUtc(root.CombineWithFilePath("bench/peers/ts/package-lock.json").FullPath))
    {
        if (StartProcess("npm", new ProcessSettings { Arguments = "ci --no-audit --no-fund --loglevel=error", WorkingDirectory = ts }) != 0)
        {
            throw new CakeException("npm ci for the TypeScript peer failed");
        }
    }
    return folder;
}

// The peers have no client-side rate limit, so NativeMcp is measured without the spec's too: LinkTime's spec allows
// 60 upstream calls a minute, and one benchmark session makes 100. The copy differs from the spec in that line and in
// the binary's name (linktime-bench-mcp, so that the real binary in artifacts/ stays as it is).
FilePath WithoutRateLimit(FilePath specFile)
{
    var text = System.IO.File.ReadAllText(specFile.FullPath);
    var binary = BinaryName(specFile);
    text = Regex.Replace(text, @"^[ \t]*rateLimit:.*\r?\n", "", RegexOptions.Multiline)
        .Replace("binary: " + binary, "binary: " + binary.Replace("-mcp", "") + "-bench-mcp");
    var copy = artifacts.CombineWithFilePath($"bench/{specFile.GetFilename()}");
    EnsureDirectoryExists(copy.GetDirectory());
    if (!FileExists(copy) || System.IO.File.ReadAllText(copy.FullPath) != text) System.IO.File.WriteAllText(copy.FullPath, text);
    return copy;
}

// The peer modes take many arguments with spaces and quotes: they go in a file, one a line, as "@file".
void RunPeerProbe(string mode, params string[] arguments)
{
    var file = artifacts.CombineWithFilePath($"bench/{mode}.args");
    System.IO.File.WriteAllLines(file.FullPath, arguments);
    RunProbe(mode, "@" + file.FullPath);
}

Task("Bench")
    .Description("Build the peers (C# SDK with Hosting, Core only, AspNetCore; TypeScript SDK on Node 22; the floor) and measure them with NativeMcp, interleaved -> bench/results.md. --rounds=N (stdio), --http-rounds=N, --http-seconds=S.")
    .Does(() =>
{
    var results = root.CombineWithFilePath("bench/results.md").FullPath;
    var rounds = Argument("rounds", 20);
    var httpRounds = Argument("http-rounds", 3);
    var httpSeconds = Argument("http-seconds", 3.0);

    // Stdio: LinkTime's 32 tools.
    var benchSpec = WithoutRateLimit(defaultSpec);
    var linktime = Publish(benchSpec, "linux-x64");
    var stdio = MakePeers(benchSpec, linktime, "floor", "core", "hosting");
    RunPeerProbe("peers-stdio", "--results", results, "--rounds", rounds.ToString(),
        "--env", "LINKTIME_API_KEY=lt_live_bench", "--url-env", "LINKTIME_BASE_URL",
        "--note", "NativeMcp over stdio: `specs/linktime.yaml` without its `rateLimit` line (60 calls a minute; no peer has a client-side limit), published as `linktime-bench-mcp`",
        "--tool", "list_bookings", "--arguments", "{\"startDate\":\"2026-01-01\",\"endDate\":\"2026-01-31\",\"status\":\"upcoming\",\"limit\":5,\"page\":1}",
        "--peer", "floor=" + stdio.CombineWithFilePath("floor/publish/floor-peer").FullPath,
        "--peer", "NativeMcp=" + linktime.FullPath,
        "--peer", "C# SDK Core=" + stdio.CombineWithFilePath("core/publish/core-peer").FullPath,
        "--peer", "C# SDK Hosting=" + stdio.CombineWithFilePath("hosting/publish/hosting-peer").FullPath,
        "--peer", "TypeScript SDK=" + stdio.CombineWithFilePath("ts/node_modules/.bin/node").FullPath + "," + stdio.CombineWithFilePath("ts/server.mjs").FullPath);

    // Streamable HTTP: Linktor's tools, stateless.
    var linktor = Publish(root.CombineWithFilePath("specs/linktor.yaml"), "linux-x64");
    var served = MakePeers(root.CombineWithFilePath("specs/linktor.yaml"), linktor, "aspnet");
    RunPeerProbe("peers-http", "--results", results, "--rounds", httpRounds.ToString(), "--seconds", httpSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--env", "LINKTOR_API_KEY=lk_bench", "--url-env", "LINKTOR_API_URL",
        "--tool", "list_channels", "--arguments", "{\"type\":\"whatsapp\",\"enabled\":true}",
        "--peer", "NativeMcp=" + linktor.FullPath + ",--http,--port,{port},--log-level,off",
        "--peer", "C# SDK AspNetCore=" + served.CombineWithFilePath("aspnet/publish/aspnet-peer").FullPath + ",--port,{port}",
        "--peer", "TypeScript SDK=" + served.CombineWithFilePath("ts/node_modules/.bin/node").FullPath + "," + served.CombineWithFilePath("ts/server.mjs").FullPath + ",--http,--port,{port}");
});

// The gateway benchmark (bench/gateway/README.md): 3 MCP upstreams and 100 locked tools vs LinkTime, then the per-call
// overhead over the fixture upstream, stdio and HTTP. Not in CI.
Task("BenchGateway")
    .Description("Gateway start-up and tools/list vs LinkTime (no upstream contacted), and per-call overhead -> bench/results.md. --rounds=N, --calls=N (>= 500).")
    .Does(() =>
{
    var results = root.CombineWithFilePath("bench/results.md").FullPath;
    var gateway = Publish(root.CombineWithFilePath("bench/gateway/gateway-bench.yaml"), "linux-x64");
    var linktime = Publish(defaultSpec, "linux-x64");
    var fixtureProject = root.CombineWithFilePath("tests/Fixtures/FakeMcpServer/FakeMcpServer.csproj");
    DotNetBuild(fixtureProject.FullPath, new DotNetBuildSettings { Configuration = "Release" });
    var fixture = root.CombineWithFilePath("tests/Fixtures/FakeMcpServer/bin/Release/net10.0/FakeMcpServer.dll").FullPath;
    var gatewayProbe = root.CombineWithFilePath("bench/gateway/gateway-probe.cs").FullPath;
    foreach (var arguments in new[]
    {
        new[] { "startup", gateway.FullPath, linktime.FullPath, results, Argument("rounds", 20).ToString() },
        new[] { "overhead", gateway.FullPath, fixture, results, Argument("calls", 500).ToString() },
    })
    {
        var exit = StartProcess("dotnet", new ProcessSettings
        {
            Arguments = ProcessArgumentBuilder.FromStrings(new[] { "run", gatewayProbe, "--" }.Concat(arguments)),
            WorkingDirectory = root,
            EnvironmentVariables = new Dictionary<string, string> { ["BENCH_GAMMA_ARGS"] = fixture },
        });
        if (exit != 0) throw new CakeException($"bench/gateway/gateway-probe.cs {arguments[0]} exited with {exit}");
    }
});

// The registry benchmark (bench/registry/README.md): admin API latency at 1,000 servers on SQLite and PostgreSQL, tenant
// MCP throughput at 20 tenants x 5 servers, child process count. Not in CI.
Task("BenchRegistry")
    .Description("Registry admin API latency, tenant tools/list and tools/call throughput, child count on SQLite and PostgreSQL -> bench/results.md. --servers=N.")
    .Does(() =>
{
    var registry = Publish(root.CombineWithFilePath("bench/registry/registry-bench.yaml"), "linux-x64");
    var fixtureProject = root.CombineWithFilePath("tests/Fixtures/FakeMcpServer/FakeMcpServer.csproj");
    DotNetBuild(fixtureProject.FullPath, new DotNetBuildSettings { Configuration = "Release" });
    var fixture = root.CombineWithFilePath("tests/Fixtures/FakeMcpServer/bin/Release/net10.0/FakeMcpServer.dll").FullPath;
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = ProcessArgumentBuilder.FromStrings(new[] { "run", root.CombineWithFilePath("bench/registry/registry-probe.cs").FullPath, "--",
            registry.FullPath, fixture, root.CombineWithFilePath("bench/results.md").FullPath, Argument("servers", 1000).ToString() }),
        WorkingDirectory = root,
    });
    if (exit != 0) throw new CakeException($"bench/registry/registry-probe.cs exited with {exit}");
});

Task("Default").IsDependentOn("Publish");

RunTarget(target);
