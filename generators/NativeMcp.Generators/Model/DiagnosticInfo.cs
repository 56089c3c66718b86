namespace NativeMcp.Generators.Model;

/// <summary>Where in a spec file a diagnostic points: 0-based offsets, lines and columns, as Roslyn wants.</summary>
internal sealed record LocationInfo(
    string FilePath,
    int Start,
    int Length,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn);

/// <summary>A diagnostic as plain data: descriptor id, message arguments and a location.</summary>
internal sealed record DiagnosticInfo(string Id, EquatableArray<string> Arguments, LocationInfo? Location);

/// <summary>
/// The output of parsing one spec: a model (null when the spec has errors), its diagnostics, and where the
/// server name stands (for diagnostics across specs; the model itself stays location-free).
/// </summary>
internal sealed record SpecParseResult(
    SpecModel? Model,
    EquatableArray<DiagnosticInfo> Diagnostics,
    LocationInfo? ServerNameLocation = null,
    string SpecDirectory = "",
    EquatableArray<HandlerReference> Handlers = default,
    EquatableArray<AssetReference> Assets = default);
