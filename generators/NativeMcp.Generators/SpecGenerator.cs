using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
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

        var allModels = models.Collect().Combine(entryPoint).WithTrackingName(TrackingNames.Output);

        context.RegisterSourceOutput(allModels, static (spc, input) => Emit(spc, input.Left, input.Right));
    }

    private static void Emit(SourceProductionContext context, ImmutableArray<SpecModel?> models, bool entryPoint)
    {
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
                context.AddSource(prefix + "/" + ServerEmitter.ClassName(spec) + ".g.cs", ServerEmitter.Emit(spec, ns));
                context.AddSource(prefix + "/" + ClientEmitter.ClassName(spec) + ".g.cs", ClientEmitter.Emit(spec, ns));
                foreach (var tool in spec.Tools)
                {
                    context.AddSource(prefix + "/Tools/" + ToolEmitter.ClassName(tool) + ".g.cs", ToolEmitter.Emit(spec, tool, ns));
                }
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
}
