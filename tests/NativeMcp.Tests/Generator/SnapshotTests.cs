using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Generator;

/// <summary>
/// The emitted code for one small spec per feature (Snapshots/&lt;name&gt;.yaml, with &lt;name&gt;.cs when it has
/// hand-written handlers), compared file by file with the approved copies in Snapshots/&lt;name&gt;/. A difference
/// fails with a unified diff of the lines that changed. To approve a deliberate change:
/// NATIVEMCP_UPDATE_SNAPSHOTS=1 dotnet test --filter SnapshotTests, then review the diff like any other code.
/// </summary>
public sealed class SnapshotTests
{
    private static string SnapshotDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Snapshots");

    /// <summary>petstore: tools of each shape (upstream settings, constraints, pick/rename, pagination, output); rawschema: inputSchema/outputSchema.</summary>
    private static readonly string[] FeatureNames = ["petstore", "resources", "prompts", "handlers", "serve", "upstreams", "oauth2", "rawschema", "sql"];

    public static TheoryData<string> Features() => new(FeatureNames);

    [Theory]
    [MemberData(nameof(Features))]
    public void Generated_code_matches_the_approved_snapshot(string feature)
    {
        var directory = SnapshotDirectory();
        var generated = Generate(feature);

        var approvedDirectory = Path.Combine(directory, feature);
        if (Environment.GetEnvironmentVariable("NATIVEMCP_UPDATE_SNAPSHOTS") == "1")
        {
            if (Directory.Exists(approvedDirectory)) Directory.Delete(approvedDirectory, recursive: true);
            Directory.CreateDirectory(approvedDirectory);
            foreach (var (name, text) in generated) File.WriteAllText(Path.Combine(approvedDirectory, name), text);
        }

        var approved = Directory.Exists(approvedDirectory)
            ? Directory.GetFiles(approvedDirectory).ToDictionary(p => Path.GetFileName(p), File.ReadAllText)
            : new Dictionary<string, string>();
        var differences = Compare(approved, generated, "Snapshots/" + feature);
        Assert.True(differences.Length == 0,
            $"Generated code for Snapshots/{feature}.yaml differs from the approved snapshot (if intended: NATIVEMCP_UPDATE_SNAPSHOTS=1):\n{differences}");
    }

    [Fact]
    public void Every_snapshot_spec_is_tested()
    {
        var specs = Directory.GetFiles(SnapshotDirectory(), "*.yaml").Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal);
        Assert.Equal(FeatureNames.Order(StringComparer.Ordinal), specs);
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        Assert.Equal(Generate("petstore"), Generate("petstore"));
        Assert.Equal(Generate("handlers"), Generate("handlers"));
    }

    [Fact]
    public void A_difference_is_shown_as_a_unified_diff_of_the_changed_lines()
    {
        var approved = string.Join('\n', Enumerable.Range(1, 40).Select(i => "line " + i));
        var generated = approved.Replace("line 20", "line twenty", StringComparison.Ordinal);

        var differences = Compare(new() { ["A.g.cs"] = approved, ["Gone.g.cs"] = "x" }, new() { ["A.g.cs"] = generated, ["New.g.cs"] = "y" }, "Snapshots/x");

        Assert.Equal("""
            --- Snapshots/x/A.g.cs (approved)
            +++ Snapshots/x/A.g.cs (generated)
            @@ -17,7 +17,7 @@
             line 17
             line 18
             line 19
            -line 20
            +line twenty
             line 21
             line 22
             line 23
            approved but no longer generated: Gone.g.cs
            generated but not approved: New.g.cs

            """, differences);
    }

    /// <summary>Runs the generator on one snapshot spec: no diagnostics, code that compiles, sources by file name.</summary>
    private static Dictionary<string, string> Generate(string feature)
    {
        var directory = SnapshotDirectory();
        var spec = File.ReadAllText(Path.Combine(directory, feature + ".yaml"));
        var handlers = Path.Combine(directory, feature + ".cs");
        var (run, output) = GeneratorHarness.Run(spec, File.Exists(handlers) ? [File.ReadAllText(handlers)] : [], assets: null);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return run.Results.Single().GeneratedSources.ToDictionary(s => s.HintName.Replace('/', '_'), s => s.SourceText.ToString());
    }

    /// <summary>Empty when equal; otherwise a unified diff per changed file and the files only on one side.</summary>
    private static string Compare(Dictionary<string, string> approved, Dictionary<string, string> generated, string folder)
    {
        var report = new System.Text.StringBuilder();
        foreach (var name in approved.Keys.Intersect(generated.Keys).Order(StringComparer.Ordinal))
        {
            report.Append(UnifiedDiff.Create(approved[name], generated[name], $"{folder}/{name} (approved)", $"{folder}/{name} (generated)"));
        }
        foreach (var name in approved.Keys.Except(generated.Keys).Order(StringComparer.Ordinal)) report.Append("approved but no longer generated: ").Append(name).Append('\n');
        foreach (var name in generated.Keys.Except(approved.Keys).Order(StringComparer.Ordinal)) report.Append("generated but not approved: ").Append(name).Append('\n');
        return report.ToString();
    }
}
