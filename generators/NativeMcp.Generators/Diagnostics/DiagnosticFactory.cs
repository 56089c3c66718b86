using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NativeMcp.Generators.Diagnostics;

internal static class DiagnosticFactory
{
    /// <summary>Turns plain diagnostic data back into a Roslyn diagnostic pointing into the spec file.</summary>
    public static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var location = info.Location is { } l
            ? Location.Create(
                l.FilePath,
                new TextSpan(l.Start, l.Length),
                new LinePositionSpan(new LinePosition(l.StartLine, l.StartColumn), new LinePosition(l.EndLine, l.EndColumn)))
            : Location.None;
        return Diagnostic.Create(info.Descriptor, location, info.Arguments.Cast<object>().ToArray());
    }
}
