extern alias generator;
using System;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using NativeMcp.Tests.Generator;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// A referenced schema that a tool's schema would hold more than once is published once under that schema's
/// <c>$defs</c>; one held once, and every top-level argument, stays written out in place.
/// </summary>
public sealed class SharedSchemaTests
{
    private const string Document = """
        openapi: 3.0.3
        info: { title: T, version: '1' }
        servers: [ { url: 'https://api.example.com' } ]
        paths:
          /orders:
            post:
              operationId: placeOrder
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        order:
                          type: object
                          properties:
                            billing: { $ref: '#/components/schemas/Address' }
                            shipping: { $ref: '#/components/schemas/Address' }
                            note: { $ref: '#/components/schemas/Note' }
                        home: { $ref: '#/components/schemas/Address' }
              responses:
                '200':
                  description: ok
                  content: { application/json: { schema: { $ref: '#/components/schemas/Receipt' } } }
        components:
          schemas:
            Address:
              type: object
              properties: { street: { type: string }, city: { type: string } }
              required: [city]
            Note: { type: object, properties: { text: { type: string } } }
            Receipt:
              type: object
              properties:
                id: { type: string }
                parts:
                  type: array
                  items: { type: object, properties: { from: { $ref: '#/components/schemas/Address' }, to: { $ref: '#/components/schemas/Address' } } }
        """;

    [Fact]
    public void A_schema_referenced_twice_is_one_def_and_one_referenced_once_or_at_the_top_stays_in_place()
    {
        var spec = "nativemcp: 1\nserver: { name: doc, version: 1.0.0, binary: doc-mcp }\nopenapi: ./api/doc.yaml\n";
        var driver = OpenApiHarness.CreateDriver(new InMemoryText("/specs/spec.yaml", spec), new[] { (AdditionalText)new InMemoryText("/specs/api/doc.yaml", Document) });
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation("class A { }"), out var output, out _);
        var run = driver.GetRunResult();
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var code = string.Concat(run.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
        const string start = "ListJsonUtf8 => \"\"\"";
        var at = code.IndexOf(start, StringComparison.Ordinal) + start.Length;
        using var entry = JsonDocument.Parse(code[at..code.IndexOf("\"\"\"u8", at, StringComparison.Ordinal)]);
        var input = entry.RootElement.GetProperty("inputSchema");
        const string address = """{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}},"required":["city"]}""";

        // Twice inside the order argument: one definition, two references; the note (once) stays in place.
        var order = input.GetProperty("properties").GetProperty("order").GetProperty("properties");
        Assert.Equal("""{"$ref":"#/$defs/Address"}""", order.GetProperty("billing").GetRawText());
        Assert.Equal("""{"$ref":"#/$defs/Address"}""", order.GetProperty("shipping").GetRawText());
        Assert.Equal("""{"type":"object","properties":{"text":{"type":"string"}}}""", order.GetProperty("note").GetRawText());
        Assert.Equal(address, input.GetProperty("$defs").GetProperty("Address").GetRawText());
        Assert.Single(input.GetProperty("$defs").EnumerateObject());
        // A top-level argument is what binds it: always written out.
        Assert.Equal(address, input.GetProperty("properties").GetProperty("home").GetRawText());

        // The output schema is built apart, with its own $defs.
        var outputSchema = entry.RootElement.GetProperty("outputSchema");
        var part = outputSchema.GetProperty("properties").GetProperty("parts").GetProperty("items").GetProperty("properties");
        Assert.Equal("""{"$ref":"#/$defs/Address"}""", part.GetProperty("from").GetRawText());
        Assert.Equal(address, outputSchema.GetProperty("$defs").GetProperty("Address").GetRawText());
    }
}
