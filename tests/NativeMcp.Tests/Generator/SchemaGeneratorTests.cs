using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace NativeMcp.Tests.Generator;

/// <summary>
/// Raw <c>inputSchema</c> / <c>outputSchema</c> in the generator: the schema is published exactly as written, a keyword
/// the validator does not check is a warning at its line and column (and code is still generated), and an invalid
/// schema is an error at the offending node (and no code is generated).
/// </summary>
public sealed class SchemaGeneratorTests
{
    /// <summary>A spec whose one tool's schema starts at line 9, column 7 (the "inputSchema:" key is line 8, column 5).</summary>
    private static string Spec(string schemaLines, string key = "inputSchema") => """
        nativemcp: 1
        server: { name: demo, version: 1.0.0, binary: demo-mcp }
        upstream:
          baseUrl: https://api.example.com
        tools:
          - name: find
            http: { method: POST, path: /find }
            KEY:
        """.Replace("KEY", key) + "\n" + string.Join("\n", schemaLines.Replace("\r\n", "\n").Split('\n').Select(l => "      " + l)) + "\n";

    private static (string Id, DiagnosticSeverity Severity, int Line, int Column, string Message)[] Diagnostics(string spec) =>
        GeneratorHarness.Diagnostics(spec).Select(d =>
        {
            var start = d.Location.GetLineSpan().StartLinePosition;
            return (d.Id, d.Severity, start.Line + 1, start.Character + 1, d.GetMessage(CultureInfo.InvariantCulture));
        }).ToArray();

    private static string Generated(string spec)
    {
        var (run, output) = GeneratorHarness.Run(spec);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return string.Join("\n", run.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
    }

    /// <summary>JSON text as it appears inside the generated tools/list entry's C# literal.</summary>
    /// <summary>JSON as the generated code holds it: verbatim, inside a raw UTF-8 literal (CSharp.Utf8Json).</summary>
    private static string Embedded(string json) => json;

    private static void AssertError(string spec, string id, int line, int column, params string[] keywords)
    {
        var diagnostics = Diagnostics(spec);
        var (actualId, severity, actualLine, actualColumn, message) = Assert.Single(diagnostics);
        Assert.Equal((id, DiagnosticSeverity.Error, line, column), (actualId, severity, actualLine, actualColumn));
        foreach (var keyword in keywords) Assert.True(message.Contains(keyword, StringComparison.Ordinal), message);
        Assert.Empty(GeneratorHarness.Run(spec).Run.Results.Single().GeneratedSources);
    }

    [Fact]
    public void The_schema_is_published_as_written_with_annotations_and_key_order_kept()
    {
        var spec = Spec("""
            $schema: https://json-schema.org/draft/2020-12/schema
            title: Find
            type: object
            $comment: the order below is the order published
            properties:
              q: { type: string, description: "What to find", examples: [cats], deprecated: false, minLength: 1 }
              limit: { type: integer, default: 10, maximum: 1.5e2, readOnly: false }
              near: { type: [number, "null"], writeOnly: true, contentMediaType: text/plain }
            required: [q]
            additionalProperties: false
            """);

        Assert.Empty(Diagnostics(spec));
        const string Published = """{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Find","type":"object","$comment":"the order below is the order published","properties":{"q":{"type":"string","description":"What to find","examples":["cats"],"deprecated":false,"minLength":1},"limit":{"type":"integer","default":10,"maximum":1.5e2,"readOnly":false},"near":{"type":["number",null],"writeOnly":true,"contentMediaType":"text/plain"}},"required":["q"],"additionalProperties":false}""";
        Assert.Contains(Embedded("\"inputSchema\":" + Published.Replace("[\"number\",null]", "[\"number\",\"null\"]")), Generated(spec));
    }

    [Fact]
    public void A_json_written_schema_keeps_its_text_values_and_number_spelling()
    {
        var spec = Spec("""
            {"type": "object", "properties": {"n": {"type": "number", "multipleOf": 0.10, "const": 1.50}, "s": {"enum": ["a", 2, null, true]}}}
            """);

        Assert.Empty(Diagnostics(spec));
        Assert.Contains(Embedded("\"inputSchema\":" + """{"type":"object","properties":{"n":{"type":"number","multipleOf":0.10,"const":1.50},"s":{"enum":["a",2,null,true]}}}"""), Generated(spec));
    }

    [Fact]
    public void A_keyword_the_validator_does_not_check_is_a_warning_at_its_line_and_code_is_still_generated()
    {
        var spec = Spec("""
            type: object
            properties:
              tags:
                type: array
                unevaluatedItems: false
              id: { type: string, format: uuid, minLenght: 3 }
            """);

        var diagnostics = Diagnostics(spec);
        Assert.Equal(new[]
        {
            ("NMCP021", DiagnosticSeverity.Warning, 13, 11),
            ("NMCP021", DiagnosticSeverity.Warning, 14, 29),
            ("NMCP021", DiagnosticSeverity.Warning, 14, 43),
        }, diagnostics.Select(d => (d.Id, d.Severity, d.Line, d.Column)));
        Assert.Contains("'unevaluatedItems' at tool 'find' inputSchema #/properties/tags/unevaluatedItems is published but arguments are not checked against it: the validator does not implement unevaluatedItems", diagnostics[0].Message);
        Assert.Contains("format 'uuid' is not one the validator checks (date, date-time, email, uri)", diagnostics[1].Message);
        Assert.Contains("'minLenght'", diagnostics[2].Message);
        Assert.Contains("not a JSON Schema 2020-12 keyword", diagnostics[2].Message);
        Assert.Contains("class FindToolSchemas", Generated(spec));
    }

    [Fact]
    public void Another_dialect_is_a_warning()
    {
        var diagnostics = Diagnostics(Spec("""
            $schema: "http://json-schema.org/draft-07/schema#"
            type: object
            """));
        var warning = Assert.Single(diagnostics);
        Assert.Equal(("NMCP021", DiagnosticSeverity.Warning, 9, 7), (warning.Id, warning.Severity, warning.Line, warning.Column));
        Assert.Contains("draft-07", warning.Message);
    }

    [Fact]
    public void A_ref_to_nothing_is_an_error_at_the_ref()
    {
        AssertError(Spec("""
            type: object
            properties:
              address: { $ref: "#/$defs/adress" }
            $defs:
              address: { type: object }
            """), "NMCP022", 11, 26, "$ref '#/$defs/adress'", "nothing is at that JSON pointer");
    }

    [Fact]
    public void An_external_ref_or_an_anchor_ref_is_an_error()
    {
        AssertError(Spec("""
            type: object
            properties:
              address: { $ref: "https://example.com/address.json" }
            """), "NMCP022", 11, 26, "only references inside this schema");
        AssertError(Spec("""
            type: object
            properties:
              address: { $ref: "#addr" }
            """), "NMCP022", 11, 26, "not by $anchor");
    }

    [Fact]
    public void A_ref_cycle_that_never_reaches_a_value_is_an_error()
    {
        AssertError(Spec("""
            type: object
            properties:
              a: { $ref: "#/$defs/a" }
            $defs:
              a: { allOf: [{ $ref: "#/$defs/b" }] }
              b: { $ref: "#/$defs/a" }
            """), "NMCP022", 14, 20, "refers back to itself");
    }

    [Fact]
    public void A_recursive_ref_through_a_property_is_fine()
    {
        var spec = Spec("""
            type: object
            properties:
              root: { $ref: "#" }
            """);
        Assert.Empty(Diagnostics(spec));
        // The root is a slot of the targets array like any other target, set after the field it points at.
        var generated = Generated(spec);
        Assert.Contains("SchemaRef(\"#\", Targets, 0)", generated);
        Assert.Contains("Targets[0] = Input;", generated);
    }

    [Fact]
    public void Keyword_values_of_the_wrong_type_are_errors_at_the_value()
    {
        AssertError(Spec("""
            type: object
            properties:
              q: { type: string, minLength: "3" }
            """), "NMCP004", 11, 39, "#/properties/q/minLength", "a whole number");
        AssertError(Spec("""
            type: object
            properties:
              q: { type: strin }
            """), "NMCP010", 11, 20, "a type is one of: null, boolean, object, array, number, string, integer");
        AssertError(Spec("""
            type: object
            required: q
            """), "NMCP004", 10, 17, "a list of property names");
        AssertError(Spec("""
            type: object
            properties:
              q: { pattern: "([a-z]" }
            """), "NMCP013", 11, 23, "#/properties/q");
        AssertError(Spec("""
            type: object
            properties:
              q: { items: [{ type: string }] }
            """), "NMCP004", 11, 21, "prefixItems");
        AssertError(Spec("""
            type: object
            properties:
              q: 3
            """), "NMCP004", 11, 12, "a schema (a mapping, true or false)");
    }

    [Fact]
    public void A_tool_schema_must_be_of_type_object()
    {
        AssertError(Spec("""
            type: array
            """), "NMCP010", 9, 13, "type: object");
    }

    [Fact]
    public void The_shorthand_and_the_raw_schema_on_one_tool_is_an_error()
    {
        var spec = Spec("""
            type: object
            """).Replace("    http:", "    input: { q: { type: string } }\n    http:");
        AssertError(spec, "NMCP010", 9, 5, "give either 'input' or 'inputSchema', not both");
    }

    [Fact]
    public void An_output_schema_replaces_the_output_shorthand()
    {
        var spec = Spec("""
            type: object
            properties:
              id: { type: string }
            """, key: "outputSchema");
        Assert.Empty(Diagnostics(spec));
        var code = Generated(spec);
        Assert.Contains(Embedded("\"outputSchema\":" + """{"type":"object","properties":{"id":{"type":"string"}}}"""), code);
        Assert.Contains("OutputSchema = FindToolSchemas.Output,", code);
    }
}
