using Microsoft.CodeAnalysis;
using NativeMcp.Generators.Common;

namespace NativeMcp.Generators.Diagnostics;

/// <summary>Where in a source file a diagnostic points: 0-based offsets, lines and columns, as Roslyn wants.</summary>
internal sealed record LocationInfo(
    string FilePath,
    int Start,
    int Length,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn);

/// <summary>
/// A diagnostic as plain, value-equatable data: its descriptor (DiagnosticDescriptor compares by value),
/// message arguments and a location. Becomes a Roslyn diagnostic only when reported.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, EquatableArray<string> Arguments, LocationInfo? Location)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, new EquatableArray<string>(arguments), location);

    /// <summary>The message as the compiler prints it.</summary>
    public string Message => string.Format(System.Globalization.CultureInfo.InvariantCulture, Descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Cast<object>(Arguments)));
}
