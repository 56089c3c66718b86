using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.FrontEnds.CSharp;
using NativeMcp.Generators.FrontEnds.Lock;
using NativeMcp.Generators.FrontEnds.OpenApi;
using NativeMcp.Generators.FrontEnds.Spec;
using NativeMcp.Generators.Resolution;

namespace NativeMcp.Cli;

/// <summary>One spec through the build's front end and resolver, plus the checks the build makes against the project.</summary>
internal sealed class SpecCheck
{
    private SpecCheck(ResolvedSpec spec, IReadOnlyList<DiagnosticInfo> diagnostics, IReadOnlyList<ImportReport> imports)
    {
        Spec = spec;
        Diagnostics = diagnostics;
        Imports = imports;
    }

    public ResolvedSpec Spec { get; }

    /// <summary>Every diagnostic, in the order the spec declares what they are about.</summary>
    public IReadOnlyList<DiagnosticInfo> Diagnostics { get; }

    /// <summary>Per <c>openapi</c> import, what became of each operation of its document.</summary>
    public IReadOnlyList<ImportReport> Imports { get; }

    public bool HasErrors => Diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);

    public static SpecCheck Run(string path) => Run(path, File.ReadAllText(path));

    /// <summary>The spec <paramref name="text"/> as if it were the file at <paramref name="path"/> (which need not exist yet).</summary>
    public static SpecCheck Run(string path, string text)
    {
        // The lock beside the spec, as the build's MSBuild glue passes it to the generator.
        var lockPath = LockDeclaration.PathFor(path);
        var lockFile = File.Exists(lockPath) ? LockReader.Read(lockPath, File.ReadAllText(lockPath)) : null;
        var declaration = SpecParser.Parse(path, text, Documents(path));
        var spec = SpecResolver.Resolve(declaration, lockFile);
        var diagnostics = spec.Diagnostics.ToList();
        if (spec.Model is not null)
        {
            // What the build checks against the rest of the project: the handlers implemented in the .cs files
            // beside the spec (whose names start with the spec's), and the embedded files in assets/.
            diagnostics.AddRange(SpecResolver.MissingHandlers(spec, ImplementedHandlers(path)));
            var present = spec.Assets.Where(a => File.Exists(a.FullPath)).Select(a => a.FullPath).ToList();
            diagnostics.AddRange(SpecResolver.MissingAssets(spec, present));
        }
        return new SpecCheck(spec, diagnostics, declaration.Imports);
    }

    /// <summary>
    /// What the build glue gives the generator for an OpenAPI import: the YAML and JSON files below the spec's folder
    /// (outside bin/, obj/, node_modules/). Only the files an import reaches are read.
    /// </summary>
    private static DocumentSet Documents(string specPath)
    {
        var directory = Path.GetDirectoryName(specPath) is { Length: > 0 } d ? d : ".";
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(directory, f).Replace('\\', '/').Split('/').Any(part => part is "bin" or "obj" or "node_modules"))
            .Select(f => new KeyValuePair<string, Func<string?>>(f, () => File.ReadAllText(f)));
        return new DocumentSet(files);
    }

    private static HashSet<string> ImplementedHandlers(string specPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(specPath))!;
        var stem = Path.GetFileNameWithoutExtension(specPath);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, stem + "*.cs"))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.Latest)).GetRoot();
            foreach (var node in root.DescendantNodes().Where(HandlerSyntax.IsImplementation)) keys.Add(HandlerSyntax.Key(node));
        }
        return keys;
    }
}
