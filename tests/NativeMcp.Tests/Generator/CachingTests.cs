extern alias generator;
using System;
using System.Linq;
using generator::NativeMcp.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace NativeMcp.Tests.Generator;

/// <summary>The incremental pipeline does no work again for edits that cannot change its output.</summary>
public sealed class CachingTests
{
    private const string Spec = """
        nativemcp: 1
        server: { name: cached, version: 1.0.0, binary: cached-mcp }
        upstream: { baseUrl: "https://api.example.com" }
        tools:
          - name: get_thing
            input: { id: { type: string, required: true } }
            http: { method: GET, path: "/things/{id}" }
        """;

    private static GeneratorDriver RunTwice(string secondSpec, Func<Compilation, Compilation> editCompilation, out GeneratorDriverRunResult second)
    {
        var spec = new InMemoryText(GeneratorHarness.SpecPath, Spec);
        var driver = GeneratorHarness.CreateDriver(spec);
        var compilation = GeneratorHarness.Compilation("class A { }");
        driver = driver.RunGenerators(compilation);

        if (secondSpec != Spec)
        {
            driver = driver.ReplaceAdditionalText(spec, new InMemoryText(GeneratorHarness.SpecPath, secondSpec));
        }
        driver = driver.RunGenerators(editCompilation(compilation));
        second = driver.GetRunResult();
        return driver;
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorDriverRunResult run, string step) =>
        run.Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    [Fact]
    public void Unrelated_csharp_edit_reuses_every_step()
    {
        RunTwice(Spec, c => c.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { void M() { } }")), out var second);

        Assert.All(Reasons(second, TrackingNames.Parsed), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(second, TrackingNames.Models), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(second, TrackingNames.Output), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Comment_added_to_the_spec_reparses_but_does_not_regenerate()
    {
        // The text changed and its locations moved, so the parse result is new ("Modified"); the model
        // taken from it is equal ("Unchanged"), so nothing downstream runs and no code is emitted again.
        RunTwice("# a comment that moves every line\n" + Spec, c => c, out var second);

        Assert.All(Reasons(second, TrackingNames.Parsed), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.All(Reasons(second, TrackingNames.Models), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(Reasons(second, TrackingNames.Output), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Changing_a_tool_regenerates()
    {
        RunTwice(Spec.Replace("get_thing", "fetch_thing"), c => c, out var second);

        Assert.All(Reasons(second, TrackingNames.Models), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.Contains(second.Results.Single().GeneratedSources, s => s.HintName.EndsWith("FetchThingTool.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Editing_one_spec_regenerates_only_that_spec()
    {
        var other = Spec.Replace("name: cached, version: 1.0.0, binary: cached-mcp", "name: other, version: 1.0.0, binary: other-mcp");
        var first = new InMemoryText("/specs/first.yaml", Spec);
        var second = new InMemoryText("/specs/second.yaml", other);
        var driver = GeneratorHarness.CreateDriver(first, second).RunGenerators(GeneratorHarness.Compilation("class A { }"));

        driver = driver.ReplaceAdditionalText(first, new InMemoryText("/specs/first.yaml", Spec.Replace("get_thing", "fetch_thing")));
        var run = driver.RunGenerators(GeneratorHarness.Compilation("class A { }")).GetRunResult();

        // One output per spec: the edited spec's is re-run, the other's is reused as it was.
        var reasons = Reasons(run, TrackingNames.Output);
        Assert.Equal(2, reasons.Length);
        Assert.Single(reasons, r => r == IncrementalStepRunReason.Modified);
        Assert.Single(reasons, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Resolved_model_holds_no_compiler_yaml_or_location_objects()
    {
        // Anything cached must compare by value, and the code output must not change when only lines move:
        // walk the resolved model's type graph (every field, element and type argument).
        var forbidden = new[]
        {
            typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(AdditionalText), typeof(YamlDotNet.RepresentationModel.YamlNode),
            typeof(generator::NativeMcp.Generators.Diagnostics.LocationInfo), typeof(generator::NativeMcp.Generators.Diagnostics.DiagnosticInfo),
        };
        var seen = new System.Collections.Generic.HashSet<Type>();
        void Walk(Type type)
        {
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum) return;
            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            foreach (var field in type.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
            {
                Walk(field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType);
                foreach (var argument in field.FieldType.GenericTypeArguments) Walk(argument);
            }
        }
        Walk(typeof(generator::NativeMcp.Generators.Model.SpecModel));
        Assert.Contains(typeof(generator::NativeMcp.Generators.Model.InputModel), seen);
        Assert.Contains(typeof(generator::NativeMcp.Generators.Model.PromptArgumentModel), seen);
    }
}
