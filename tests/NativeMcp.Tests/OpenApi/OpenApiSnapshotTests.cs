extern alias generator;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using generator::NativeMcp.Generators.FrontEnds.OpenApi;
using generator::NativeMcp.Generators.FrontEnds.Spec;
using generator::NativeMcp.Generators.Resolution;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// For each public document under OpenApi/Documents: how many operations it has, which tools it makes (each one's
/// complete tools/list entry: name, description, input and output schema, annotations) and what happened to every
/// operation that did not become a tool, held against an approved snapshot in OpenApi/Snapshots.
/// Regenerate with NATIVEMCP_UPDATE_SNAPSHOTS=1 and review the diff.
/// </summary>
public sealed class OpenApiSnapshotTests
{
    public static TheoryData<string, string> Documents() => new()
    {
        { "petstore-2.0", "petstore-2.0/petstore.json" },
        { "petstore-separate", "petstore-separate/spec/swagger.yaml" },
        { "petstore-expanded-3.0", "petstore-expanded-3.0/petstore-expanded.yaml" },
        { "uspto-3.0", "uspto-3.0/uspto.yaml" },
        { "tictactoe-3.1", "tictactoe-3.1/tictactoe.json" },
        { "openapi-petstore-3.0", "openapi-petstore-3.0/petstore.yaml" },
        { "security-3.0", "security-3.0/security.yaml" },
    };

    private static string SnapshotDirectory([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Snapshots");

    /// <summary>The document's import, as text: counts, one tools/list entry per line, then the diagnostics (file, line, id, message).</summary>
    internal static string Describe(string document, string? documentsFolder = null, string extra = "")
    {
        var folder = (documentsFolder ?? OpenApiHarness.DocumentsFolder).Replace('\\', '/');
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => new KeyValuePair<string, Func<string?>>(f.Replace('\\', '/'), () => File.ReadAllText(f)));
        var declaration = SpecParser.Parse(folder + "/snapshot.nativemcp.yaml", OpenApiHarness.Spec("snapshot", document, extra), new DocumentSet(files));
        var resolved = SpecResolver.Resolve(declaration);
        var text = new StringBuilder();
        var tools = resolved.Model?.Tools.ToArray() ?? Array.Empty<generator::NativeMcp.Generators.Model.ToolModel>();
        text.Append("tools: ").Append(tools.Length).Append('\n');
        foreach (var tool in tools) text.Append(tool.ListJson).Append('\n');
        foreach (var d in declaration.Diagnostics)
        {
            var where = d.Location is { } l ? Path.GetRelativePath(folder, l.FilePath).Replace('\\', '/') + ":" + (l.StartLine + 1) : "-";
            text.Append(where).Append(' ').Append(d.Descriptor.Id).Append(' ').Append(d.Message).Append('\n');
        }
        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Import_matches_the_approved_snapshot(string name, string document)
    {
        var actual = Describe(document);
        var path = Path.Combine(SnapshotDirectory(), name + ".txt");
        if (Environment.GetEnvironmentVariable("NATIVEMCP_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(SnapshotDirectory());
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), "no approved snapshot " + path + " (NATIVEMCP_UPDATE_SNAPSHOTS=1 writes it)");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
