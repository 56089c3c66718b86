using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Emit;
using NativeMcp.Generators.FrontEnds.CSharp;
using NativeMcp.Generators.FrontEnds.Lock;
using NativeMcp.Generators.FrontEnds.OpenApi;
using NativeMcp.Generators.FrontEnds.Spec;
using NativeMcp.Generators.Model;
using NativeMcp.Generators.Resolution;

namespace NativeMcp.Generators;

/// <summary>
/// Spec files (AdditionalFiles with <c>NativeMcpSpec="true"</c>) -> MCP server source, one way:
/// front end (text -> declarations) -> resolver (declarations -> model + diagnostics) -> emitters (model -> C#).
/// Each spec is its own output: editing one spec re-emits only that spec. The code output sees only the
/// location-free model, so an edit that moves lines without changing meaning regenerates nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SpecGenerator : IIncrementalGenerator
{
    internal const string SpecMetadata = "build_metadata.AdditionalFiles.NativeMcpSpec";
    internal const string EntryPointProperty = "build_property.NativeMcpEntryPoint";
    internal const string AssetListMetadata = "build_metadata.AdditionalFiles.NativeMcpAssetList";
    internal const string OpenApiMetadata = "build_metadata.AdditionalFiles.NativeMcpOpenApi";
    internal const string LockMetadata = "build_metadata.AdditionalFiles.NativeMcpLock";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => pair.Right.GetOptions(pair.Left).TryGetValue(SpecMetadata, out var value)
                && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            .Select(static (pair, _) => pair.Left)
            .WithTrackingName(TrackingNames.SpecFiles);

        // Files an OpenAPI import may read (the glue marks every YAML/JSON file below a spec's folder), each hashed
        // once when it changes: the import's key holds the hashes, never the texts.
        var documents = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => pair.Right.GetOptions(pair.Left).TryGetValue(OpenApiMetadata, out var value)
                && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            .Select(static (pair, cancellationToken) => DocumentStamp.Of(pair.Left, cancellationToken))
            .Collect()
            .Select(static (stamps, _) => EquatableArray.From(stamps.OrderBy(s => s.Path, StringComparer.Ordinal)))
            .WithTrackingName(TrackingNames.Documents);

        // The import, apart from the rest of the spec: a first pass over each spec records its openapi sections as
        // values (settings, the spec's tool names), each joined with the hashes of the files in its document's
        // folder. Only a change to those runs the import again; any other edit of the spec is served from the cache.
        var imports = specFiles
            .Select(static (file, cancellationToken) =>
            {
                var recorder = new ImportRecorder();
                SpecParser.Parse(file.Path, file.GetText(cancellationToken)?.ToString() ?? "", recorder);
                return new EquatableArray<ImportRequest>(recorder.Requests.ToArray());
            })
            .WithTrackingName(TrackingNames.ImportRequests)
            .SelectMany(static (requests, _) => requests)
            .Combine(documents)
            .Select(static (pair, _) => ImportInput.For(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ImportInputs)
            .Select(static (input, _) => DirectImports.Run(input.Request.Options, input.Request.TakenNames, input.Source))
            .WithTrackingName(TrackingNames.Import)
            .Collect();

        // Lock files (NativeMcpLock="true": the MSBuild glue adds <spec>.lock.json beside each spec), as path and
        // text: a lock is a build input, so editing it rebuilds the spec it belongs to.
        var lockFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => pair.Right.GetOptions(pair.Left).TryGetValue(LockMetadata, out var value)
                && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            .Select(static (pair, cancellationToken) => new LockText(SpecResolver.Normalize(pair.Left.Path), pair.Left.GetText(cancellationToken)?.ToString() ?? ""))
            .Collect()
            .Select(static (locks, _) => EquatableArray.From(locks.OrderBy(l => l.Path, StringComparer.Ordinal)));

        var resolved = specFiles
            .Combine(imports)
            .Combine(lockFiles)
            .Select(static (input, cancellationToken) =>
            {
                var ((file, outcomes), locks) = input;
                var text = file.GetText(cancellationToken)?.ToString() ?? "";
                var lockPath = SpecResolver.Normalize(LockDeclaration.PathFor(file.Path));
                var lockText = locks.FirstOrDefault(l => l.Path == lockPath);
                // Locations in the lock name it as the compiler gave it, like the spec's.
                var lockFile = lockText is null ? null : LockReader.Read(LockDeclaration.PathFor(file.Path), lockText.Text);
                return SpecResolver.Resolve(SpecParser.Parse(file.Path, text, new CachedImports(outcomes)), lockFile);
            })
            .WithTrackingName(TrackingNames.Parsed);

        context.RegisterSourceOutput(
            resolved.Select(static (spec, _) => spec.Diagnostics).WithTrackingName(TrackingNames.Diagnostics),
            static (spc, diagnostics) =>
            {
                foreach (var info in diagnostics) spc.ReportDiagnostic(DiagnosticFactory.ToDiagnostic(info));
            });

        // Two specs with one server name would emit the same namespace: report it at each name.
        var serverNames = resolved
            .Select(static (spec, _) => spec.Model is null ? null : new ServerNameInfo(spec.ServerName, spec.ServerNameLocation))
            .Collect();
        context.RegisterSourceOutput(serverNames, static (spc, names) =>
        {
            foreach (var info in SpecResolver.DuplicateServerNames(names.Where(n => n is not null).Select(n => (n!.Name, n.Location))))
            {
                spc.ReportDiagnostic(DiagnosticFactory.ToDiagnostic(info));
            }
        });
        // What the code outputs need from the other specs: only the names that are taken twice.
        var duplicateNames = serverNames
            .Select(static (names, _) => EquatableArray.From(names.Where(n => n is not null).GroupBy(n => n!.Name).Where(g => g.Count() > 1).Select(g => g.Key).OrderBy(n => n, StringComparer.Ordinal)));

        var models = resolved
            .Select(static (spec, _) => spec.Model)
            .WithTrackingName(TrackingNames.Models);

        var entryPoint = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(EntryPointProperty, out var v)
                && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase));

        // Hand-written handlers: the partial methods with a body in "<Server>Handlers" classes, as
        // "Class.Method" names. Only names leave the syntax step, so edits inside bodies are cached away.
        var implemented = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => HandlerSyntax.IsImplementation(node),
                static (syntax, _) => HandlerSyntax.Key(syntax.Node))
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
                .Select(SpecResolver.Normalize))
            .Collect()
            .Select(static (lists, _) => new EquatableArray<string>(lists.SelectMany(l => l).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToArray()));

        context.RegisterSourceOutput(resolved.Combine(implemented).Combine(assets), static (spc, input) =>
        {
            var ((spec, handlers), files) = input;
            if (spec.Model is null) return;
            var problems = SpecResolver.MissingHandlers(spec, new HashSet<string>(handlers, StringComparer.Ordinal))
                .Concat(SpecResolver.MissingAssets(spec, new HashSet<string>(files, StringComparer.Ordinal)));
            foreach (var info in problems) spc.ReportDiagnostic(DiagnosticFactory.ToDiagnostic(info));
        });

        // One output per spec: its model, the handlers the project implements, and the names taken twice.
        var perSpec = models.Combine(implemented).Combine(duplicateNames).WithTrackingName(TrackingNames.Output);
        context.RegisterSourceOutput(perSpec, static (spc, input) =>
        {
            var ((spec, handlers), duplicates) = input;
            // A spec with errors produces nothing: a broken spec never yields a half-built server.
            // Duplicate server names are reported (with locations) by the server-name output above.
            if (spec is null || duplicates.Contains(spec.Server.Name)) return;
            Emit(spc, spec, new HashSet<string>(handlers, StringComparer.Ordinal));
        });

        // The entry point exists only for a project with a single valid spec.
        var single = models.Collect()
            .Select(static (all, _) => all.Count(m => m is not null) == 1 ? all.First(m => m is not null) : null)
            .Combine(entryPoint);
        context.RegisterSourceOutput(single, static (spc, input) =>
        {
            if (input.Left is { } spec && input.Right) spc.AddSource("Program.g.cs", EntryPointEmitter.Emit(spec));
        });
    }

    private static void Emit(SourceProductionContext context, SpecModel spec, ISet<string> implemented)
    {
        try
        {
            var ns = spec.Names.Namespace;
            var prefix = spec.Names.HintPrefix;
            context.AddSource(prefix + "/" + spec.Names.ServerClass + ".g.cs", ServerEmitter.Emit(spec, ns, implemented));
            context.AddSource(prefix + "/" + spec.Names.ClientClass + ".g.cs", ClientEmitter.Emit(spec, ns));
            foreach (var tool in ServerEmitter.RegisteredTools(spec, implemented))
            {
                context.AddSource(prefix + "/Tools/" + tool.ClassName + ".g.cs", ToolEmitter.Emit(spec, tool, ns));
            }
            foreach (var tool in spec.Tools.Where(t => t.Kind == ToolKind.Forwarded && t.InputSchema is not null))
            {
                context.AddSource(prefix + "/Tools/" + tool.ClassName + ".g.cs", GatewayEmitter.EmitSchemas(tool, ns));
            }
            if (spec.Dynamic is { } dynamic) context.AddSource(prefix + "/" + spec.Names.OperationsClass + ".g.cs", DynamicEmitter.Emit(spec, dynamic, ns));
            if (!spec.Resources.IsEmpty) context.AddSource(prefix + "/" + spec.Names.ResourcesClass + ".g.cs", ResourceEmitter.Emit(spec, ns, implemented));
            if (!spec.Prompts.IsEmpty) context.AddSource(prefix + "/" + spec.Names.PromptsClass + ".g.cs", PromptEmitter.Emit(spec, ns, implemented));
            if (HandlersEmitter.Emit(spec, ns, implemented) is { } handlers) context.AddSource(prefix + "/" + spec.Names.HandlersClass + ".g.cs", handlers);
        }
        catch (Exception ex)
        {
            context.ReportDiagnostic(Diagnostic.Create(SpecDiagnostics.InternalError, Location.None, ex.GetType().Name + ": " + ex.Message));
        }
    }
}

internal sealed record ServerNameInfo(string Name, LocationInfo? Location);

/// <summary>A lock file's normalized path and text.</summary>
internal sealed record LockText(string Path, string Text);

/// <summary>Step names, so tests can assert what the driver cached.</summary>
internal static class TrackingNames
{
    public const string SpecFiles = nameof(SpecFiles);
    public const string Documents = nameof(Documents);
    public const string ImportRequests = nameof(ImportRequests);
    public const string ImportInputs = nameof(ImportInputs);
    public const string Import = nameof(Import);
    public const string Parsed = nameof(Parsed);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Models = nameof(Models);
    public const string Output = nameof(Output);
    public const string Handlers = nameof(Handlers);
}
