using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NativeMcp.Generators;
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
    public void Pipeline_models_hold_no_compiler_or_yaml_objects()
    {
        // The cookbook's rule: anything cached must compare by value. Walk the model graph's types.
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(AdditionalText), typeof(YamlDotNet.RepresentationModel.YamlNode) };
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
        Walk(typeof(NativeMcp.Generators.Model.SpecParseResult));
        Assert.Contains(typeof(NativeMcp.Generators.Model.InputModel), seen);
    }
}
