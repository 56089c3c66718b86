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
}
