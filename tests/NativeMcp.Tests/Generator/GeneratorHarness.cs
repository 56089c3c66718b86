extern alias generator;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using generator::NativeMcp.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace NativeMcp.Tests.Generator;

/// <summary>Runs <see cref="SpecGenerator"/> in-process over spec text, the way the compiler does.</summary>
internal static class GeneratorHarness
{
    public const string SpecPath = "/specs/test.yaml";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Concat(new[]
            {
                typeof(ModelContextProtocol.Server.McpServer).Assembly.Location,
                typeof(NativeMcp.Runtime.Binding.ArgumentBinder).Assembly.Location,
            })
            // A real build loads the generator as an analyzer, never as a reference.
            .Where(p => !string.Equals(p, typeof(SpecGenerator).Assembly.Location, StringComparison.Ordinal))
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "GeneratorTest",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(params AdditionalText[] specs) => CreateDriver(specs, assetList: null);

    /// <param name="assetList">The list of embedded asset paths the MSBuild glue writes, if any.</param>
    public static GeneratorDriver CreateDriver(AdditionalText[] specs, AdditionalText? assetList) =>
        CSharpGeneratorDriver.Create(
            generators: new[] { new SpecGenerator().AsSourceGenerator() },
            additionalTexts: assetList is null ? specs : specs.Append(assetList),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            optionsProvider: new SpecOptionsProvider(specs.Select(s => s.Path), assetList?.Path),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on one spec; returns the run result and the compilation with generated code.</summary>
    public static (GeneratorDriverRunResult Run, Compilation Output) Run(string specText, string path = SpecPath) =>
        Run(specText, Array.Empty<string>(), null, path);

    /// <summary>Runs the generator on one spec with C# sources (handlers) and an asset list beside it.</summary>
    public static (GeneratorDriverRunResult Run, Compilation Output) Run(string specText, string[] csharp, string[]? assets, string path = SpecPath)
    {
        var list = assets is null ? null : new InMemoryText("/obj/nativemcp.assets.txt", string.Join("\n", assets));
        var driver = CreateDriver(new AdditionalText[] { new InMemoryText(path, specText) }, list);
        driver = driver.RunGeneratorsAndUpdateCompilation(Compilation(csharp), out var output, out _);
        return (driver.GetRunResult(), output);
    }

    public static ImmutableArray<Diagnostic> Diagnostics(string specText) => Run(specText).Run.Diagnostics;

    /// <summary>The lock beside <see cref="SpecPath"/>, as the MSBuild glue adds it.</summary>
    public const string LockPath = "/specs/test.lock.json";

    /// <summary>Runs the generator on one spec and its lock file (none when <paramref name="lockText"/> is null).</summary>
    public static (GeneratorDriverRunResult Run, Compilation Output) RunWithLock(string specText, string? lockText)
    {
        var files = new List<AdditionalText> { new InMemoryText(SpecPath, specText) };
        if (lockText is not null) files.Add(new InMemoryText(LockPath, lockText));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            generators: new[] { new SpecGenerator().AsSourceGenerator() },
            additionalTexts: files,
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            optionsProvider: new SpecOptionsProvider(new[] { SpecPath }, lockPaths: new[] { LockPath }),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(Compilation(), out var output, out _);
        return (driver.GetRunResult(), output);
    }
}

internal sealed class InMemoryText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Marks the given paths as specs, as the MSBuild item metadata NativeMcpSpec="true" does.</summary>
internal sealed class SpecOptionsProvider(IEnumerable<string> specPaths, string? assetListPath = null, IEnumerable<string>? documentPaths = null, IEnumerable<string>? lockPaths = null) : AnalyzerConfigOptionsProvider
{
    private readonly HashSet<string> _specs = new(specPaths);
    private readonly HashSet<string> _documents = new(documentPaths ?? Array.Empty<string>());
    private readonly HashSet<string> _locks = new(lockPaths ?? Array.Empty<string>());

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        new Options(_specs.Contains(textFile.Path) ? new Dictionary<string, string> { [SpecGenerator.SpecMetadata] = "true" }
            : textFile.Path == assetListPath ? new Dictionary<string, string> { [SpecGenerator.AssetListMetadata] = "true" }
            : _documents.Contains(textFile.Path) ? new Dictionary<string, string> { [SpecGenerator.OpenApiMetadata] = "true" }
            : _locks.Contains(textFile.Path) ? new Dictionary<string, string> { [SpecGenerator.LockMetadata] = "true" }
            : new Dictionary<string, string>());

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
