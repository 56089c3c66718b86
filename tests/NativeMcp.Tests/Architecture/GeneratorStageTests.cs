using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NativeMcp.Tests.Native;
using Xunit;

namespace NativeMcp.Tests.Architecture;

/// <summary>
/// The generator's stages depend one way: front ends -> declarations -> resolution -> model <- emitters.
/// The generator's own sources are compiled here with Roslyn, and every symbol each file references is
/// checked against what its folder (stage) may use.
/// </summary>
public sealed class GeneratorStageTests
{
    private const string Root = "NativeMcp.Generators";

    /// <summary>Stage (first folder under the project; "" for the project root) -> the stages it may use.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Common"] = new[] { "Common" },
        ["Diagnostics"] = new[] { "Common", "Diagnostics" },
        ["Model"] = new[] { "Common", "Model" },
        ["Declarations"] = new[] { "Common", "Diagnostics", "Model", "Declarations" },
        ["FrontEnds"] = new[] { "Common", "Diagnostics", "Model", "Declarations", "FrontEnds" },
        ["Resolution"] = new[] { "Common", "Diagnostics", "Model", "Declarations", "Resolution" },
        ["Emit"] = new[] { "Common", "Model", "Emit" },
        [""] = new[] { "Common", "Diagnostics", "Model", "Declarations", "FrontEnds", "Resolution", "Emit", "" },
    };

    private static string ProjectFolder => Path.Combine(NativeBinary.RepoRoot(), "generators", Root);

    private static (CSharpCompilation Compilation, Dictionary<SyntaxTree, string> Stages) CompileGenerator()
    {
        var stages = new Dictionary<SyntaxTree, string>();
        var trees = new List<SyntaxTree>();
        foreach (var file in Directory.EnumerateFiles(ProjectFolder, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(ProjectFolder, file).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal)) continue;
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.Latest), path: relative);
            trees.Add(tree);
            stages[tree] = relative.Contains('/') ? relative.Substring(0, relative.IndexOf('/')) : "";
        }
        // The sources the project links from the runtime (vocabulary, MIME types): shared, no stage.
        var runtime = Path.Combine(NativeBinary.RepoRoot(), "src", "NativeMcp.Runtime");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(runtime, "Vocabulary"), "*.cs").Append(Path.Combine(runtime, "Primitives", "MimeTypeMap.cs")))
        {
            trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.Latest), path: file));
        }
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileNameWithoutExtension(p).StartsWith("NativeMcp", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("StageCheck", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return (compilation, stages);
    }

    /// <summary>The stage a symbol belongs to, or null when it is not one of the generator's own.</summary>
    private static string? StageOf(ISymbol symbol)
    {
        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        var ns = (type?.ContainingNamespace ?? symbol.ContainingNamespace)?.ToDisplayString();
        if (ns is null || type is null && symbol is not INamespaceSymbol) return null;
        if (ns == Root) return "";
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal)) return null;
        var rest = ns.Substring(Root.Length + 1);
        return rest.Contains('.') ? rest.Substring(0, rest.IndexOf('.')) : rest;
    }

    [Fact]
    public void Generator_sources_compile_for_the_check()
    {
        // Without a clean compile, unresolved names would slip through the dependency check below.
        var (compilation, _) = CompileGenerator();
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.Empty(errors);
    }

    [Fact]
    public void No_stage_uses_a_later_one()
    {
        var (compilation, stages) = CompileGenerator();
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        var used = new HashSet<(string From, string To)>();
        foreach (var (tree, stage) in stages)
        {
            Assert.True(Allowed.ContainsKey(stage), "folder '" + stage + "' of " + tree.FilePath + " is not a known stage");
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var info = model.GetSymbolInfo(name);
                foreach (var symbol in info.Symbol is { } s ? new[] { s } : info.CandidateSymbols.ToArray())
                {
                    if (StageOf(symbol) is not { } target || symbol is INamespaceSymbol) continue;
                    used.Add((stage, target));
                    if (!Allowed[stage].Contains(target))
                    {
                        violations.Add(tree.FilePath + " (" + stage + ") uses " + symbol.ToDisplayString() + " (" + target + ")");
                    }
                }
            }
        }
        Assert.Empty(violations);
        // The check sees real references: emitters read the model, the resolver builds it from declarations.
        Assert.Contains(("Emit", "Model"), used);
        Assert.Contains(("Resolution", "Declarations"), used);
        Assert.Contains(("FrontEnds", "Declarations"), used);
    }

    [Fact]
    public void Each_file_namespace_matches_its_folder()
    {
        var (_, stages) = CompileGenerator();
        foreach (var (tree, _) in stages)
        {
            var ns = tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
            if (ns is null || ns.StartsWith("System", StringComparison.Ordinal)) continue;
            var folder = Path.GetDirectoryName(tree.FilePath)!.Replace('\\', '/').Replace('/', '.');
            Assert.Equal(folder.Length == 0 ? Root : Root + "." + folder, ns);
        }
    }
}
