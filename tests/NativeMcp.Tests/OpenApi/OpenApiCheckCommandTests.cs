using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using NativeMcp.Cli;
using NativeMcp.Tests.Native;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary><c>nativemcp check</c> on a spec that imports an OpenAPI document reads the document from beside the spec, as the build does.</summary>
public sealed class OpenApiCheckCommandTests
{
    private static string SpecFile(string name) => Path.Combine(NativeBinary.RepoRoot(), "tests", "NativeMcp.Tests", "OpenApi", name);

    private static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var exit = CommandLine.Run(args, output, new StringWriter());
        return (exit, output.ToString());
    }

    [Fact]
    public void Check_lists_the_imported_tools_and_every_renamed_operation()
    {
        var (exit, text) = Run("check", SpecFile("petstore.nativemcp.yaml"));
        Assert.Equal(0, exit);
        Assert.Contains("petstore-expanded.yaml(83,20): info NMCP033: Operation 'find pet by id' is published as tool 'find_pet_by_id'", text);

        var (jsonExit, json) = Run("check", SpecFile("petstore.nativemcp.yaml"), "--json");
        Assert.Equal(0, jsonExit);
        var names = JsonNode.Parse(json)!["tools"]!.AsArray().Select(t => (string)t!["name"]!).OrderBy(n => n, System.StringComparer.Ordinal);
        Assert.Equal(new[] { "addPet", "deletePet", "findPets", "find_pet_by_id" }, names);
    }

    [Fact]
    public void Check_reports_the_dynamic_modes_tools_list_bytes_beside_the_full_and_per_toolset_ones()
    {
        var (exit, text) = Run("check", SpecFile("petstore.nativemcp.yaml"));
        Assert.Equal(0, exit);
        var line = text.Split('\n').Single(l => l.StartsWith("  dynamic mode (openapi.mode: dynamic): ", System.StringComparison.Ordinal));
        Assert.EndsWith(" bytes, 3 tools", line.TrimEnd(), System.StringComparison.Ordinal);

        var (_, json) = Run("check", SpecFile("petstore.nativemcp.yaml"), "--json");
        var sizes = JsonNode.Parse(json)!["toolsListBytes"]!;
        var dynamic = (int)sizes["dynamic"]!;
        // The three meta tools' entries, whatever the API: {"tools":[a,b,c]}.
        var entries = NativeMcp.Runtime.Dynamic.OperationSet.MetaToolEntries();
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount("{\"tools\":[" + string.Join(",", entries) + "]}"), dynamic);
        Assert.Contains(" " + dynamic + " bytes, 3 tools", line, System.StringComparison.Ordinal);
        Assert.True((int)sizes["all"]! > 0);
    }
}
