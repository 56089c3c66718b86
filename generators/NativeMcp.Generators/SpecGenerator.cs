using System;
using System.Collections.Immutable;
using System.Linq;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Emit;
using NativeMcp.Generators.Model;
using NativeMcp.Generators.Parsing;

namespace NativeMcp.Generators;

/// <summary>
/// Spec files (AdditionalFiles with <c>NativeMcpSpec="true"</c>) -> MCP server source.
/// Pipeline: select spec files -> parse each into (model, diagnostics) -> report diagnostics from one
/// output, emit code from another. The code output sees only the location-free model, so editing a spec
/// in a way that moves lines without changing meaning regenerates nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SpecGenerator : IIncrementalGenerator
{
    internal const string SpecMetadata = "build_metadata.AdditionalFiles.NativeMcpSpec";
    internal const string EntryPointProperty = "build_property.NativeMcpEntryPoint";
    internal const string AssetListMetadata = "build_metadata.AdditionalFiles.NativeMcpAssetList";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => pair.Right.GetOptions(pair.Left).TryGetValue(SpecMetadata, out var value)
                && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            .Select(static (pair, _) => pair.Left)
            .WithTrackingName(TrackingNames.SpecFiles);

        var parsed = specFiles
            .Select(static (file, cancellationToken) =>
            {
                var text = file.GetText(cancellationToken)?.ToString() ?? "";
                return SpecParser.Parse(file.Path, text);
            })
            .WithTrackingName(TrackingNames.Parsed);

        context.RegisterSourceOutput(
            parsed.Select(static (result, _) => result.Diagnostics).WithTrackingName(TrackingNames.Diagnostics),
            static (spc, diagnostics) =>
            {
                foreach (var info in diagnostics) spc.ReportDiagnostic(DiagnosticFactory.ToDiagnostic(info));
            });

        // Two specs with one server name would emit the same namespace: report it at each name.
        var serverNames = parsed
            .Select(static (result, _) => result.Model is null ? null : new ServerNameInfo(result.Model.Server.Name, result.ServerNameLocation))
            .Collect();
        context.RegisterSourceOutput(serverNames, static (spc, names) =>
        {
            foreach (var group in names.Where(n => n is not null).GroupBy(n => n!.Name).Where(g => g.Count() > 1))
            {
                foreach (var name in group)
                {
                    var info = new DiagnosticInfo(SpecDiagnostics.DuplicateServerName.Id, new EquatableArray<string>(new[] { name!.Name }), name.Location);
                    spc.ReportDiagnostic(DiagnosticFactory.ToDiagnostic(info));
                }
            }
        });

        var models = parsed
            .Select(static (result, _) => result.Model)
            .WithTrackingName(TrackingNames.Models);

        var entryPoint = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(EntryPointProperty, out var v)
                && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase));

        // Hand-written handlers: the partial methods with a body in "<Server>Handlers" classes, as
        // "Class.Method" names. Only names leave the syntax step, so edits inside bodies are cached away.
        var implemented = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is MethodDeclarationSyntax method
                    && method.Modifiers.Any(SyntaxKind.PartialKeyword)
                    && (method.Body is not null || method.ExpressionBody is not null)
                    && method.Parent is ClassDeclarationSyntax type
                    && type.Identifier.ValueText.EndsWith("Handlers", StringComparison.Ordinal),
                static (syntax, _) => ((ClassDeclarationSyntax)syntax.Node.Parent!).Identifier.ValueText + "." + ((MethodDeclarationSyntax)syntax.Node).Identifier.ValueText)
            .Collect()
            .Select(static (names, _) => new EquatableArray<string>(names.Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray()))
            .WithTrackingName(TrackingNames.Handlers);

        // Files in an assets folder beside a spec: the MSBuild glue embeds them and lists their full paths
        // in one text file (NativeMcpAssetList="true").
        var assets = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => pair.Right.GetOptions(pair.Left).TryGetValue(AssetListMetadata, out var value)
                && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            .Select(static (pair, cancellationToken) => (pair.Left.GetText(cancellationToken)?.ToString() ?? "")
                .Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(Normalize))
            .Collect()
            .Select(static (lists, _) => new EquatableArray<string>(lists.SelectMany(l => l).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToArray()));

        context.RegisterSourceOutput(parsed.Combine(implemented).Combine(assets), static (spc, input) =>
        {
            var ((result, handlers), files) = input;
            if (result.Model is null) return;
            var ns = ServerEmitter.Namespace(result.Model);
            foreach (var handler in result.Handlers)
            {
                if (handlers.Contains(HandlersEmitter.Key(result.Model, handler.MethodName))) continue;
                var info = new DiagnosticInfo(SpecDiagnostics.MissingHandler.Id,
                    new EquatableArray<string>(new[] { handler.Kind.ToString().ToLowerInvariant(), handler.Name, ns + "." + HandlersEmitter.ClassName(result.Model), handler.Signature }),
                    handler.Location);
                spc.ReportDiagnostic(DiagnosticFactory.ToDiagnostic(info));
            }
            foreach (var asset in result.Assets)
            {
                if (files.Contains(Normalize(System.IO.Path.Combine(result.SpecDirectory, asset.Path)))) continue;
                var info = new DiagnosticInfo(SpecDiagnostics.MissingAsset.Id,
                    new EquatableArray<string>(new[] { asset.Path, Normalize(System.IO.Path.Combine(result.SpecDirectory, "assets")) }), asset.Location);
                spc.ReportDiagnostic(DiagnosticFactory.ToDiagnostic(info));
            }
        });

        var allModels = models.Collect().Combine(entryPoint).Combine(implemented).WithTrackingName(TrackingNames.Output);

        context.RegisterSourceOutput(allModels, static (spc, input) => Emit(spc, input.Left.Left, input.Left.Right, input.Right));
    }

    /// <summary>Forward slashes, and "a/b/../c" resolved to "a/c", without touching the file system.</summary>
    internal static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part == "..") { if (parts.Count > 1) parts.RemoveAt(parts.Count - 1); }
            else if (part != "." && (part.Length > 0 || parts.Count == 0)) parts.Add(part);
        }
        return string.Join("/", parts);
    }

    private static void Emit(SourceProductionContext context, ImmutableArray<SpecModel?> models, bool entryPoint, EquatableArray<string> implementedHandlers)
    {
        var implemented = new HashSet<string>(implementedHandlers, StringComparer.Ordinal);
        // A spec with errors produces nothing: a broken spec never yields a half-built server.
        var valid = models.Where(m => m is not null).Select(m => m!).OrderBy(m => m.Server.Name, StringComparer.Ordinal).ToList();
        // Duplicate server names are reported (with locations) by the server-name output above.
        var duplicates = valid.GroupBy(m => m.Server.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        foreach (var spec in valid.Where(m => !duplicates.Contains(m.Server.Name)))
        {
            try
            {
                var ns = ServerEmitter.Namespace(spec);
                var prefix = ns.Substring("NativeMcp.Generated.".Length);
                context.AddSource(prefix + "/" + ServerEmitter.ClassName(spec) + ".g.cs", ServerEmitter.Emit(spec, ns, implemented));
                context.AddSource(prefix + "/" + ClientEmitter.ClassName(spec) + ".g.cs", ClientEmitter.Emit(spec, ns));
                foreach (var tool in ServerEmitter.RegisteredTools(spec, implemented))
                {
                    context.AddSource(prefix + "/Tools/" + ToolEmitter.ClassName(tool) + ".g.cs", ToolEmitter.Emit(spec, tool, ns));
                }
                if (!spec.Resources.IsEmpty) context.AddSource(prefix + "/" + ResourceEmitter.ClassName(spec) + ".g.cs", ResourceEmitter.Emit(spec, ns, implemented));
                if (!spec.Prompts.IsEmpty) context.AddSource(prefix + "/" + PromptEmitter.ClassName(spec) + ".g.cs", PromptEmitter.Emit(spec, ns, implemented));
                if (HandlersEmitter.Emit(spec, ns, implemented) is { } handlers) context.AddSource(prefix + "/" + HandlersEmitter.ClassName(spec) + ".g.cs", handlers);
            }
            catch (Exception ex)
            {
                context.ReportDiagnostic(Diagnostic.Create(SpecDiagnostics.InternalError, Location.None, ex.GetType().Name + ": " + ex.Message));
            }
        }

        if (entryPoint && valid.Count == 1)
        {
            context.AddSource("Program.g.cs", EntryPointEmitter.Emit(valid[0]));
        }
    }
}

internal sealed record ServerNameInfo(string Name, LocationInfo? Location);

/// <summary>Step names, so tests can assert what the driver cached.</summary>
internal static class TrackingNames
{
    public const string SpecFiles = nameof(SpecFiles);
    public const string Parsed = nameof(Parsed);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Models = nameof(Models);
    public const string Output = nameof(Output);
    public const string Handlers = nameof(Handlers);
}
