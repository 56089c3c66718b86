using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using NativeMcp.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NativeMcp.Tests.Packaging;

/// <summary>
/// A new user's path, from an empty folder with only the packed packages: install the template, create a project,
/// publish it NativeAOT. Done once for the tests of this class; each step is timed (artifacts/packaging/user-steps.md).
/// </summary>
public sealed class NewProjectFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new("nativemcp-newproject");
    private readonly List<(string Command, TimeSpan Elapsed)> _steps = new();

    public string Project => Path.Combine(_folder.Path, "AcmeMcp");

    public string Binary => Path.Combine(Project, "out", "acme-mcp");

    public IReadOnlyList<string> NewFiles { get; private set; } = [];

    public IReadOnlyList<(string Command, TimeSpan Elapsed)> Steps => _steps;

    public async Task InitializeAsync()
    {
        var packages = PackagingArtifacts.Require(PackagingArtifacts.Folder("packages"));
        var version = PackagingArtifacts.PackageVersion();
        PackagingArtifacts.ForgetCachedPackages(version);
        // The packed packages beside the machine's own sources (inherited from its NuGet config, not named here).
        File.WriteAllText(Path.Combine(_folder.Path, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="nativemcp-local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        // dotnet new keeps installed templates per user: a hive of this folder's own leaves the user's alone.
        var hive = Path.Combine(_folder.Path, ".templates");

        await Step(_folder.Path, TimeSpan.FromMinutes(3), "new", "install", Path.Combine(packages, $"NativeMcp.Templates.{version}.nupkg"), "--debug:custom-hive", hive);
        await Step(_folder.Path, TimeSpan.FromMinutes(2), "new", "nativemcp", "-n", "AcmeMcp", "--debug:custom-hive", hive);
        NewFiles = Directory.GetFiles(Project, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Project, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        await Step(Project, TimeSpan.FromMinutes(15), "publish", "-c", "Release", "-r", "linux-x64", "-o", "out");

        var report = new StringBuilder("| command (from an empty folder) | seconds |\n|---|---|\n");
        foreach (var (command, elapsed) in _steps) report.Append("| `").Append(command).Append("` | ").Append(elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).Append(" |\n");
        report.Append("\nacme-mcp: ").Append(new FileInfo(Binary).Length).Append(" bytes\n");
        Directory.CreateDirectory(PackagingArtifacts.Folder("packaging"));
        File.WriteAllText(Path.Combine(PackagingArtifacts.Folder("packaging"), "user-steps.md"), report.ToString());
    }

    private async Task Step(string folder, TimeSpan timeout, params string[] arguments)
    {
        var result = await Processes.DotNetAsync(folder, timeout, arguments);
        result.EnsureSuccess("dotnet " + string.Join(" ", arguments));
        var shown = arguments.TakeWhile(a => a != "--debug:custom-hive").Select(a => a.Contains('/') ? Path.GetFileName(a) : a);
        _steps.Add(("dotnet " + string.Join(" ", shown), result.Elapsed));
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

[Trait(TestGroups.Trait, TestGroups.Packaging)]
public sealed class TemplateProjectTests : IClassFixture<NewProjectFixture>
{
    private readonly NewProjectFixture _project;
    private readonly ITestOutputHelper _output;

    public TemplateProjectTests(NewProjectFixture project, ITestOutputHelper output)
    {
        _project = project;
        _output = output;
    }

    [Fact]
    public void The_new_project_is_a_spec_a_project_file_a_readme_and_two_workflows()
    {
        Assert.Equal([".github/workflows/ci.yml", ".github/workflows/release.yml", "AcmeMcp.csproj", "README.md", "acme.yaml"], _project.NewFiles);
        var project = File.ReadAllText(Path.Combine(_project.Project, "AcmeMcp.csproj"));
        Assert.Contains($"<PackageReference Include=\"NativeMcp\" Version=\"{PackagingArtifacts.PackageVersion()}\" />", project);
        Assert.Contains("<McpSpec Include=\"acme.yaml\" />", project);
        foreach (var (command, elapsed) in _project.Steps) _output.WriteLine($"{elapsed.TotalSeconds,6:0.0} s  {command}");
    }

    [Fact]
    public async Task The_published_binary_is_named_by_the_spec_and_serves_its_tools_to_the_sdk_client()
    {
        Assert.True(File.Exists(_project.Binary), "dotnet publish wrote no acme-mcp");
        var elf = new byte[20];
        using (var file = File.OpenRead(_project.Binary)) file.ReadExactly(elf);
        Assert.Equal("\u007fELF", Encoding.ASCII.GetString(elf, 0, 4));
        Assert.Equal(62, BitConverter.ToUInt16(elf, 18)); // EM_X86_64: native code, not an apphost beside a dll
        Assert.False(File.Exists(Path.Combine(_project.Project, "out", "AcmeMcp.dll")));

        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = _project.Binary,
            Name = "acme",
            EnvironmentVariables = new Dictionary<string, string?> { ["ACME_API_KEY"] = "acme_test_key" },
        }));

        Assert.Equal("acme", client.ServerInfo!.Name);
        Assert.Equal(["greet", "get_item"], (await client.ListToolsAsync()).Select(t => t.Name));
        var result = await client.CallJsonAsync("greet", """{"name":"Ann"}""");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("Hello, Ann!", result.Text());
    }

    [Fact]
    public async Task A_broken_spec_fails_the_build_at_the_specs_line_and_column()
    {
        // A copy of the project, so that the published one stays as it was for the other tests.
        using var copy = new TempFolder("nativemcp-broken");
        foreach (var file in new[] { "AcmeMcp.csproj", "acme.yaml" }) File.Copy(Path.Combine(_project.Project, file), Path.Combine(copy.Path, file));
        File.Copy(Path.Combine(_project.Project, "..", "nuget.config"), Path.Combine(copy.Path, "nuget.config"));
        var spec = Path.Combine(copy.Path, "acme.yaml");
        var lines = File.ReadAllLines(spec);
        var line = Array.FindIndex(lines, l => l.Trim() == "method: GET");
        Assert.True(line >= 0, "the template's spec has no 'method: GET' line");
        lines[line] = lines[line].Replace("GET", "FETCH");
        File.WriteAllLines(spec, lines);
        var column = lines[line].IndexOf("FETCH", StringComparison.Ordinal) + 1;

        var build = await Processes.DotNetAsync(copy.Path, TimeSpan.FromMinutes(10), "build", "-c", "Release");

        _output.WriteLine(build.Output);
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"{spec}({line + 1},{column}): error NMCP010", build.Output);
    }
}
