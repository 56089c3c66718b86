using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NativeMcp.Tests.Generator;
using Xunit;

namespace NativeMcp.Tests.Wire;

/// <summary>
/// NMCP050-053: a request that could not be sent as declared is a compile error at the node that says so
/// (line and column of the marked text), and no code is generated.
/// </summary>
public sealed class WireDiagnosticTests
{
    private const string Head = """
        nativemcp: 1
        server: { name: wirediag, version: 0.1.0, binary: wirediag-mcp }
        env: { API_URL: { required: true } }
        upstream: { baseUrl: "${API_URL}" }
        tools:
          - name: op
            input:
              id: { type: string, required: true }
              ids: { type: array, items: { type: string } }
              meta: { type: object }
              data: { type: string }
            http:
              method: POST
              path: /things/{id}

        """;

    [Theory]
    [InlineData("      parameters: [{ in: header, name: X-Ids, input: ids, style: »form }]", "NMCP050", "'form'", "header parameter 'X-Ids'", "allowed: simple")]
    [InlineData("      parameters: [{ in: path, name: id, input: id, style: »deepObject }]", "NMCP050", "'deepObject'", "simple, label, matrix")]
    [InlineData("      parameters: [{ in: query, name: q, input: ids, style: »diagonal }]", "NMCP050", "'diagonal'", "form, spaceDelimited, pipeDelimited, deepObject")]
    [InlineData("      parameters: [{ in: query, name: q, input: ids }, { in: query, name: »q, input: meta }]", "NMCP051", "query parameter 'q'", "'op'")]
    [InlineData("      requestBody: { encoding: multipart, properties: [{ name: f, input: meta, »file: true }] }", "NMCP052", "File part 'f'", "'meta'", "object")]
    [InlineData("      requestBody: { encoding: binary, input: »meta }", "NMCP052", "binary request body", "'meta'")]
    [InlineData("      requestBody: »{ encoding: text }", "NMCP053", "text request body", "give 'input'")]
    [InlineData("      requestBody: { encoding: form, »input: meta }", "NMCP053", "form request body", "properties")]
    public void A_request_that_cannot_be_sent_is_an_error_at_its_node(string http, string id, params string[] keywords)
    {
        var line = Head.Split('\n').Length;
        var column = http.IndexOf('»') + 1;
        var diagnostics = GeneratorHarness.Diagnostics(Head + http.Replace("»", "") + "\n");

        var located = diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Location.GetLineSpan().StartLinePosition.Character + 1));
        Assert.Equal(new[] { (id, line, column) }, located);
        Assert.Equal(DiagnosticSeverity.Error, diagnostics[0].Severity);
        var message = diagnostics[0].GetMessage(CultureInfo.InvariantCulture);
        foreach (var keyword in keywords) Assert.True(message.Contains(keyword, StringComparison.Ordinal), message);
    }

    [Fact]
    public void The_full_forms_compile_cleanly()
    {
        var diagnostics = GeneratorHarness.Diagnostics(Head + """
                  parameters:
                    - { in: query, name: ids, input: ids, style: pipeDelimited, explode: false }
                    - { in: cookie, name: id, value: "c-{id}" }
                  requestBody: { encoding: multipart, properties: [meta, { name: f, input: data, file: { fileName: "{id}.bin" } }] }
                auth: { anyOf: [{ type: cookie, name: s, value: "${API_URL}" }, []] }

            """);
        Assert.Empty(diagnostics);
    }
}
