using NativeMcp.Generators.Common;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Declarations;

/// <summary>
/// What a front end read from one source file, before resolution: the declared content (its shape already
/// checked) and where the things that resolution links across files stand in the source. Nothing here is
/// specific to one source format: an OpenAPI or lock-file front end produces the same records.
/// </summary>
internal sealed record SpecDeclaration
{
    public string SourcePath { get; init; } = "";
    /// <summary>The declared server; null when the front end found errors. Its resolved names are not set yet.</summary>
    public SpecModel? Content { get; init; }
    public EquatableArray<DiagnosticInfo> Diagnostics { get; init; } = EquatableArray<DiagnosticInfo>.Empty;
    /// <summary>Where the server name is declared (for NMCP016 across specs).</summary>
    public LocationInfo? ServerNameLocation { get; init; }
    public EquatableArray<HandlerDeclaration> Handlers { get; init; } = EquatableArray<HandlerDeclaration>.Empty;
    public EquatableArray<AssetDeclaration> Assets { get; init; } = EquatableArray<AssetDeclaration>.Empty;
    /// <summary>Per MCP upstream, what to expose from its lock.</summary>
    public EquatableArray<McpExposureDeclaration> McpExposures { get; init; } = EquatableArray<McpExposureDeclaration>.Empty;
    /// <summary>Where each spec tool's name is, in spec order (exposed MCP tools are checked against them).</summary>
    public EquatableArray<NamedLocation> ToolNames { get; init; } = EquatableArray<NamedLocation>.Empty;
}

/// <summary>A name and where it is declared.</summary>
internal sealed record NamedLocation(string Name, LocationInfo Location);

internal enum HandlerKind
{
    Tool,
    Resource,
    Prompt,
}

/// <summary>A <c>handler: csharp</c> the source declares, with where it says so (for NMCP018).</summary>
internal sealed record HandlerDeclaration(HandlerKind Kind, string Name, LocationInfo Location);

/// <summary>A file the source embeds (<c>assets/...</c>), with where it says so (for NMCP019).</summary>
internal sealed record AssetDeclaration(string Path, LocationInfo Location);
