extern alias generator;
using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using generator::NativeMcp.Generators.FrontEnds.Lock;
using generator::NativeMcp.Generators.FrontEnds.Spec;
using generator::NativeMcp.Generators.Model;
using generator::NativeMcp.Generators.Resolution;
using Microsoft.CodeAnalysis;
using NativeMcp.Tests.Generator;
using Xunit;

namespace NativeMcp.Tests.Gateway;

/// <summary>
/// Locked resources, resource templates and prompts in a gateway spec: what is served (all, or a selection), under
/// which names (the upstream's prefix), and collisions and unknown selections at the spec line. Lines refer to <see cref="Spec"/>.
/// </summary>
public sealed class GatewayPrimitiveSpecTests
{
    /// <summary>Lines: 4 tracker:  7 prefix  8 resources  9 wiki:  12 prompts.</summary>
    private const string Spec = """
        nativemcp: 1
        server: { name: gw, version: 1.0.0, binary: gw-mcp }
        upstreams:
          tracker:
            transport: stdio
            command: tracker-mcp
            prefix: tracker_
            resources: ["tracker://issues", "tracker://issues/{id}"]
          wiki:
            transport: stdio
            command: wiki-mcp
            prompts: [ask]
        tools:
          - name: ping
            result: [{ text: pong }]
        """;

    private static string Entry(string key, string definition) =>
        "\"" + key + "\": { \"hash\": \"sha256:" + new string('0', 64) + "\", \"definition\": " + definition + " }";

    private static string Lock(string trackerResources = "", string wikiResources = "") => $$"""
        {
          "nativemcp": 1,
          "upstreams": {
            "tracker": {
              "protocolVersion": "2025-06-18",
              "serverInfo": { "name": "tracker", "version": "1.0.0" },
              "tools": {},
              "resources": {
                {{Entry("tracker://issues", """{ "description": "Open issues", "mimeType": "application/json", "name": "issues", "uri": "tracker://issues" }""")}},
                {{Entry("tracker://labels", """{ "name": "labels", "uri": "tracker://labels" }""")}}{{trackerResources}}
              },
              "resourceTemplates": {
                {{Entry("tracker://issues/{id}", """{ "name": "issue", "uriTemplate": "tracker://issues/{id}" }""")}}
              },
              "prompts": {
                {{Entry("triage", """{ "arguments": [{ "name": "issue", "required": true }], "description": "Triage an issue", "name": "triage" }""")}}
              }
            },
            "wiki": {
              "protocolVersion": "2025-06-18",
              "serverInfo": { "name": "wiki", "version": "1.0.0" },
              "tools": {},
              "resources": {
                {{Entry("wiki://home", """{ "name": "home", "uri": "wiki://home" }""")}}{{wikiResources}}
              },
              "prompts": {
                {{Entry("ask", """{ "description": "Ask the wiki", "name": "ask" }""")}},
                {{Entry("summarize", """{ "name": "summarize" }""")}}
              }
            }
          }
        }
        """;

    private static SpecModel Resolve(string spec, string lockText)
    {
        var resolved = SpecResolver.Resolve(SpecParser.Parse(GeneratorHarness.SpecPath, spec), LockReader.Read(GeneratorHarness.LockPath, lockText));
        Assert.Empty(resolved.Diagnostics.Select(d => d.Message));
        return resolved.Model!;
    }

    private static void AssertSingle(string spec, string lockText, string id, int line, int column, params string[] keywords)
    {
        var diagnostics = GeneratorHarness.RunWithLock(spec, lockText).Run.Diagnostics;
        var located = diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().Path, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Location.GetLineSpan().StartLinePosition.Character + 1)).ToArray();
        Assert.Equal(new[] { (id, GeneratorHarness.SpecPath, line, column) }, located);
        var message = diagnostics[0].GetMessage(CultureInfo.InvariantCulture);
        foreach (var keyword in keywords) Assert.True(message.Contains(keyword, StringComparison.Ordinal), $"'{keyword}' is not in: {message}");
    }

    [Fact]
    public void A_selection_or_everything_locked_is_served_names_prefixed_and_uris_as_locked()
    {
        var model = Resolve(Spec, Lock());

        // tracker: the two selected (labels left out); wiki: everything (no selection), no prefix.
        Assert.Equal(new[] { ("tracker", "tracker://issues", false), ("tracker", "tracker://issues/{id}", true), ("wiki", "wiki://home", false) },
            model.ForwardedResources.Select(r => (r.Upstream, r.Key, r.Template)));
        var issues = JsonDocument.Parse(model.ForwardedResources[0].ListJson).RootElement;
        Assert.Equal(("tracker_issues", "tracker://issues", "Open issues"), (issues.GetProperty("name").GetString(), issues.GetProperty("uri").GetString(), issues.GetProperty("description").GetString()));
        Assert.Equal("tracker_issue", JsonDocument.Parse(model.ForwardedResources[1].ListJson).RootElement.GetProperty("name").GetString());
        Assert.Equal("home", JsonDocument.Parse(model.ForwardedResources[2].ListJson).RootElement.GetProperty("name").GetString());

        // tracker: every prompt (no selection), prefixed; wiki: the one selected.
        Assert.Equal(new[] { ("tracker", "triage", "tracker_triage"), ("wiki", "ask", "ask") }, model.ForwardedPrompts.Select(p => (p.Upstream, p.UpstreamName, p.Name)));
        var triage = JsonDocument.Parse(model.ForwardedPrompts[0].ListJson).RootElement;
        Assert.Equal("tracker_triage", triage.GetProperty("name").GetString());
        Assert.Equal("issue", triage.GetProperty("arguments")[0].GetProperty("name").GetString());

        // The capabilities say so before anything is contacted.
        Assert.Contains("\"resources\":{}", model.InitializeJson, StringComparison.Ordinal);
        Assert.Contains("\"prompts\":{}", model.InitializeJson, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generated_gateway_compiles_with_a_forwarded_resource_or_prompt_per_served_one_and_their_locks()
    {
        var (run, output) = GeneratorHarness.RunWithLock(Spec, Lock());
        Assert.Empty(run.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        var server = run.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith("GwServer.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Equal(3, server.Split("new global::NativeMcp.Runtime.Gateway.ForwardedResource(").Length - 1);
        Assert.Equal(2, server.Split("new global::NativeMcp.Runtime.Gateway.ForwardedPrompt(").Length - 1);
        // The drift check's references: only what is served.
        Assert.Contains("LockedResourceTemplates = new", server, StringComparison.Ordinal);
        Assert.Contains("[\"tracker://issues\"] = new(", server, StringComparison.Ordinal);
        Assert.DoesNotContain("tracker://labels", server, StringComparison.Ordinal);
        Assert.DoesNotContain("[\"summarize\"]", server, StringComparison.Ordinal);
    }

    [Fact]
    public void NMCP065_a_selected_resource_absent_from_the_lock()
    {
        AssertSingle(Spec.Replace("\"tracker://issues\",", "\"tracker://issuez\","), Lock(), "NMCP065", 8, 17,
            "Resource 'tracker://issuez'", "'tracker'", "tracker://issues, tracker://labels, tracker://issues/{id}", "nativemcp sync test.yaml");
    }

    [Fact]
    public void NMCP065_a_selected_prompt_absent_from_the_lock()
    {
        AssertSingle(Spec.Replace("prompts: [ask]", "prompts: [asc]"), Lock(), "NMCP065", 12, 15, "Prompt 'asc'", "'wiki'", "ask, summarize");
    }

    [Fact]
    public void NMCP066_two_upstreams_serving_one_uri_collide_at_the_second()
    {
        AssertSingle(Spec, Lock(wikiResources: ",\n" + Entry("tracker://issues", """{ "name": "issues", "uri": "tracker://issues" }""")), "NMCP066", 9, 3,
            "Resource 'tracker://issues'", "resource of upstream 'wiki'", "resource of upstream 'tracker'");
    }

    [Fact]
    public void An_empty_selection_serves_none()
    {
        var model = Resolve(Spec.Replace("prompts: [ask]", "prompts: []\n    resources: []"), Lock());
        Assert.DoesNotContain(model.ForwardedResources, r => r.Upstream == "wiki");
        Assert.DoesNotContain(model.ForwardedPrompts, p => p.Upstream == "wiki");
    }
}
