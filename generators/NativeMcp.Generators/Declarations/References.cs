using NativeMcp.Generators.Diagnostics;

namespace NativeMcp.Generators.Declarations;

/// <summary>What a name written at one place must match elsewhere in the server.</summary>
internal enum ReferenceKind
{
    /// <summary><c>${NAME}</c>: a variable declared under <c>env</c> (NMCP009).</summary>
    Env,
    /// <summary>The upstream an http tool or resource calls; "" when the source names none (NMCP017; NMCP005 with several upstreams).</summary>
    Upstream,
    /// <summary>An input (a resource's URI variable) of the owner, named by a query, body, header, pagination or completion mapping (NMCP011).</summary>
    Input,
    /// <summary>A <c>{name}</c> in an http path: a required string or integer input of the owner (NMCP008, NMCP012).</summary>
    PathParameter,
    /// <summary>A completion's <c>tool</c>: an http tool of this server that needs no argument (NMCP010).</summary>
    CompletionTool,
}

/// <summary>What a reference or a name belongs to.</summary>
internal enum OwnerKind
{
    Server,
    Tool,
    Resource,
    Prompt,
}

/// <summary>
/// A name one part of a source uses that another part must declare, with where it is written. Front ends only
/// record references; <c>Resolution/ReferenceChecks</c> is the one place that checks them, for every front end.
/// </summary>
/// <param name="Context">The mapping that holds the reference, as the diagnostic names it ("query", "header 'X'", "pagination").</param>
internal sealed record ReferenceDeclaration(ReferenceKind Kind, string Name, OwnerKind OwnerKind, string Owner, string Context, LocationInfo? Location);

/// <summary>A tool, resource or prompt name as a source declares it, for the name rules (NMCP006, NMCP007, NMCP020).</summary>
internal sealed record NameDeclaration(OwnerKind Kind, string Name, LocationInfo? Location);
