extern alias generator;
using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using NativeMcp.Tests.Generator;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// The spec's hidden arguments for imported operations, parameters described by <c>content</c>, and non-object
/// responses wrapped into an object output schema, through the generator driver (the generated code is compiled).
/// </summary>
public sealed class OpenApiMappingTests
{
    private const string DocumentPath = "/specs/api/doc.yaml";
    private const string SpecPath = "/specs/spec.yaml";

    private const string Document = """
        openapi: 3.0.3
        info: { title: T, version: '1' }
        servers: [ { url: 'https://api.example.com' } ]
        paths:
          /items/{id}:
            post:
              operationId: saveItem
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
                - { name: tenant, in: query, schema: { type: string } }
                - name: filter
                  in: query
                  content: { application/json: { schema: { type: object, properties: { size: { type: integer } } } } }
                - name: X-Trace
                  in: header
                  content: { text/plain: { schema: { type: string } } }
              requestBody:
                content:
                  application/json:
                    schema: { type: object, properties: { label: { type: string }, count: { type: integer } } }
              responses:
                '200':
                  description: ok
                  content: { application/json: { schema: { type: array, items: { type: string } } } }
        """;

    private static (GeneratorDriverRunResult Run, Compilation Output) Run(string operations)
    {
        var spec = "nativemcp: 1\nserver: { name: doc, version: 1.0.0, binary: doc-mcp }\nopenapi:\n  document: ./api/doc.yaml\n  operations:\n" + operations;
        var driver = OpenApiHarness.CreateDriver(new InMemoryText(SpecPath, spec), new[] { (AdditionalText)new InMemoryText(DocumentPath, Document) });
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation("class A { }"), out var output, out _);
        return (driver.GetRunResult(), output);
    }

    private static string Generated(GeneratorDriverRunResult run) =>
        string.Concat(run.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));

    private static void CompilesClean(GeneratorDriverRunResult run, Compilation output)
    {
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Hidden_parameters_and_string_body_fields_leave_the_schema_and_are_sent_as_fixed_text()
    {
        var (run, output) = Run("    saveItem:\n      hidden: { tenant: acme, label: fixed-label }\n");

        CompilesClean(run, output);
        var code = Generated(run);
        Assert.DoesNotContain("\"tenant\":{", code, StringComparison.Ordinal);
        Assert.DoesNotContain("\"label\":{", code, StringComparison.Ordinal);
        Assert.Contains("\"count\":{", code, StringComparison.Ordinal);
        Assert.Contains(".Add(\"tenant\", \"acme\")", code, StringComparison.Ordinal);
        Assert.Contains("writer.WriteString(\"label\", \"fixed-label\")", code, StringComparison.Ordinal);
    }

    [Fact]
    public void Hidden_argument_the_operation_does_not_have_is_an_error_at_its_line_in_the_spec()
    {
        var (run, _) = Run("    saveItem:\n      hidden:\n        tenant: acme\n        tennant: acme\n        count: 3\n");

        var errors = run.Diagnostics.Where(d => d.Id == "NMCP038").OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).ToArray();
        Assert.Equal(2, errors.Length);
        Assert.Equal(SpecPath, errors[0].Location.GetLineSpan().Path);
        Assert.Equal(9, errors[0].Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("'tennant'", errors[0].GetMessage(), StringComparison.Ordinal);
        Assert.Contains("saveItem", errors[0].GetMessage(), StringComparison.Ordinal);
        Assert.Contains("id, filter, X-Trace, label, count", errors[0].GetMessage(), StringComparison.Ordinal);
        // A JSON body field that is a number would be sent as a string: it is not hidden, and says so.
        Assert.Equal(10, errors[1].Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("'count'", errors[1].GetMessage(), StringComparison.Ordinal);
        Assert.Contains("not a string", errors[1].GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_described_by_content_are_arguments_sent_as_their_json_or_text()
    {
        var (run, output) = Run("    saveItem: { title: Save }\n");

        CompilesClean(run, output);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "NMCP032");
        var code = Generated(run);
        // filter's schema is the media type's; X-Trace (text/plain) is a string.
        Assert.Contains("\"filter\":{\"type\":\"object\",\"properties\":{\"size\":{\"type\":\"integer\"}}}", code, StringComparison.Ordinal);
        Assert.Contains("\"X-Trace\":{\"type\":\"string\"}", code, StringComparison.Ordinal);
        Assert.Contains(".Add(\"filter\", filter?.GetRawText())", code, StringComparison.Ordinal);
    }

    [Fact]
    public void An_array_response_is_published_wrapped_under_result_and_the_result_spec_wraps_the_answer()
    {
        var (run, output) = Run("    saveItem: { title: Save }\n");

        CompilesClean(run, output);
        var code = Generated(run);
        Assert.Contains("\"outputSchema\":{\"type\":\"object\",\"properties\":{\"result\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"required\":[\"result\"]}", code, StringComparison.Ordinal);
        Assert.Contains("WrapResult = true,", code, StringComparison.Ordinal);
    }
}
