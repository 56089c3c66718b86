using Microsoft.CodeAnalysis;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

/// <summary>Where a front end reports a problem at a YAML node: a file's reader, or an import's spec anchors.</summary>
internal interface IReporter
{
    void Report(DiagnosticDescriptor descriptor, YamlNode? node, params string[] args);
}
