using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NativeMcp.Tests.Infrastructure;
using Xunit;
using static NativeMcp.Tests.Infrastructure.SpecBuilder;

namespace NativeMcp.Tests.Generator;

/// <summary>
/// Every spec diagnostic (NMCP001..NMCP016) is reported as an error, in the spec file, at the exact
/// 1-based line and column of the offending YAML node, with a message that names what is wrong.
/// Each case is one edit of <see cref="SpecBuilder.Minimal"/>; line numbers refer to its layout.
/// NMCP099 (internal failure) is not provokable by design and has no test of its own; the tests below
/// and <see cref="FuzzTests"/> check that no input produces it.
/// </summary>
public sealed class DiagnosticTests
{
    // ---------------------------------------------------------------- helpers

    /// <summary>(id, 1-based line, 1-based column) of each diagnostic, in reported order.</summary>
    private static (string Id, int Line, int Column)[] Located(ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.Select(d =>
        {
            var start = d.Location.GetLineSpan().StartLinePosition;
            return (d.Id, start.Line + 1, start.Character + 1);
        }).ToArray();

    /// <summary>
    /// Runs the generator on <paramref name="spec"/> and asserts it reports exactly one diagnostic: the given
    /// id, as an error, in the spec file at line:column, with every keyword in its message.
    /// </summary>
    private static Diagnostic AssertSingle(string spec, string id, int line, int column, params string[] keywords) =>
        AssertSingle(GeneratorHarness.Diagnostics(spec), GeneratorHarness.SpecPath, id, line, column, keywords);

    private static Diagnostic AssertSingle(ImmutableArray<Diagnostic> diagnostics, string path, string id, int line, int column, params string[] keywords)
    {
        Assert.Equal(new[] { (id, line, column) }, Located(diagnostics));
        var diagnostic = diagnostics[0];
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(path, diagnostic.Location.GetLineSpan().Path);
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        foreach (var keyword in keywords)
        {
            Assert.True(message.Contains(keyword, StringComparison.Ordinal), $"Message of {id} does not contain '{keyword}': {message}");
        }
        return diagnostic;
    }

    // ---------------------------------------------------------------- one test per diagnostic id

    [Fact]
    public void NMCP001_spec_that_is_not_valid_yaml()
    {
        // A flow mapping left open at the end of the file: the parser runs into the end of the text (line 13).
        AssertSingle(Minimal().Replace("path: \"/things/{thingId}\" }", "path: \"/things/{thingId}\"").Append(""),
            "NMCP001", 13, 1, "not valid YAML or JSON", "flow mapping");

        // An unquoted {x} inside a flow mapping: '{' opens a nested mapping where ',' or '}' is expected.
        AssertSingle(Minimal().Replace("path: \"/things/{thingId}\"", "path: /things/{thingId}"),
            "NMCP001", 12, 40, "not valid YAML or JSON", "flow mapping");
    }

    [Fact]
    public void NMCP001_flow_mapping_left_open_before_the_next_key()
    {
        // The most common typo: a missing '}' with more of the file after it. The next line (env:, column 1)
        // is where the still-open flow mapping breaks. Must be a located syntax error, not NMCP099.
        AssertSingle(Minimal().Replace("binary: demo-mcp }", "binary: demo-mcp"), "NMCP001", 3, 1, "not valid YAML or JSON");
    }

    [Fact]
    public void NMCP001_entry_without_a_key_before_a_nested_mapping()
    {
        // YamlDotNet's loader throws an ArgumentException (not a YamlException) here: still a syntax error, not NMCP099.
        var diagnostic = Assert.Single(GeneratorHarness.Diagnostics(Minimal().Replace("  baseUrl: https://api.example.com", "  : baseUrl: https://api.example.com")));
        Assert.Equal(("NMCP001", DiagnosticSeverity.Error), (diagnostic.Id, diagnostic.Severity));
        Assert.Contains("no key", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NMCP002_unsupported_format_version()
    {
        AssertSingle(Minimal().Replace("nativemcp: 1", "nativemcp: 2"), "NMCP002", 1, 12, "version must be 1");
    }

    [Fact]
    public void NMCP003_unknown_key_at_top_level_in_a_tool_and_in_an_input()
    {
        AssertSingle(Minimal().InsertAfter("nativemcp: 1", "colour: blue"),
            "NMCP003", 2, 1, "'colour'", "the spec", "$schema, nativemcp, server, env, upstream, upstreams, databases, tools");

        AssertSingle(Minimal().InsertAfter("- name: get_thing", "    colour: blue"),
            "NMCP003", 10, 5, "'colour'", "tools[0]", "name, title, description, group, annotations, input, http, errors");

        AssertSingle(Minimal().Replace(ThingIdInput, "thingId: { type: string, required: true, maxLen: 5 }"),
            "NMCP003", 11, 48, "'maxLen'", "input 'thingId'", "minLength, maxLength");
    }

    [Fact]
    public void NMCP004_value_of_the_wrong_type()
    {
        // tools given a mapping instead of a list: points at the start of that mapping.
        AssertSingle(Minimal().WithTools("""
              get_thing:
                http: { method: GET, path: "/things" }
            """), "NMCP004", 9, 3, "'tools'", "a list");

        // A quoted "yes" is a string, not a boolean.
        AssertSingle(Minimal().InsertAfter(ThingIdInput, "      verbose: { type: boolean, required: \"yes\" }"),
            "NMCP004", 12, 43, "'verbose.required'", "true or false");
    }

    [Fact]
    public void NMCP005_required_key_missing()
    {
        // A tool without http: points at the tool's mapping.
        AssertSingle(Minimal().RemoveLine(ThingHttp), "NMCP005", 9, 5, "tool 'get_thing'", "'http'");

        // A server without version: points at the server mapping.
        AssertSingle(Minimal().Replace("version: 1.0.0, ", ""), "NMCP005", 2, 9, "server", "'version'");
    }

    [Fact]
    public void NMCP006_duplicate_tool_name_points_at_the_second_occurrence()
    {
        AssertSingle(Minimal().Append("""
              - name: get_thing
                http: { method: GET, path: "/other" }
            """), "NMCP006", 13, 11, "'get_thing'", "already used");
    }

    [Fact]
    public void NMCP007_tool_name_rejected_by_mcp_clients()
    {
        // 65 characters: one over the limit.
        var tooLong = "get_thing_" + new string('a', 55);
        AssertSingle(Minimal().Replace("name: get_thing", "name: " + tooLong), "NMCP007", 9, 11, "'" + tooLong + "'", "1 to 64 characters", "65");

        AssertSingle(Minimal().Replace("name: get_thing", "name: get thing"), "NMCP007", 9, 11, "'get thing'", "letters, digits");
        AssertSingle(Minimal().Replace("name: get_thing", "name: get.thing"), "NMCP007", 9, 11, "'get.thing'", "letters, digits");
    }

    [Fact]
    public void NMCP007_is_not_reported_for_a_64_character_name()
    {
        Assert.Empty(GeneratorHarness.Diagnostics(Minimal().Replace("name: get_thing", "name: get_thing_" + new string('a', 54))));
    }

    [Fact]
    public void NMCP008_path_parameter_without_an_input()
    {
        AssertSingle(Minimal().WithTools("""
              - name: get_thing
                http: { method: GET, path: "/things/{missingParam}" }
            """), "NMCP008", 10, 32, "'{missingParam}'", "'get_thing'");
    }

    [Fact]
    public void NMCP009_undeclared_environment_variable()
    {
        AssertSingle(Minimal().Replace("baseUrl: https://api.example.com", "baseUrl: ${UNDECLARED}/v1"),
            "NMCP009", 6, 12, "'${UNDECLARED}'", "env");
    }

    [Fact]
    public void NMCP010_invalid_value()
    {
        AssertSingle(Minimal().Replace("method: GET", "method: FETCH"), "NMCP010", 12, 21, "'http.method'", "GET, POST, PUT, PATCH, DELETE");

        AssertSingle(Minimal().Replace("type: bearer", "type: oauth"), "NMCP010", 7, 17, "'upstream.auth.type'", "none, bearer, header, query, basic");

        AssertSingle(Minimal().InsertAfter("baseUrl: https://api.example.com", "  timeout: 30 seconds"),
            "NMCP010", 7, 12, "'upstream.timeout'", "500ms, 30s or 2m");
    }

    [Fact]
    public void NMCP011_query_names_an_unknown_input()
    {
        AssertSingle(Minimal().Replace("{ method: GET, path", "{ method: GET, query: [thingId, nope], path"),
            "NMCP011", 12, 43, "'nope'", "query", "'get_thing'");
    }

    [Fact]
    public void NMCP012_path_parameter_input_that_is_optional()
    {
        AssertSingle(Minimal().Replace(ThingIdInput, "thingId: { type: string }"),
            "NMCP012", 12, 32, "'thingId'", "'get_thing'", "required string or integer");
    }

    [Fact]
    public void NMCP013_invalid_regular_expression()
    {
        AssertSingle(Minimal().Replace(ThingIdInput, "thingId: { type: string, required: true, pattern: \"[a-z\" }"),
            "NMCP013", 11, 57, "'thingId'", "not a valid regular expression");
    }

    [Fact]
    public void NMCP014_default_outside_the_range_or_the_enum()
    {
        AssertSingle(Minimal().InsertAfter(ThingIdInput, "      days: { type: integer, minimum: 1, maximum: 31, default: 40 }"),
            "NMCP014", 12, 64, "'days'", "minimum/maximum");

        AssertSingle(Minimal().InsertAfter(ThingIdInput, "      status: { type: string, enum: [open, closed], default: pending }"),
            "NMCP014", 12, 62, "'status'", "open, closed");
    }

    [Fact]
    public void NMCP015_duplicate_key_in_an_input()
    {
        // YamlDotNet itself rejects keys that are equal as YAML nodes (see the next test), so the generator's
        // own check only sees keys that differ as nodes but name the same key: here a tagged !!str key.
        AssertSingle(Minimal().Replace(ThingIdInput, """
            thingId:
                    type: string
                    required: true
                    !!str required: true
            """), "NMCP015", 14, 9, "'required'", "input 'thingId'");
    }

    [Fact]
    public void NMCP015_plain_duplicate_key_is_reported_by_the_yaml_loader_as_NMCP001()
    {
        // What actually happens today: YamlDotNet throws "Duplicate key" while loading, so the spec gets
        // NMCP001 (still located at the second key) rather than NMCP015.
        AssertSingle(Minimal().Replace(ThingIdInput, "thingId: { type: string, required: true, required: false }"),
            "NMCP001", 11, 48, "Duplicate key", "required");
    }

    [Fact]
    public void NMCP016_two_specs_with_the_same_server_name()
    {
        const string A = "/specs/a.yaml";
        const string B = "/specs/b.yaml";
        var driver = GeneratorHarness.CreateDriver(new InMemoryText(A, Minimal()), new InMemoryText(B, Minimal()));
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(), out _, out _);
        var run = driver.GetRunResult();

        var duplicates = run.Diagnostics.Where(d => d.Id == "NMCP016").ToArray();
        Assert.NotEmpty(duplicates);
        Assert.Equal(duplicates.Length, run.Diagnostics.Length);
        Assert.Empty(run.Results[0].GeneratedSources);
        foreach (var diagnostic in duplicates)
        {
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Contains("'demo'", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);

            // Must point into one of the two specs, at the server name (line 2: `server: { name: demo, ...`).
            var span = diagnostic.Location.GetLineSpan();
            Assert.True(span.Path is A or B, $"NMCP016 is located at '{span.Path}' ({diagnostic.Location.Kind}), not in {A} or {B}");
            Assert.Equal((2, 17), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        }
    }

    // ---------------------------------------------------------------- behaviour across diagnostics

    [Fact]
    public void Spec_with_errors_generates_no_source_at_all()
    {
        Assert.NotEmpty(GeneratorHarness.Run(Minimal()).Run.Results[0].GeneratedSources);

        var broken = new[]
        {
            Minimal().Replace("method: GET", "method: FETCH"),
            Minimal().Replace(ThingIdInput, "thingId: { type: string, required: true, maxLen: 5 }"),
            Minimal().Replace("https://api.example.com", "${UNDECLARED}"),
            Minimal().Replace("nativemcp: 1", "nativemcp: 2"),
        };
        foreach (var spec in broken)
        {
            var (run, _) = GeneratorHarness.Run(spec);
            Assert.NotEmpty(run.Diagnostics);
            Assert.Empty(run.Results[0].GeneratedSources);
        }
    }

    [Fact]
    public void Independent_errors_are_all_reported_in_one_run()
    {
        var diagnostics = GeneratorHarness.Diagnostics(Minimal()
            .Replace("nativemcp: 1", "nativemcp: 2")
            .Replace("baseUrl: https://api.example.com", "baseUrl: ${UNDECLARED}")
            .Replace("method: GET", "method: FETCH"));

        Assert.Equal(
            new[] { ("NMCP002", 1, 12), ("NMCP009", 6, 12), ("NMCP010", 12, 21) },
            Located(diagnostics).OrderBy(d => d.Id, StringComparer.Ordinal).ToArray());
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.All(diagnostics, d => Assert.Equal(GeneratorHarness.SpecPath, d.Location.GetLineSpan().Path));
    }

    [Fact]
    public void Valid_spec_has_no_diagnostics_and_compiles()
    {
        var (run, output) = GeneratorHarness.Run(Minimal());

        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.Results[0].GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Json_spec_gets_the_same_diagnostic_at_its_own_line_and_column()
    {
        const string JsonPath = "/specs/test.json";
        // The minimal spec written as JSON, with an unknown key in the tool.
        var json = GeneratorHarness.Run("""
            {
              "nativemcp": 1,
              "server": { "name": "demo", "version": "1.0.0", "binary": "demo-mcp" },
              "env": { "DEMO_KEY": { "required": true, "secret": true } },
              "upstream": {
                "baseUrl": "https://api.example.com",
                "auth": { "type": "bearer", "token": "${DEMO_KEY}" }
              },
              "tools": [
                {
                  "name": "get_thing",
                  "colour": "blue",
                  "input": { "thingId": { "type": "string", "required": true } },
                  "http": { "method": "GET", "path": "/things/{thingId}" }
                }
              ]
            }
            """, JsonPath).Run.Diagnostics;

        // "colour" (with its quotes) starts at line 12, column 7.
        var fromJson = AssertSingle(json, JsonPath, "NMCP003", 12, 7, "'colour'", "tools[0]");

        var yaml = GeneratorHarness.Diagnostics(Minimal().InsertAfter("- name: get_thing", "    colour: blue"));
        var fromYaml = Assert.Single(yaml);
        Assert.Equal(fromYaml.Id, fromJson.Id);
        Assert.Equal(fromYaml.GetMessage(CultureInfo.InvariantCulture), fromJson.GetMessage(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("---")]
    [InlineData("---\n")]
    [InlineData("hello")]
    [InlineData("\t")]
    [InlineData("{")]
    [InlineData("[1, 2]")]
    [InlineData("\u0000\u0001\u00ff\u00fe{[}]:: \u007f\n\t\t- ?\u0002")]
    [InlineData("\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000")]
    [InlineData("nativemcp: 1\nserver: { name: demo\nupstream: x\n")]
    public void Generator_never_throws_and_always_explains(string text)
    {
        var exception = Record.Exception(() => GeneratorHarness.Run(text));
        Assert.Null(exception);

        var (run, _) = GeneratorHarness.Run(text);
        Assert.Null(run.Results[0].Exception);
        Assert.NotEmpty(run.Diagnostics);
        Assert.All(run.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "NMCP099");
        Assert.Empty(run.Results[0].GeneratedSources);
    }

    [Fact]
    public void Empty_spec_diagnostic_points_into_the_spec_file()
    {
        // With several specs in a project, a location-less "the spec file is empty" does not say which one.
        AssertSingle("", "NMCP002", 1, 1, "empty", "nativemcp: 1");
    }
}
