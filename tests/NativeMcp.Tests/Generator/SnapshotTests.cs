using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NativeMcp.Tests.Generator;

/// <summary>
/// The emitted code for a small spec, compared file by file with the approved copies in
/// Snapshots/petstore/. To approve a deliberate change: NATIVEMCP_UPDATE_SNAPSHOTS=1 dotnet test,
/// then review the diff like any other code change.
/// </summary>
public sealed class SnapshotTests
{
    private static string SnapshotDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Snapshots");

    [Fact]
    public void Generated_code_matches_the_approved_snapshots()
    {
        var directory = SnapshotDirectory();
        var spec = File.ReadAllText(Path.Combine(directory, "petstore.yaml"));
        var (run, output) = GeneratorHarness.Run(spec);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var approvedDirectory = Path.Combine(directory, "petstore");
        var generated = run.Results.Single().GeneratedSources
            .ToDictionary(s => s.HintName.Replace('/', '_'), s => s.SourceText.ToString());

        if (Environment.GetEnvironmentVariable("NATIVEMCP_UPDATE_SNAPSHOTS") == "1")
        {
            if (Directory.Exists(approvedDirectory)) Directory.Delete(approvedDirectory, recursive: true);
            Directory.CreateDirectory(approvedDirectory);
            foreach (var (name, text) in generated) File.WriteAllText(Path.Combine(approvedDirectory, name), text);
        }

        var approved = Directory.GetFiles(approvedDirectory).ToDictionary(p => Path.GetFileName(p), File.ReadAllText);
        Assert.Equal(approved.Keys.Order(), generated.Keys.Order());
        foreach (var (name, text) in generated)
        {
            Assert.True(approved[name] == text, "Snapshot " + name + " differs; see the file and rerun with NATIVEMCP_UPDATE_SNAPSHOTS=1 if intended.");
        }
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var spec = File.ReadAllText(Path.Combine(SnapshotDirectory(), "petstore.yaml"));
        var first = GeneratorHarness.Run(spec).Run.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString());
        var second = GeneratorHarness.Run(spec).Run.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString());
        Assert.Equal(first, second);
    }
}
