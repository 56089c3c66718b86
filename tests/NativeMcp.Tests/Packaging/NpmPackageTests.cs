using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using NativeMcp.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NativeMcp.Tests.Packaging;

/// <summary>
/// The npm packages of LinkTime (`dotnet cake --target=PackNpm`), installed from their tarballs into an empty
/// folder as a user's `npx -y linktime-mcp` would install them, then run over stdio.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Packaging)]
public sealed class NpmPackageTests
{
    private readonly ITestOutputHelper _output;

    public NpmPackageTests(ITestOutputHelper output) => _output = output;

    /// <summary>name-VERSION.tgz, as npm pack names it (linktime-mcp-1.0.0.tgz, not linktime-mcp-linux-x64-1.0.0.tgz).</summary>
    private static string Tarball(string name) =>
        Directory.GetFiles(PackagingArtifacts.Require(PackagingArtifacts.Folder("npm")), name + "-*.tgz")
            .Single(f => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(f), "^" + System.Text.RegularExpressions.Regex.Escape(name) + @"-\d"));

    private static async Task<TempFolder> InstallAsync()
    {
        string[] tarballs = [Tarball("linktime-mcp"), Tarball("linktime-mcp-linux-x64")];
        var folder = new TempFolder("nativemcp-npm");
        File.WriteAllText(Path.Combine(folder.Path, "package.json"), """{ "name": "empty", "version": "1.0.0", "private": true }""");
        // --offline: nothing but the two tarballs; the optional arm64 package is then skipped, as on an x64 machine.
        var install = await Processes.RunAsync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", .. tarballs], folder.Path, TimeSpan.FromMinutes(3));
        if (install.ExitCode != 0) folder.Dispose();
        install.EnsureSuccess("npm install");
        return folder;
    }

    [Fact]
    public void The_main_package_holds_only_the_launcher_and_names_one_package_per_platform()
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(PackagingArtifacts.Folder("npm"), "linktime-mcp", "package.json"))).RootElement;
        Assert.Equal("linktime-mcp", manifest.GetProperty("name").GetString());
        Assert.Equal("1.0.0", manifest.GetProperty("version").GetString());
        Assert.Equal("bin/linktime-mcp.js", manifest.GetProperty("bin").GetProperty("linktime-mcp").GetString());
        var optional = manifest.GetProperty("optionalDependencies").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("linktime-mcp-linux-x64", optional);
        Assert.Contains("linktime-mcp-linux-arm64", optional);
        Assert.True(new FileInfo(Tarball("linktime-mcp")).Length < 4096, "the main package should be a launcher of a few hundred bytes");

        var arm64 = JsonDocument.Parse(File.ReadAllText(Path.Combine(PackagingArtifacts.Folder("npm"), "linktime-mcp-linux-arm64", "package.json"))).RootElement;
        Assert.Equal(["linux"], arm64.GetProperty("os").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["arm64"], arm64.GetProperty("cpu").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Npx_runs_the_native_binary_over_stdio()
    {
        using var folder = await InstallAsync();
        Assert.True(File.Exists(Path.Combine(folder.Path, "node_modules", "linktime-mcp-linux-x64", "bin", "linktime-mcp")));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "node_modules", "linktime-mcp-linux-arm64")));

        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = _ => FakeResponse.Json("""{"name":"Ann Example","email":"ann@example.com"}""");
        var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using (var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "npx",
            Arguments = ["--no-install", "linktime-mcp"],
            WorkingDirectory = folder.Path,
            Name = "linktime-npx",
            EnvironmentVariables = new Dictionary<string, string?> { ["LINKTIME_API_KEY"] = "lt_live_npx", ["LINKTIME_BASE_URL"] = upstream.BaseUrl },
            StandardErrorLines = stderr.Enqueue,
        })))
        {
            Assert.Equal("linktime", client.ServerInfo!.Name);
            Assert.Equal(32, (await client.ListToolsAsync()).Count);
            Assert.NotEqual(true, (await client.CallJsonAsync("get_me")).IsError);
        }
        Assert.Contains("LinkTime MCP server running", stderr);

        // The launcher passes the exit code through: a missing key is the binary's own one-line error and exit 1.
        var missing = await Processes.RunAsync("npx", ["--no-install", "linktime-mcp"], folder.Path, TimeSpan.FromMinutes(1), new Dictionary<string, string?> { ["LINKTIME_API_KEY"] = null });
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("LINKTIME_API_KEY environment variable is required", missing.Output);
    }

    [Fact]
    public async Task Start_up_through_npx_and_the_launcher_against_the_bare_binary()
    {
        using var folder = await InstallAsync();
        var binary = Path.Combine(folder.Path, "node_modules", "linktime-mcp-linux-x64", "bin", "linktime-mcp");
        var launcher = Path.Combine(folder.Path, "node_modules", ".bin", "linktime-mcp");
        var ways = new (string Name, string Command, string[] Arguments)[]
        {
            ("binary", binary, []),
            ("node launcher (node_modules/.bin/linktime-mcp)", launcher, []),
            ("npx --no-install linktime-mcp", "npx", ["--no-install", "linktime-mcp"]),
        };
        var times = ways.ToDictionary(w => w.Name, _ => new List<double>());
        const int rounds = 7;
        for (var round = 0; round < rounds; round++)
        {
            // Interleaved: each round runs every way once, so that the machine's load falls on all alike.
            foreach (var way in ways) times[way.Name].Add(await TimeToInitializeAsync(way.Command, way.Arguments, folder.Path));
        }

        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var report = new StringBuilder($"exec -> initialize result, median of {rounds} interleaved runs (ms)\n\n| how | median | min |\n|---|---|---|\n");
        foreach (var way in ways) report.Append(CultureInfo.InvariantCulture, $"| {way.Name} | {Median(times[way.Name]):0.0} | {times[way.Name].Min():0.0} |\n");
        var bare = Median(times["binary"]);
        report.Append(CultureInfo.InvariantCulture, $"\nlauncher adds {Median(times[ways[1].Name]) - bare:0.0} ms, npx adds {Median(times[ways[2].Name]) - bare:0.0} ms\n");
        _output.WriteLine(report.ToString());
        Directory.CreateDirectory(PackagingArtifacts.Folder("packaging"));
        File.WriteAllText(Path.Combine(PackagingArtifacts.Folder("packaging"), "npm-startup.md"), report.ToString());

        Assert.All(times.Values, t => Assert.Equal(rounds, t.Count));
    }

    /// <summary>Milliseconds from starting the command to the first line of the initialize result on its stdout.</summary>
    private static async Task<double> TimeToInitializeAsync(string command, string[] arguments, string folder)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["LINKTIME_API_KEY"] = "lt_live_timing";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"timing","version":"1"}}}""");
        await process.StandardInput.FlushAsync();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var elapsed = clock.Elapsed.TotalMilliseconds;
        Assert.Contains("\"serverInfo\":{\"name\":\"linktime\"", line);
        process.StandardInput.Close();
        if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
        return elapsed;
    }
}
