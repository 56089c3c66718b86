using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.FrontEnds.Spec;
using NativeMcp.Generators.Model;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>
/// What an import made, as plain values that hold no position in the spec, so the incremental cache can keep it
/// across edits of the spec that move its lines: diagnostics in the document's files keep their locations (the
/// document is part of the import's key), diagnostics at the spec name an anchor (<see cref="ImportOptions.Anchors"/>)
/// that the spec's next parse turns into its own node's location.
/// </summary>
internal sealed record ImportOutcome(
    string Key,
    EquatableArray<ToolModel> Tools,
    EquatableArray<EnvVarModel> Env,
    UpstreamModel? Upstream,
    EquatableArray<OperationOutcome> Operations,
    EquatableArray<AnchoredDiagnostic> SpecDiagnostics,
    EquatableArray<DiagnosticInfo> DocumentDiagnostics);

/// <summary>A diagnostic at the spec node <see cref="ImportOptions.Anchors"/> lists at <see cref="Anchor"/> (-1: no node).</summary>
internal sealed record AnchoredDiagnostic(DiagnosticDescriptor Descriptor, EquatableArray<string> Arguments, int Anchor);

/// <summary>The importer's reports at spec nodes, kept by anchor instead of by line and column.</summary>
internal sealed class SpecAnchors : IReporter
{
    private readonly Dictionary<YamlNode, int> _anchors = new(ReferenceComparer<YamlNode>.Instance);
    private readonly List<AnchoredDiagnostic> _diagnostics = new();

    public SpecAnchors(IReadOnlyList<YamlNode> anchors)
    {
        for (var i = anchors.Count - 1; i >= 0; i--) _anchors[anchors[i]] = i;
    }

    public EquatableArray<AnchoredDiagnostic> Diagnostics => new(_diagnostics.ToArray());

    // A node that is no anchor cannot be located in a later parse: the diagnostic is kept without a location
    // rather than at a position that may have moved.
    public void Report(DiagnosticDescriptor descriptor, YamlNode? node, params string[] args) =>
        _diagnostics.Add(new AnchoredDiagnostic(descriptor, new EquatableArray<string>(args), node is not null && _anchors.TryGetValue(node, out var i) ? i : -1));

    /// <summary>Reports each anchored diagnostic at the node <paramref name="anchors"/> (this parse's) has at its anchor.</summary>
    public static void Replay(EquatableArray<AnchoredDiagnostic> diagnostics, IReadOnlyList<YamlNode> anchors, SpecReader to)
    {
        foreach (var d in diagnostics)
        {
            to.Report(d.Descriptor, d.Anchor >= 0 && d.Anchor < anchors.Count ? anchors[d.Anchor] : null, System.Linq.Enumerable.ToArray(d.Arguments));
        }
    }
}
