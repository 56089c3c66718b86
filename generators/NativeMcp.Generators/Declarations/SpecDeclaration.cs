using NativeMcp.Generators.Common;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Declarations;

/// <summary>
/// What a front end read from one source file, before resolution: the declared content (its shape already
/// checked) and where the things that resolution links across files stand in the source. Nothing here is
/// specific to one source format: an OpenAPI or lock-file front end produces the same records. The content's
/// cross-references are not checked yet: the resolver checks <see cref="Names"/> and <see cref="References"/>.
/// </summary>
internal sealed record SpecDeclaration
{
    public string SourcePath { get; init; } = "";
    /// <summary>
    /// The declared server, as far as the front end could read it; null when it could not read one at all. Its
    /// resolved names are not set yet. With errors in <see cref="Diagnostics"/> it is incomplete: the resolver
    /// only checks its references (so that independent errors are reported in one run) and emits nothing.
    /// </summary>
    public SpecModel? Content { get; init; }
    public EquatableArray<DiagnosticInfo> Diagnostics { get; init; } = EquatableArray<DiagnosticInfo>.Empty;

    public bool HasErrors => System.Linq.Enumerable.Any(Diagnostics, d => d.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    /// <summary>Where the server name is declared (for NMCP016 across specs).</summary>
    public LocationInfo? ServerNameLocation { get; init; }
    public EquatableArray<HandlerDeclaration> Handlers { get; init; } = EquatableArray<HandlerDeclaration>.Empty;
    public EquatableArray<AssetDeclaration> Assets { get; init; } = EquatableArray<AssetDeclaration>.Empty;
    /// <summary>Per MCP upstream, what to expose from its lock.</summary>
    public EquatableArray<McpExposureDeclaration> McpExposures { get; init; } = EquatableArray<McpExposureDeclaration>.Empty;
    /// <summary>Every tool, resource and prompt name, where it is declared.</summary>
    public EquatableArray<NameDeclaration> Names { get; init; } = EquatableArray<NameDeclaration>.Empty;
    /// <summary>Every name used at one place that must be declared at another (env vars, upstreams, inputs, tools).</summary>
    public EquatableArray<ReferenceDeclaration> References { get; init; } = EquatableArray<ReferenceDeclaration>.Empty;
    /// <summary>Per <c>openapi</c> import, what became of each operation of its document.</summary>
    public EquatableArray<ImportReport> Imports { get; init; } = EquatableArray<ImportReport>.Empty;
}


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
