using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Resolution;

/// <summary>
/// One resolved spec: the location-free model the emitters read (null when the spec has errors), its
/// diagnostics, and what the checks that need the rest of the compilation (handlers, assets, other specs)
/// look up, with the locations to report at.
/// </summary>
internal sealed record ResolvedSpec
{
    public SpecModel? Model { get; init; }
    public EquatableArray<DiagnosticInfo> Diagnostics { get; init; } = EquatableArray<DiagnosticInfo>.Empty;
    public string ServerName { get; init; } = "";
    public LocationInfo? ServerNameLocation { get; init; }
    public EquatableArray<HandlerCheck> Handlers { get; init; } = EquatableArray<HandlerCheck>.Empty;
    public EquatableArray<AssetCheck> Assets { get; init; } = EquatableArray<AssetCheck>.Empty;
}

/// <summary>A declared handler: the "Class.Method" the project must implement, and the NMCP018 text if it does not.</summary>
internal sealed record HandlerCheck(string Key, HandlerKind Kind, string Name, string QualifiedClass, string Signature, LocationInfo Location);

/// <summary>An embedded file: its normalized full path, as written, and the assets folder it must be in.</summary>
internal sealed record AssetCheck(string FullPath, string Path, string AssetsFolder, LocationInfo Location);
