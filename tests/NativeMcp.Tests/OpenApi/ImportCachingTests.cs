extern alias generator;
using System;
using System.Linq;
using generator::NativeMcp.Generators;
using Microsoft.CodeAnalysis;
using NativeMcp.Tests.Generator;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// The OpenAPI import is its own incremental step: an edit of the spec outside its openapi section is served from the
/// cache (the document is neither parsed nor imported again), while an edit of the section, of the document or of a
/// file the document refers to imports again. Diagnostics the import makes at the spec follow the spec's lines.
/// </summary>
public sealed class ImportCachingTests
{
    private const string SpecPath = "/specs/spec.yaml";
    private const string DocumentPath = "/specs/api/doc.yaml";
    private const string PetPath = "/specs/api/schemas/pet.yaml";

    private const string Spec = """
        nativemcp: 1
        server: { name: doc, version: 1.0.0, binary: doc-mcp, title: Doc API }
        tools:
          - name: get_thing
            description: Gets one thing.
            input: { id: { type: string, required: true } }
            http: { method: GET, path: "/things/{id}" }
        openapi:
          document: ./api/doc.yaml
          operations:
            listPets:
              hidden: { limit: '10' }
            noSuchOperation: { name: nothing }

        """;

    private const string Document = """
        openapi: 3.0.3
        info: { title: T, version: '1' }
        servers: [ { url: 'https://api.example.com' } ]
        paths:
          /pets:
            get:
              operationId: listPets
              parameters:
                - { name: limit, in: query, schema: { type: integer } }
                - { name: tag, in: query, schema: { type: string } }
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: 'schemas/pet.yaml' }

        """;

    private const string Pet = "type: object\nproperties:\n  name: { type: string }\n";

    private sealed class Build
    {
        private readonly AdditionalText _spec = new InMemoryText(SpecPath, Spec);
        private readonly AdditionalText _document = new InMemoryText(DocumentPath, Document);
        private readonly AdditionalText _pet = new InMemoryText(PetPath, Pet);
        private readonly AdditionalText _unrelated = new InMemoryText("/specs/other/notes.yaml", "a: 1\n");
        private readonly Compilation _compilation = GeneratorHarness.Compilation("class A { }");
        private GeneratorDriver _driver;

        public Build()
        {
            _driver = OpenApiHarness.CreateDriver(_spec, new[] { _document, _pet, _unrelated }).RunGenerators(_compilation);
            Last = _driver.GetRunResult();
            Assert.Equal(new[] { IncrementalStepRunReason.New }, Reasons(TrackingNames.Import));
        }

        public GeneratorDriverRunResult Last { get; private set; }

        public void EditSpec(Func<string, string> edit) => Replace(_spec, edit(Spec));

        public void EditDocument(Func<string, string> edit) => Replace(_document, edit(Document));

        public void EditPet(Func<string, string> edit) => Replace(_pet, edit(Pet));

        public void EditUnrelated() => Replace(_unrelated, "a: 2\n");

        private void Replace(AdditionalText old, string text)
        {
            _driver = _driver.ReplaceAdditionalText(old, new InMemoryText(old.Path, text)).RunGenerators(_compilation);
            Last = _driver.GetRunResult();
        }

        public IncrementalStepRunReason[] Reasons(string step) =>
            Last.Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

        /// <summary>The imported operations' tool sources (not the spec's own tool).</summary>
        public string ToolsSource =>
            string.Concat(Last.Results.Single().GeneratedSources
                .Where(s => s.HintName.Contains("/Tools/", StringComparison.Ordinal) && !s.HintName.Contains("GetThing", StringComparison.Ordinal))
                .Select(s => s.SourceText.ToString()));

        /// <summary>The tools/list entry of the tool made from listPets, as the generated source spells it (quotes escaped).</summary>
        public string ListPetsEntry =>
            Assert.Single(Last.Results.Single().GeneratedSources, s => s.HintName.EndsWith("/ListPetsTool.g.cs", StringComparison.Ordinal))
                .SourceText.ToString().Split('\n').Single(l => l.Contains("ListJsonUtf8 =>", StringComparison.Ordinal));

        /// <summary>The 1-based line of the one NMCP036 (the override naming no operation), in the spec.</summary>
        public int UnusedOverrideLine()
        {
            var warning = Assert.Single(Last.Diagnostics, d => d.Id == "NMCP036");
            Assert.Equal(SpecPath, warning.Location.GetLineSpan().Path);
            return warning.Location.GetLineSpan().StartLinePosition.Line + 1;
        }
    }

    private static void AssertServedFromCache(Build build)
    {
        // Exactly one import, not re-run: Assert.All over no outputs would prove nothing.
        var reasons = build.Reasons(TrackingNames.Import);
        Assert.Single(reasons);
        Assert.All(reasons, r => Assert.Contains(r, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    private static void AssertImportedAgain(Build build) =>
        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, build.Reasons(TrackingNames.Import));

    public static TheoryData<string, string> UnrelatedEdits => new()
    {
        { "the server's title", "title: Doc API }|title: The Doc API }" },
        { "another tool's description", "Gets one thing.|Gets one thing by its id." },
        { "a comment above everything", "nativemcp: 1|# a comment that moves every line\nnativemcp: 1" },
        { "lines after the openapi section", "noSuchOperation: { name: nothing }\n|noSuchOperation: { name: nothing }\n# trailing notes\n# more notes\n" },
    };

    [Theory]
    [MemberData(nameof(UnrelatedEdits))]
    public void Unrelated_edit_of_the_spec_is_served_from_the_import_cache(string what, string edit)
    {
        Assert.NotEmpty(what);
        var (from, to) = (edit.Split('|')[0], edit.Split('|')[1]);
        Assert.Contains(from, Spec, StringComparison.Ordinal);
        var build = new Build();
        var tools = build.ToolsSource;

        build.EditSpec(s => s.Replace(from, to, StringComparison.Ordinal));

        AssertServedFromCache(build);
        // The spec itself was parsed again (the edit may change what it says); only the import was not.
        Assert.DoesNotContain(IncrementalStepRunReason.Cached, build.Reasons(TrackingNames.Parsed));
        Assert.Equal(tools, build.ToolsSource);
    }

    [Fact]
    public void Diagnostic_the_cached_import_made_at_the_spec_moves_with_the_spec_s_lines()
    {
        var build = new Build();
        var before = build.UnusedOverrideLine();
        Assert.Equal(Spec.Split('\n').ToList().FindIndex(l => l.Contains("noSuchOperation", StringComparison.Ordinal)) + 1, before);

        build.EditSpec(s => "# one\n# two\n" + s);

        AssertServedFromCache(build);
        Assert.Equal(before + 2, build.UnusedOverrideLine());
    }

    [Fact]
    public void Edit_of_the_openapi_section_imports_again()
    {
        var build = new Build();

        build.EditSpec(s => s.Replace("hidden: { limit: '10' }", "hidden: { limit: '10' }\n      name: pets", StringComparison.Ordinal));

        AssertImportedAgain(build);
        Assert.Contains(build.Last.Results.Single().GeneratedSources, s => s.HintName.EndsWith("/PetsTool.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Renaming_the_spec_s_own_tool_imports_again()
    {
        // The spec's own tool names are part of the import's key: an imported operation is renamed rather than clash.
        var build = new Build();

        build.EditSpec(s => s.Replace("name: get_thing", "name: other_thing", StringComparison.Ordinal));

        AssertImportedAgain(build);
    }

    [Fact]
    public void Edit_of_the_document_imports_again_with_the_spec_s_settings_unconsumed()
    {
        var build = new Build();
        Assert.DoesNotContain("\"limit\"", build.ListPetsEntry, StringComparison.Ordinal);
        Assert.Contains("\"tag\"", build.ListPetsEntry, StringComparison.Ordinal);

        // The spec did not change, so its cached request is imported again: its hidden argument must still apply.
        build.EditDocument(d => d.Replace("- { name: tag, in: query, schema: { type: string } }", "- { name: tag, in: query, schema: { type: string } }\n        - { name: sort, in: query, schema: { type: string } }", StringComparison.Ordinal));

        AssertImportedAgain(build);
        Assert.Contains("\"sort\"", build.ListPetsEntry, StringComparison.Ordinal);
        Assert.DoesNotContain("\"limit\"", build.ListPetsEntry, StringComparison.Ordinal);
        Assert.DoesNotContain(build.Last.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        build.UnusedOverrideLine();
    }

    [Fact]
    public void Edit_of_a_file_the_document_refers_to_imports_again()
    {
        var build = new Build();

        build.EditPet(p => p + "  age: { type: integer }\n");

        AssertImportedAgain(build);
        Assert.Contains("age", build.ToolsSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Edit_of_a_file_outside_the_document_s_folder_is_served_from_the_import_cache()
    {
        var build = new Build();

        build.EditUnrelated();

        AssertServedFromCache(build);
    }
}
