using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using NativeMcp.Cli;
using NativeMcp.Tests.Generator;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// <c>nativemcp import</c> writes a spec that builds and checks clean as it is, listing every operation; and
/// <c>nativemcp check</c> on an import reports the operations, the tools, every renamed, left-out or skipped
/// operation, and the size of tools/list per toolset.
/// </summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nativemcp-import-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CommandLine.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A copy of one folder of OpenApi/Documents in this test's own folder (the command writes beside it).</summary>
    private string Copy(string documentFolder)
    {
        var from = Path.Combine(OpenApiHarness.DocumentsFolder, documentFolder);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(_folder, documentFolder, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return Path.Combine(_folder, documentFolder);
    }

    /// <summary>Runs the generator over a written spec and the files below its folder, as a build would.</summary>
    private static (System.Collections.Immutable.ImmutableArray<Diagnostic> Generator, System.Collections.Immutable.ImmutableArray<Diagnostic> Compile) Build(string specPath)
    {
        var folder = Path.GetDirectoryName(specPath)!;
        var documents = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => f != specPath && (f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
            .Select(f => (AdditionalText)new InMemoryText(f, File.ReadAllText(f))).ToArray();
        var driver = OpenApiHarness.CreateDriver(new InMemoryText(specPath, File.ReadAllText(specPath)), documents);
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation("class A { }"), out var output, out _);
        return (driver.GetRunResult().Diagnostics, output.GetDiagnostics());
    }

    [Theory]
    [InlineData("petstore-expanded-3.0", "petstore-expanded.yaml", new[] { "addPet", "deletePet", "findPets", "find_pet_by_id" })]
    [InlineData("petstore-2.0", "petstore.json", new[] { "createPets", "listPets", "showPetById" })]
    [InlineData("petstore-separate", "spec/swagger.yaml", new[] { "addPet", "deletePet", "findPets", "find_pet_by_id" })]
    [InlineData("tictactoe-3.1", "tictactoe.json", new[] { "get-board", "get-square", "put-square" })]
    [InlineData("uspto-3.0", "uspto.yaml", new[] { "list-data-sets", "list-searchable-fields", "perform-search" })]
    public void Import_writes_a_spec_that_builds_and_checks_clean_as_it_is(string folder, string document, string[] tools)
    {
        var copy = Copy(folder);
        var spec = Path.Combine(copy, "api.nativemcp.yaml");
        var (exit, output, error) = Run("import", Path.Combine(copy, document), "-o", spec);
        Assert.True(exit == 0, error);
        Assert.Contains("wrote " + spec + ": " + tools.Length + " operations, " + tools.Length + " tools", output);

        var text = File.ReadAllText(spec);
        Assert.Contains("  document: ./" + document + "\n", text);
        foreach (var tool in tools) Assert.Contains("{ name: " + tool + " }", text);

        var (checkExit, checkText, _) = Run("check", spec);
        Assert.True(checkExit == 0, checkText);
        Assert.Contains(": no errors; " + tools.Length + " tools", checkText);
        var (_, json, _) = Run("check", spec, "--json");
        Assert.Equal(tools, JsonNode.Parse(json)!["tools"]!.AsArray().Select(t => (string)t!["name"]!).OrderBy(n => n, StringComparer.Ordinal));

        var (generator, compile) = Build(spec);
        Assert.DoesNotContain(generator, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(compile.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Import_names_the_server_from_the_title_and_lists_renamed_operations_with_why()
    {
        var copy = Copy("petstore-expanded-3.0");
        var (exit, _, error) = Run("import", Path.Combine(copy, "petstore-expanded.yaml"));
        Assert.True(exit == 0, error);
        var text = File.ReadAllText(Path.Combine(copy, "petstore-expanded.nativemcp.yaml"));
        Assert.Contains("server:\n  name: swagger-petstore\n  version: \"1.0.0\"\n  binary: swagger-petstore-mcp\n", text);
        Assert.Contains("    \"find pet by id\": { name: find_pet_by_id }   # GET /pets/{id}; renamed: its operationId has characters MCP tool names do not allow\n", text);
        Assert.Contains("#   SWAGGER_PETSTORE_BASE_URL default http://petstore.swagger.io/api\n", text);
    }

    [Fact]
    public void Import_lists_left_out_and_skipped_operations_as_comments_the_owner_can_edit()
    {
        File.WriteAllText(Path.Combine(_folder, "things.yaml"), """
            openapi: 3.0.3
            info: { title: "Things & Co. API", version: "2" }
            servers: [{ url: "https://things.example/v1" }]
            paths:
              /things:
                get: { operationId: listThings, tags: [things], responses: { "200": { description: ok } } }
                head: { operationId: headThings, responses: { "200": { description: ok } } }
              /things/{id}:
                delete: { operationId: dropThing, deprecated: true, parameters: [{ name: id, in: path, required: true, schema: { type: string } }], responses: { "204": { description: gone } } }
                get: { responses: { "200": { description: ok } } }
            """);
        var (exit, _, error) = Run("import", Path.Combine(_folder, "things.yaml"));
        Assert.True(exit == 0, error);
        var spec = Path.Combine(_folder, "things.nativemcp.yaml");
        var text = File.ReadAllText(spec);
        Assert.Contains("  name: things-co-api\n", text);
        Assert.Contains("    listThings: { name: listThings }   # GET /things, toolset things\n", text);
        Assert.Contains("    # headThings: HEAD /things; skipped: HEAD answers carry no body", text);
        Assert.Contains("    # dropThing: { include: true }   # DELETE /things/{id}; left out: it is deprecated", text);
        Assert.Contains("    # \"GET /things/{id}\": GET /things/{id}; skipped: its path has {id}, and no path parameter of that name is declared\n", text);

        // As written it checks clean; uncommenting the left-out line imports that operation too.
        var (checkExit, checkText, _) = Run("check", spec);
        Assert.True(checkExit == 0, checkText);
        Assert.Contains("4 operations, 1 tools (0 renamed), 1 left out, 2 skipped", checkText);
        File.WriteAllText(spec, text.Replace("    # dropThing: { include: true }", "    dropThing: { include: true }"));
        var (_, again, _) = Run("check", spec);
        Assert.Contains("4 operations, 2 tools (0 renamed), 0 left out, 2 skipped", again);
    }

    [Fact]
    public void Import_refuses_to_overwrite_a_spec_without_force()
    {
        var copy = Copy("petstore-2.0");
        var spec = Path.Combine(copy, "petstore.nativemcp.yaml");
        File.WriteAllText(spec, "# mine\n");
        var (exit, _, error) = Run("import", Path.Combine(copy, "petstore.json"));
        Assert.Equal(2, exit);
        Assert.Contains(spec + " exists; --force overwrites it", error);
        Assert.Equal("# mine\n", File.ReadAllText(spec));

        var (forced, _, _) = Run("import", Path.Combine(copy, "petstore.json"), "--force");
        Assert.Equal(0, forced);
        Assert.Contains("listPets: { name: listPets }", File.ReadAllText(spec));
    }

    [Fact]
    public void Import_of_an_unreadable_document_reports_its_line_and_column_and_writes_nothing()
    {
        var document = Path.Combine(_folder, "broken.json");
        File.WriteAllText(document, "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\n");
        var (exit, _, error) = Run("import", document);
        Assert.Equal(1, exit);
        Assert.Matches(@"broken\.json\(\d+,\d+\): error NMCP030: OpenAPI document '[^']*broken\.json' cannot be read: it is not valid YAML or JSON", error);
        Assert.DoesNotContain("NMCP005", error);
        Assert.Contains("cannot be imported; nothing written", error);
        Assert.False(File.Exists(Path.Combine(_folder, "broken.nativemcp.yaml")));

        File.WriteAllText(document, "{ \"swagger\": \"1.2\", \"paths\": {} }");
        var (notOpenApi, _, message) = Run("import", document);
        Assert.Equal(1, notOpenApi);
        Assert.Contains("broken.json(1,1): error NMCP030", message);
    }

    [Fact]
    public void Import_refuses_a_spec_outside_the_documents_folder_tree()
    {
        var copy = Copy("petstore-2.0");
        var (exit, _, error) = Run("import", Path.Combine(copy, "petstore.json"), "-o", Path.Combine(copy, "sub", "spec.yaml"));
        Assert.Equal(2, exit);
        Assert.Contains("a spec reads documents only from its own folder and below it", error);
    }

    [Fact]
    public void Check_reports_the_tools_list_bytes_whole_and_per_toolset()
    {
        var spec = Path.Combine(OpenApiHarness.DocumentsFolder, "..", "tictactoe.nativemcp.yaml");
        var (exit, text, _) = Run("check", spec);
        Assert.Equal(0, exit);
        Assert.Contains("tictactoe.json: 3 operations, 3 tools (0 renamed), 0 left out, 0 skipped", text);

        var (_, json, _) = Run("check", spec, "--json");
        var root = JsonNode.Parse(json)!;
        // The tools/list result a server sends: {"tools":[entry,entry,...]} of the compile-time entries.
        var entries = SpecCheck.Run(spec).Spec.Model!.Tools.Select(t => t.ListJson);
        var whole = System.Text.Encoding.UTF8.GetByteCount("{\"tools\":[" + string.Join(",", entries) + "]}");
        var bytes = root["toolsListBytes"]!;
        Assert.Equal(whole, (int)bytes["all"]!);
        // Every operation of the document is tagged Gameplay: that toolset is the whole list.
        Assert.Equal(whole, (int)bytes["Gameplay"]!);
        Assert.Contains("tools/list: " + whole + " bytes, 3 tools\n  toolset Gameplay: " + whole + " bytes, 3 tools", text.ReplaceLineEndings("\n"));
        var outcomes = root["imports"]![0]!["outcomes"]!.AsArray();
        // The spec names get-square read_square: a name the spec chooses is no renaming.
        Assert.Equal(new[] { "get-board", "read_square", "put-square" }, outcomes.Select(o => (string)o!["tool"]!));
        Assert.All(outcomes, o => Assert.Equal("imported", (string)o!["fate"]!));
    }
}
