extern alias generator;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using generator::NativeMcp.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NativeMcp.Tests.Generator;
using NativeMcp.Tests.Native;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// Runs the generator over a spec that imports one of the documents under OpenApi/Documents, the way a build does:
/// the spec and every file of the document's folder are AdditionalFiles, the files marked as OpenAPI documents.
/// </summary>
internal static class OpenApiHarness
{
    public static string DocumentsFolder => Path.Combine(NativeBinary.RepoRoot(), "tests", "NativeMcp.Tests", "OpenApi", "Documents");

    /// <summary>A spec beside the documents (its folder is Documents/), importing <paramref name="document"/> (relative to Documents/).</summary>
    public static string Spec(string name, string document, string extra = "") =>
        "nativemcp: 1\nserver: { name: " + name + ", version: 1.0.0, binary: " + name + "-mcp }\n" +
        (extra.Length == 0 ? "openapi: ./" + document + "\n" : "openapi:\n  document: ./" + document + "\n" + extra);

    public static string SpecPath => Path.Combine(DocumentsFolder, "test.nativemcp.yaml").Replace('\\', '/');

    /// <summary>Every file under Documents/, as the build glue would pass them.</summary>
    public static AdditionalText[] Documents(string? only = null) =>
        Directory.EnumerateFiles(DocumentsFolder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Where(f => only is null || f.Replace('\\', '/').Contains("/" + only + "/", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (AdditionalText)new InMemoryText(f.Replace('\\', '/'), File.ReadAllText(f)))
            .ToArray();

    public static GeneratorDriver CreateDriver(AdditionalText spec, IReadOnlyList<AdditionalText> documents) =>
        CSharpGeneratorDriver.Create(
            generators: new[] { new SpecGenerator().AsSourceGenerator() },
            additionalTexts: documents.Prepend(spec),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            optionsProvider: new SpecOptionsProvider(new[] { spec.Path }, null, documents.Select(d => d.Path)),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on a spec text importing documents under Documents/ (only those under <paramref name="folder"/>, if given).</summary>
    public static (GeneratorDriverRunResult Run, Compilation Output) Run(string specText, string? folder = null, IReadOnlyList<AdditionalText>? documents = null)
    {
        var driver = CreateDriver(new InMemoryText(SpecPath, specText), documents ?? Documents(folder));
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation("class A { }"), out var output, out _);
        return (driver.GetRunResult(), output);
    }
}
