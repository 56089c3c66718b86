extern alias generator;
using System;
using System.Collections.Immutable;
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
/// MCP upstreams in a spec and their lock: what is exposed under which name with which schema, and each
/// problem as a diagnostic at the spec (or lock) line that caused it. Line numbers refer to <see cref="Spec"/>.
/// </summary>
public sealed class GatewaySpecTests
{
    /// <summary>
    /// Two MCP upstreams: tracker (SSE, bearer) and wiki (Streamable HTTP), and one spec tool. Lines:
    ///  8 tracker:  13 prefix  16 "- list-issues"  17 "- tool: create-issue"  18 name  21 hidden
    ///  22 "- tool: delete-issue"  24 wiki:  27 tools: ["*"]  29 "- name: ping"
    /// </summary>
    private const string Spec = """
        nativemcp: 1
        server: { name: gw, version: 1.0.0, binary: gw-mcp }
        env:
          TRACKER_URL: { required: true }
          TRACKER_TOKEN: { required: true, secret: true }
          WIKI_URL: { required: true }
        upstreams:
          tracker:
            transport: sse
            url: ${TRACKER_URL}
            auth: { type: bearer, token: "${TRACKER_TOKEN}" }
            timeout: 5s
            prefix: tracker_
            drift: additions
            tools:
              - list-issues
              - tool: create-issue
                name: open_issue
                description: Open an issue in the team's tracker
                scope: admin
                hidden: { teamId: TEAM-1 }
              - tool: delete-issue
                enabled: false
          wiki:
            transport: http
            url: ${WIKI_URL}
            tools: ["*"]
        tools:
          - name: ping
            result: [{ text: pong }]
        """;

    private static string Tool(string name, string properties = """{"q":{"type":"string"}}""", string required = "[]", string extra = "") =>
        $$"""
        "{{name}}": {
          "hash": "sha256:{{new string('0', 64)}}",
          "definition": {
            {{extra}}
            "description": "upstream {{name}}",
            "inputSchema": { "properties": {{properties}}, "required": {{required}}, "type": "object" },
            "name": "{{name}}"
          }
        }
        """;

    private static string Lock(string trackerTools, string wikiTools) => $$"""
        {
          "nativemcp": 1,
          "upstreams": {
            "tracker": {
              "protocolVersion": "2024-11-05",
              "serverInfo": { "name": "tracker", "version": "2.0.0" },
              "tools": { {{trackerTools}} }
            },
            "wiki": {
              "protocolVersion": "2025-06-18",
              "serverInfo": { "name": "wiki", "version": "1.0.0" },
              "tools": { {{wikiTools}} }
            }
          }
        }
        """;

    private static readonly string TrackerTools = string.Join(",",
        Tool("list-issues", extra: "\"annotations\": { \"readOnlyHint\": true },"),
        Tool("create-issue", """{"title":{"type":"string"},"teamId":{"type":"string"}}""", """["title","teamId"]"""),
        Tool("delete-issue"));

    private static readonly string WikiTools = string.Join(",", Tool("read_wiki_structure"), Tool("ask_question"));

    private static SpecModel Resolve(string spec, string? lockText)
    {
        var resolved = SpecResolver.Resolve(SpecParser.Parse(GeneratorHarness.SpecPath, spec), lockText is null ? null : LockReader.Read(GeneratorHarness.LockPath, lockText));
        Assert.Empty(resolved.Diagnostics.Select(d => d.Message));
        return resolved.Model!;
    }

    private static ImmutableArray<Diagnostic> Diagnostics(string spec, string? lockText) => GeneratorHarness.RunWithLock(spec, lockText).Run.Diagnostics;

    private static void AssertSingle(ImmutableArray<Diagnostic> diagnostics, string id, string path, int line, int column, params string[] keywords)
    {
        var located = diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().Path, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Location.GetLineSpan().StartLinePosition.Character + 1)).ToArray();
        Assert.Equal(new[] { (id, path, line, column) }, located);
        Assert.Equal(DiagnosticSeverity.Error, diagnostics[0].Severity);
        var message = diagnostics[0].GetMessage(CultureInfo.InvariantCulture);
        foreach (var keyword in keywords) Assert.True(message.Contains(keyword, StringComparison.Ordinal), $"'{keyword}' is not in: {message}");
    }

    private static JsonElement Entry(SpecModel model, string name) =>
        JsonDocument.Parse(model.Tools.Single(t => t.Name == name).ListJson).RootElement;

    [Fact]
    public void Exposes_a_selection_with_prefix_alias_description_scope_hidden_arguments_and_disabled_tools()
    {
        var model = Resolve(Spec, Lock(TrackerTools, WikiTools));

        // The spec tool first, then each upstream's in spec order; delete-issue is disabled, wiki exposes all.
        Assert.Equal(new[] { "ping", "tracker_list-issues", "open_issue", "read_wiki_structure", "ask_question" }, model.Tools.Select(t => t.Name));
        var listed = model.Tools.Single(t => t.Name == "tracker_list-issues");
        Assert.Equal(ToolKind.Forwarded, listed.Kind);
        Assert.Equal(("tracker", "list-issues"), (listed.Forward!.Upstream, listed.Forward.UpstreamTool));
        Assert.Null(listed.Scope);
        // Members the spec does not override pass through as locked (annotations here).
        Assert.True(Entry(model, "tracker_list-issues").GetProperty("annotations").GetProperty("readOnlyHint").GetBoolean());
        Assert.Equal("upstream list-issues", Entry(model, "tracker_list-issues").GetProperty("description").GetString());

        var open = model.Tools.Single(t => t.Name == "open_issue");
        Assert.Equal("create-issue", open.Forward!.UpstreamTool);
        Assert.Equal("admin", open.Scope);
        Assert.Equal(new[] { ("teamId", "\"TEAM-1\"") }, open.Forward.Hidden.Select(h => (h.Name, h.Json)));
        var entry = Entry(model, "open_issue");
        Assert.Equal("Open an issue in the team's tracker", entry.GetProperty("description").GetString());
        // The hidden argument is gone from the published schema and from its required list.
        var schema = entry.GetProperty("inputSchema");
        Assert.Equal(new[] { "title" }, schema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "title" }, schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("object", schema.GetProperty("type").GetString());

        var tracker = model.McpUpstreams.Single(u => u.Name == "tracker");
        Assert.Equal((McpTransportKind.Sse, DriftPolicyKind.AllowAdditions, 5000), (tracker.Transport, tracker.Drift, tracker.TimeoutMilliseconds));
        Assert.Equal("2024-11-05", tracker.ProtocolVersion);
        Assert.Equal(McpTransportKind.StreamableHttp, model.McpUpstreams.Single(u => u.Name == "wiki").Transport);
    }

    [Fact]
    public void The_generated_gateway_compiles_with_one_upstream_object_per_mcp_upstream_and_a_forwarded_tool_per_exposed_tool()
    {
        var (run, output) = GeneratorHarness.RunWithLock(Spec, Lock(TrackerTools, WikiTools));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        var server = run.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith("GwServer.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Equal(2, server.Split("new global::NativeMcp.Runtime.Gateway.McpUpstream(").Length - 1);
        Assert.Equal(4, server.Split("new global::NativeMcp.Runtime.Gateway.ForwardedTool(").Length - 1);
        // The hidden value travels as the fixed arguments of its tool; the scope override as any tool's.
        Assert.Contains("\"\"\"{\"teamId\":\"TEAM-1\"}\"\"\"u8", server, StringComparison.Ordinal);
        Assert.Contains("[\"open_issue\"] = \"admin\"", server, StringComparison.Ordinal);
    }

    [Fact]
    public void NMCP060_an_mcp_upstream_without_a_lock_names_the_command_to_run()
    {
        AssertSingle(Diagnostics(Spec.Replace("  wiki:\n    transport: http\n    url: ${WIKI_URL}\n    tools: [\"*\"]\n", ""), null),
            "NMCP060", GeneratorHarness.SpecPath, 8, 3, "tracker", "test.lock.json", "nativemcp sync test.yaml");
    }

    [Fact]
    public void NMCP060_a_lock_without_the_upstream()
    {
        var lockText = Lock(TrackerTools, WikiTools).Replace("\"wiki\":", "\"other\":");
        AssertSingle(Diagnostics(Spec, lockText), "NMCP060", GeneratorHarness.SpecPath, 24, 3, "'wiki'", "nativemcp sync");
    }

    [Fact]
    public void NMCP061_a_selected_tool_absent_from_the_lock()
    {
        AssertSingle(Diagnostics(Spec.Replace("- list-issues", "- list-issuez"), Lock(TrackerTools, WikiTools)),
            "NMCP061", GeneratorHarness.SpecPath, 16, 9, "'list-issuez'", "'tracker'", "list-issues, create-issue, delete-issue", "nativemcp sync");
    }

    [Fact]
    public void NMCP062_a_hidden_argument_the_tool_does_not_take()
    {
        AssertSingle(Diagnostics(Spec.Replace("hidden: { teamId:", "hidden: { team:"), Lock(TrackerTools, WikiTools)),
            "NMCP062", GeneratorHarness.SpecPath, 21, 19, "'team'", "'create-issue'", "title, teamId");
    }

    [Fact]
    public void NMCP063_two_upstreams_exposing_one_name_collide_at_the_second()
    {
        // wiki exposes everything, and its lock has list-issues too; the tracker's has the prefix, so give wiki one.
        var spec = Spec.Replace("    tools: [\"*\"]", "    prefix: tracker_\n    tools: [\"*\"]");
        AssertSingle(Diagnostics(spec, Lock(TrackerTools, WikiTools + "," + Tool("list-issues"))),
            "NMCP063", GeneratorHarness.SpecPath, 27, 13, "'tracker_list-issues'", "of upstream 'wiki' with prefix 'tracker_'", "upstream 'tracker'");
    }

    [Fact]
    public void NMCP063_an_alias_that_takes_a_spec_tool_name()
    {
        AssertSingle(Diagnostics(Spec.Replace("name: open_issue", "name: ping"), Lock(TrackerTools, WikiTools)),
            "NMCP063", GeneratorHarness.SpecPath, 18, 15, "'ping'", "alias of tool 'create-issue'", "spec tool at line 29");
    }

    [Fact]
    public void NMCP007_a_prefix_that_makes_a_name_longer_than_64_is_reported_at_the_prefix()
    {
        var prefix = new string('p', 60);
        AssertSingle(Diagnostics(Spec.Replace("prefix: tracker_", "prefix: " + prefix), Lock(TrackerTools, WikiTools)),
            "NMCP007", GeneratorHarness.SpecPath, 13, 13, prefix + "list-issues", "this has 71", "with prefix");
    }

    [Fact]
    public void NMCP007_an_alias_with_a_space()
    {
        AssertSingle(Diagnostics(Spec.Replace("name: open_issue", "name: open issue"), Lock(TrackerTools, WikiTools)),
            "NMCP007", GeneratorHarness.SpecPath, 18, 15, "'open issue'", "letters, digits");
    }

    [Fact]
    public void NMCP064_an_http_tool_that_names_an_mcp_upstream()
    {
        var spec = Spec.Replace("    tools: [\"*\"]\n", "    tools: [\"*\"]\n  api: { baseUrl: \"https://api.example.com\" }\n")
            + "\n  - name: get_page\n    upstream: wiki\n    http: { method: GET, path: /page }";
        AssertSingle(Diagnostics(spec, Lock(TrackerTools, WikiTools)), "NMCP064", GeneratorHarness.SpecPath, 33, 15, "'wiki'", "'get_page'", "upstreams.wiki.tools");
    }

    [Fact]
    public void A_lock_that_is_not_json_is_reported_in_the_lock_at_its_line()
    {
        var broken = Lock(TrackerTools, WikiTools).Replace("\"protocolVersion\": \"2025-06-18\",", "\"protocolVersion\": \"2025-06-18\" \"x\",");
        var diagnostics = Diagnostics(Spec, broken);
        Assert.Contains(diagnostics, d => d.Id == "NMCP001" && d.Location.GetLineSpan().Path == GeneratorHarness.LockPath);
        // And the spec says why it has no tools from the lock.
        Assert.Contains(diagnostics, d => d.Id == "NMCP060" && d.Location.GetLineSpan().Path == GeneratorHarness.SpecPath);
    }

    [Fact]
    public void A_stdio_upstream_with_a_url_is_an_error_at_the_key()
    {
        var spec = Spec.Replace("transport: http\n    url: ${WIKI_URL}", "transport: stdio\n    command: wiki-mcp\n    url: ${WIKI_URL}");
        AssertSingle(Diagnostics(spec, Lock(TrackerTools, WikiTools)), "NMCP010", GeneratorHarness.SpecPath, 27, 5, "'url' is for http, sse and auto");
    }
}
