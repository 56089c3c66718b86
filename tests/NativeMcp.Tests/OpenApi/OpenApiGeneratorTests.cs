extern alias generator;
using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using generator::NativeMcp.Generators;
using Microsoft.CodeAnalysis;
using NativeMcp.Tests.Generator;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// The OpenAPI front end through the generator driver: problems located in the document itself, names made to fit
/// MCP's rules deterministically, recursive schemas kept finite, and the documents as incremental inputs.
/// </summary>
public sealed class OpenApiGeneratorTests
{
    private const string DocumentPath = "/specs/api/doc.yaml";
    private const string SpecPath = "/specs/spec.yaml";
    private const string Spec = "nativemcp: 1\nserver: { name: doc, version: 1.0.0, binary: doc-mcp }\nopenapi: ./api/doc.yaml\n";

    private static GeneratorDriver Driver(string spec, params (string Path, string Text)[] documents) =>
        OpenApiHarness.CreateDriver(new InMemoryText(SpecPath, spec), documents.Select(d => (AdditionalText)new InMemoryText(d.Path, d.Text)).ToArray());

    private static GeneratorDriverRunResult Run(string document, string spec = Spec) =>
        Driver(spec, (DocumentPath, document)).RunGenerators(GeneratorHarness.Compilation("class A { }")).GetRunResult();

    private static string ToolsJson(GeneratorDriverRunResult run) =>
        string.Concat(run.Results.Single().GeneratedSources.Where(s => s.HintName.Contains("/Tools/", StringComparison.Ordinal)).Select(s => s.SourceText.ToString()));

    private const string Header = "openapi: 3.0.3\ninfo: { title: T, version: '1' }\nservers: [ { url: 'https://api.example.com' } ]\n";

    private const string OnePet = Header + """
        paths:
          /pets:
            get:
              operationId: listPets
              summary: List the pets
              responses:
                '200': { description: ok }
        """;

    [Fact]
    public void Dynamic_mode_compiles_the_operations_catalog_and_registers_no_operation_as_a_listed_tool()
    {
        var run = Run(OnePet, "nativemcp: 1\nserver: { name: doc, version: 1.0.0, binary: doc-mcp }\nopenapi:\n  document: ./api/doc.yaml\n  mode: dynamic\n");

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var sources = run.Results.Single().GeneratedSources;
        var catalog = sources.Single(s => s.HintName.EndsWith("/DocOperations.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("OperationCatalog.FromCompiled(", catalog, StringComparison.Ordinal);
        Assert.Contains("\"List the pets\"", catalog, StringComparison.Ordinal);
        var server = sources.Single(s => s.HintName.EndsWith("/DocServer.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.DoesNotContain("tools.Add(new ListPetsTool(api));", server, StringComparison.Ordinal);
        Assert.Contains("new ListPetsTool(api),", server, StringComparison.Ordinal);
        Assert.Contains("operations.MetaTools()", server, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_tool_named_like_a_dynamic_modes_tool_is_an_error_at_the_mode()
    {
        var spec = "nativemcp: 1\nserver: { name: doc, version: 1.0.0, binary: doc-mcp }\nopenapi:\n  document: ./api/doc.yaml\n  mode: dynamic\n" +
            "tools:\n  - name: search_operations\n    description: Mine\n    result: hi\n";
        var run = Run(OnePet, spec);

        var error = Assert.Single(run.Diagnostics, d => d.Id == "NMCP006");
        Assert.Equal(5, error.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("'search_operations'", error.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Results.Single().GeneratedSources);
    }

    [Fact]
    public void An_unknown_mode_is_an_error_at_its_line_naming_the_two_modes()
    {
        var run = Run(OnePet, "nativemcp: 1\nserver: { name: doc, version: 1.0.0, binary: doc-mcp }\nopenapi:\n  document: ./api/doc.yaml\n  mode: lazy\n");

        var error = Assert.Single(run.Diagnostics, d => d.Id == "NMCP010");
        Assert.Equal(5, error.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("'tools'", error.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("'dynamic'", error.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Results.Single().GeneratedSources);
    }

    [Fact]
    public void Unresolvable_ref_is_an_error_at_its_line_in_the_document_and_nothing_is_generated()
    {
        var run = Run(Header + """
            paths:
              /pets:
                get:
                  operationId: listPets
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Pett'
            components:
              schemas:
                Pet: { type: object }
            """);

        var error = Assert.Single(run.Diagnostics, d => d.Id == "NMCP031");
        Assert.Equal(DocumentPath, error.Location.GetLineSpan().Path);
        Assert.Equal(14, error.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("Pett", error.GetMessage());
        Assert.Empty(run.Results.Single().GeneratedSources);
    }

    [Fact]
    public void Document_that_is_not_yaml_is_an_error_at_the_documents_own_position()
    {
        var run = Run(Header + "paths:\n  /pets: { get: { operationId: x\n");

        var error = Assert.Single(run.Diagnostics, d => d.Id == "NMCP030");
        Assert.Equal(DocumentPath, error.Location.GetLineSpan().Path);
        Assert.Empty(run.Results.Single().GeneratedSources);
    }

    [Fact]
    public void Document_outside_the_specs_folder_is_refused_without_reading_it()
    {
        var run = Driver(Spec.Replace("./api/doc.yaml", "../elsewhere/doc.yaml"), ("/elsewhere/doc.yaml", Header + "paths: {}\n"))
            .RunGenerators(GeneratorHarness.Compilation("class A { }")).GetRunResult();

        var error = Assert.Single(run.Diagnostics, d => d.Id == "NMCP030");
        Assert.Equal(SpecPath, error.Location.GetLineSpan().Path);
        Assert.Contains("outside the spec's folder", error.GetMessage());
    }

    [Fact]
    public void Long_and_repeated_operation_ids_get_deterministic_names_with_an_info_at_each_operation()
    {
        var longId = "list_every_pet_in_the_store_including_those_adopted_last_year_and_before";
        var document = Header + "paths:\n" +
            "  /a:\n    get: { operationId: " + longId + ", responses: { '200': { description: ok } } }\n" +
            "  /b:\n    get: { operationId: samePets, responses: { '200': { description: ok } } }\n" +
            "  /c:\n    get: { operationId: samePets, responses: { '200': { description: ok } } }\n" +
            "  /d/{id}:\n    delete: { parameters: [ { name: id, in: path, required: true, schema: { type: string } } ], responses: { '204': { description: ok } } }\n";

        var first = Run(document);
        var second = Run(document);

        var names = first.Results.Single().GeneratedSources.Select(s => s.HintName).ToArray();
        Assert.Equal(names, second.Results.Single().GeneratedSources.Select(s => s.HintName).ToArray());
        var renamed = first.Diagnostics.Where(d => d.Id == "NMCP033").ToArray();
        Assert.Equal(2, renamed.Length);
        var cut = renamed.Single(d => d.GetMessage().Contains(longId, StringComparison.Ordinal));
        Assert.Equal(DiagnosticSeverity.Info, cut.Severity);
        Assert.Equal(6, cut.Location.GetLineSpan().StartLinePosition.Line + 1);
        var shortened = cut.GetMessage().Split('\'')[3];
        Assert.Equal(64, shortened.Length);
        Assert.Matches("_[0-9a-f]{8}$", shortened);
        Assert.Contains(renamed, d => d.GetMessage().Contains("'delete_d_id'", StringComparison.Ordinal));
        var collision = Assert.Single(first.Diagnostics, d => d.Id == "NMCP034");
        Assert.Contains("'samePets_2'", collision.GetMessage());
        Assert.Equal(10, collision.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void Deeply_recursive_schemas_become_defs_and_generate_without_endless_expansion()
    {
        // A tree, and a ring of 400 schemas that reach each other: each kept once under $defs.
        var sb = new StringBuilder(Header + """
            paths:
              /trees:
                post:
                  operationId: saveTree
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema:
                          type: object
                          required: [root]
                          properties:
                            root: { $ref: '#/components/schemas/Node' }
                            ring: { $ref: '#/components/schemas/R0' }
                  responses: { '204': { description: saved } }
            components:
              schemas:
                Node:
                  type: object
                  properties:
                    label: { type: string }
                    children: { type: array, items: { $ref: '#/components/schemas/Node' } }

            """);
        for (var i = 0; i < 400; i++)
        {
            sb.Append("    R").Append(i).Append(": { type: object, properties: { next: { $ref: '#/components/schemas/R").Append((i + 1) % 400).Append("' } } }\n");
        }

        var run = Run(sb.ToString());

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        var tool = ToolsJson(run);
        Assert.Contains("#/$defs/Node", tool, StringComparison.Ordinal);
        Assert.Contains("#/$defs/R399", tool, StringComparison.Ordinal);
    }

    [Fact]
    public void Operation_that_cannot_be_called_is_skipped_with_a_warning_and_the_rest_is_imported()
    {
        var run = Run(Header + """
            paths:
              /a:
                get:
                  operationId: kept
                  responses: { '200': { description: ok } }
              /b:
                get:
                  operationId: withFormHeader
                  parameters:
                    - name: X-Filter
                      in: header
                      style: form
                      schema: { type: string }
                  responses: { '200': { description: ok } }
            """);

        var warning = Assert.Single(run.Diagnostics, d => d.Id == "NMCP032");
        Assert.Contains("withFormHeader", warning.GetMessage());
        Assert.Equal(13, warning.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains(run.Results.Single().GeneratedSources, s => s.HintName.EndsWith("KeptTool.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Results.Single().GeneratedSources, s => s.HintName.Contains("WithFormHeader", StringComparison.Ordinal));
    }

    [Fact]
    public void Selection_rules_toolsets_and_deprecation_decide_which_operations_become_tools()
    {
        var document = Header + """
            paths:
              /pets:
                get: { operationId: listPets, tags: [pets], responses: { '200': { description: ok } } }
                post: { operationId: addPet, tags: [pets], responses: { '200': { description: ok } } }
              /admin/users:
                get: { operationId: listUsers, tags: [admin], responses: { '200': { description: ok } } }
              /old:
                get: { operationId: oldThing, tags: [pets], deprecated: true, responses: { '200': { description: ok } } }
              /hidden:
                get: { operationId: hiddenThing, tags: [pets], x-mcp: { exclude: true }, responses: { '200': { description: ok } } }
            """;
        var spec = Spec.Replace("openapi: ./api/doc.yaml\n", "openapi:\n  document: ./api/doc.yaml\n  select:\n    - exclude: { path: '/pets', method: POST }\n  toolsets: [pets]\n  operations:\n    listPets: { name: pets }\n");

        var run = Run(document, spec);

        var tools = run.Results.Single().GeneratedSources.Where(s => s.HintName.Contains("/Tools/", StringComparison.Ordinal)).Select(s => s.HintName).ToArray();
        Assert.Equal(new[] { "Doc/Tools/PetsTool.g.cs" }, tools);
        var leftOut = run.Diagnostics.Where(d => d.Id == "NMCP035").Select(d => d.GetMessage()).ToArray();
        Assert.Equal(4, leftOut.Length);
        Assert.Contains(leftOut, m => m.Contains("'addPet'", StringComparison.Ordinal) && m.Contains("exclude rule", StringComparison.Ordinal));
        Assert.Contains(leftOut, m => m.Contains("'listUsers'", StringComparison.Ordinal) && m.Contains("toolset 'admin'", StringComparison.Ordinal));
        Assert.Contains(leftOut, m => m.Contains("'oldThing'", StringComparison.Ordinal) && m.Contains("deprecated", StringComparison.Ordinal));
        Assert.Contains(leftOut, m => m.Contains("'hiddenThing'", StringComparison.Ordinal) && m.Contains("x-mcp", StringComparison.Ordinal));
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorDriverRunResult run, string step) =>
        run.Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    [Fact]
    public void Editing_a_file_the_document_refers_to_regenerates_and_editing_an_unrelated_file_does_not()
    {
        var root = Header + "paths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: 'schemas/pet.yaml' }\n";
        var pet = new InMemoryText("/specs/api/schemas/pet.yaml", "type: object\nproperties:\n  name: { type: string }\n");
        var unrelated = new InMemoryText("/specs/other/notes.yaml", "a: 1\n");
        var driver = OpenApiHarness.CreateDriver(new InMemoryText(SpecPath, Spec), new AdditionalText[] { new InMemoryText(DocumentPath, root), pet, unrelated });
        var compilation = GeneratorHarness.Compilation("class A { }");
        driver = driver.RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(unrelated, new InMemoryText(unrelated.Path, "a: 2\n")).RunGenerators(compilation);
        var second = driver.GetRunResult();
        // The parse ran again (its inputs changed) or not at all; either way the model is the one it was.
        Assert.All(Reasons(second, TrackingNames.Models), r => Assert.Contains(r, new[] { IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached }));
        Assert.All(Reasons(second, TrackingNames.Output), r => Assert.Equal(IncrementalStepRunReason.Cached, r));

        driver = driver.ReplaceAdditionalText(pet, new InMemoryText(pet.Path, "type: object\nproperties:\n  name: { type: string }\n  age: { type: integer }\n")).RunGenerators(compilation);
        var third = driver.GetRunResult();
        Assert.All(Reasons(third, TrackingNames.Models), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.Contains("age", ToolsJson(third), StringComparison.Ordinal);
    }
}
