extern alias generator;
using System;
using System.Globalization;
using System.Linq;
using generator::NativeMcp.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NativeMcp.Tests.Infrastructure;
using Xunit;
using static NativeMcp.Tests.Infrastructure.SpecBuilder;

namespace NativeMcp.Tests.Generator;

/// <summary>Diagnostics of resources, prompts, handlers and embedded files; handler declarations.</summary>
public sealed class PrimitiveDiagnosticTests
{
    /// <summary>
    /// Lines 1-3, then a hand-written tool (5-7) and a static tool embedding a file (8-10):
    /// <code>
    ///  4 tools:
    ///  5   - name: greet
    ///  6     input: { who: ..., times: ... }
    ///  7     handler: csharp
    ///  8   - name: logo
    ///  9     result:
    /// 10       - image: assets/logo.png
    /// </code>
    /// </summary>
    private static readonly string Spec = Bare().Append("""
        tools:
          - name: greet
            input: { who: { type: string, required: true }, times: { type: integer } }
            handler: csharp
          - name: logo
            result:
              - image: assets/logo.png
        """);

    /// <summary>Lines 1-3: format version, server, and one upstream without auth.</summary>
    private static SpecBuilder Bare() => Header().Append("upstream: { baseUrl: \"https://api.example.com\" }");

    private const string Handler = """
        using System.Threading;
        using System.Threading.Tasks;
        using ModelContextProtocol.Protocol;
        using ModelContextProtocol.Server;
        namespace NativeMcp.Generated.Demo;
        static partial class DemoHandlers
        {
            public static partial ValueTask<CallToolResult> GreetAsync(RequestContext<CallToolRequestParams> request, string who, long? times, CancellationToken cancellationToken) =>
                ValueTask.FromResult(new CallToolResult { Content = [new TextContentBlock { Text = "hi " + who }] });
        }
        """;

    private static (string Id, int Line, int Column, string Message)[] Diagnostics(GeneratorDriverRunResult run) =>
        run.Diagnostics.Select(d =>
        {
            var start = d.Location.GetLineSpan().StartLinePosition;
            return (d.Id, start.Line + 1, start.Character + 1, d.GetMessage(CultureInfo.InvariantCulture));
        }).ToArray();

    [Fact]
    public void Missing_handler_implementation_is_NMCP018_at_the_handler_line_with_the_signature_to_write()
    {
        var (run, output) = GeneratorHarness.Run(Spec, [], ["/specs/assets/logo.png"]);

        var (id, line, column, message) = Assert.Single(Diagnostics(run));
        Assert.Equal(("NMCP018", 7, 14), (id, line, column));
        Assert.Contains("tool 'greet' is declared 'handler: csharp' but has no implementation", message);
        Assert.Contains("partial class NativeMcp.Generated.Demo.DemoHandlers", message);
        Assert.Contains("public static partial ValueTask<CallToolResult> GreetAsync(RequestContext<CallToolRequestParams> request, string who, long? times, CancellationToken cancellationToken)", message);
        // The unimplemented tool is left out, so NMCP018 is the build's only error.
        Assert.DoesNotContain(run.Results.Single().GeneratedSources, s => s.HintName.Contains("GreetTool"));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Implemented_handler_is_declared_called_and_compiles()
    {
        var (run, output) = GeneratorHarness.Run(Spec, [Handler], ["/specs/assets/logo.png"]);

        Assert.Empty(run.Diagnostics);
        var sources = run.Results.Single().GeneratedSources;
        var handlers = sources.Single(s => s.HintName.EndsWith("DemoHandlers.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("public static partial global::System.Threading.Tasks.ValueTask<global::ModelContextProtocol.Protocol.CallToolResult> GreetAsync(", handlers);
        Assert.Contains(sources, s => s.HintName.EndsWith("GreetTool.g.cs", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Missing_asset_is_NMCP019_at_the_path()
    {
        var (run, _) = GeneratorHarness.Run(Spec, [Handler], ["/specs/assets/other.png"]);

        var (id, line, column, message) = Assert.Single(Diagnostics(run));
        Assert.Equal(("NMCP019", 10, 16), (id, line, column));
        Assert.Equal("File 'assets/logo.png' is not in the assets folder beside the spec (/specs/assets)", message);
    }

    [Fact]
    public void Asset_outside_the_assets_folder_is_NMCP010()
    {
        var (run, _) = GeneratorHarness.Run(Spec.Replace("assets/logo.png", "../secrets.txt"), [Handler], []);
        var (id, line, column, message) = Assert.Single(Diagnostics(run));
        Assert.Equal(("NMCP010", 10, 16), (id, line, column));
        Assert.Contains("must be a path inside the assets folder beside the spec", message);
    }

    [Fact]
    public void Unknown_upstream_is_NMCP017()
    {
        var spec = Header().Append("""
            upstreams:
              main: { baseUrl: "https://api.example.com" }
            tools:
              - name: get_thing
                upstream: billing
                http: { method: GET, path: /thing }
            """);
        var (id, line, column, message) = Assert.Single(Diagnostics(GeneratorHarness.Run(spec).Run));
        Assert.Equal(("NMCP017", 7, 15), (id, line, column));
        Assert.Equal("Upstream 'billing' of tool 'get_thing' is not declared under 'upstreams' (declared: main)", message);
    }

    [Fact]
    public void Duplicate_resource_name_is_NMCP020()
    {
        var spec = Bare().Append("""
            resources:
              - { uri: "demo://a", name: things, text: a }
              - { uri: "demo://b", name: things, text: b }
            """);
        var (id, line, column, _) = Assert.Single(Diagnostics(GeneratorHarness.Run(spec).Run));
        Assert.Equal(("NMCP020", 6, 30), (id, line, column));
    }

    [Fact]
    public void Resource_template_variable_must_exist_for_its_path_and_completion()
    {
        var spec = Bare().Append("""
            resources:
              - uriTemplate: "demo://bots/{botId}"
                name: bot
                http: { method: GET, path: "/bots/{id}" }
                complete: { id: { values: [a] } }
            """);
        var ids = Diagnostics(GeneratorHarness.Run(spec).Run).Select(d => (d.Id, d.Line)).ToArray();
        Assert.Equal([("NMCP008", 7), ("NMCP011", 8)], ids);
    }

    [Fact]
    public void Completion_from_a_tool_that_needs_arguments_is_NMCP010()
    {
        var spec = Bare().Append("""
            tools:
              - name: get_bot
                input: { botId: { type: string, required: true } }
                http: { method: GET, path: "/bots/{botId}" }
            prompts:
              - name: about
                arguments: { botId: { required: true, complete: { tool: get_bot, values: "data[*].id" } } }
                messages: [{ role: user, text: "Tell me about {{botId}}" }]
            """);
        var (id, line, _, message) = Assert.Single(Diagnostics(GeneratorHarness.Run(spec).Run));
        Assert.Equal(("NMCP010", 10), (id, line));
        Assert.Contains("'get_bot' must be an http tool of this spec with no required input", message);
    }

    [Theory]
    [InlineData("timeout: 99999999999s", "at most a day")]
    [InlineData("retry: { statuses: [600] }", "600 is not an HTTP status code (100-599)")]
    public void Out_of_range_settings_are_NMCP010_not_an_internal_error(string setting, string expected)
    {
        var spec = Header().Append("upstream:\n  baseUrl: https://x.example\n  " + setting + "\n");
        var (id, _, _, message) = Assert.Single(Diagnostics(GeneratorHarness.Run(spec).Run));
        Assert.Equal("NMCP010", id);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void Editing_a_handler_body_regenerates_nothing()
    {
        var driver = GeneratorHarness.CreateDriver([new InMemoryText(GeneratorHarness.SpecPath, Spec)], new InMemoryText("/obj/nativemcp.assets.txt", "/specs/assets/logo.png"));
        var compilation = GeneratorHarness.Compilation(Handler);
        driver = driver.RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Handler.Replace("\"hi \"", "\"hello \""), new CSharpParseOptions(LanguageVersion.Latest)));
        driver = driver.RunGenerators(edited);

        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        Assert.All(steps[TrackingNames.Handlers].SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached }));
        Assert.All(steps[TrackingNames.Output].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }
}
