using System;
using System.IO;
using System.Threading.Tasks;
using NativeMcp.Tests.Infrastructure;
using NativeMcp.Tests.Native;
using Xunit;

namespace NativeMcp.Tests.Packaging;

/// <summary>`dotnet tool install NativeMcp.Cli` from the packed package, then `nativemcp check` on a good and a broken spec.</summary>
[Trait(TestGroups.Trait, TestGroups.Packaging)]
public sealed class CliToolTests
{
    [Fact]
    public async Task The_installed_tool_checks_a_spec_and_reports_an_error_at_its_line()
    {
        var packages = PackagingArtifacts.Require(PackagingArtifacts.Folder("packages"));
        var version = PackagingArtifacts.PackageVersion();
        PackagingArtifacts.ForgetCachedPackages(version);
        using var folder = new TempFolder("nativemcp-cli");
        var tools = Path.Combine(folder.Path, "tools");

        var install = await Processes.DotNetAsync(folder.Path, TimeSpan.FromMinutes(5), "tool", "install", "NativeMcp.Cli", "--version", version, "--tool-path", tools, "--add-source", packages);
        install.EnsureSuccess("dotnet tool install");
        var nativemcp = Path.Combine(tools, "nativemcp");

        var good = await Processes.RunAsync(nativemcp, ["check", Path.Combine(NativeBinary.RepoRoot(), "specs", "linktime.yaml")], folder.Path, TimeSpan.FromMinutes(1));
        Assert.True(good.ExitCode == 0, good.Output);

        var broken = Path.Combine(folder.Path, "broken.yaml");
        File.WriteAllText(broken, File.ReadAllText(Path.Combine(NativeBinary.RepoRoot(), "specs", "linktime.yaml")).Replace("      method: GET\n      path: /event-types\n", "      method: FETCH\n      path: /event-types\n"));
        var lines = File.ReadAllLines(broken);
        var line = Array.FindIndex(lines, l => l.Trim() == "method: FETCH") + 1;
        Assert.True(line > 0);
        var column = lines[line - 1].IndexOf("FETCH", StringComparison.Ordinal) + 1;

        var check = await Processes.RunAsync(nativemcp, ["check", broken], folder.Path, TimeSpan.FromMinutes(1));

        Assert.Equal(1, check.ExitCode);
        Assert.Contains($"{broken}({line},{column}): error NMCP010", check.Output);
    }
}
