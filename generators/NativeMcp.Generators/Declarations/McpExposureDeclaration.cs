using NativeMcp.Generators.Common;
using NativeMcp.Generators.Diagnostics;

namespace NativeMcp.Generators.Declarations;

/// <summary>
/// What a spec says to expose from one MCP upstream, with where it says it: the resolver links it to the lock,
/// names the tools and reports collisions, long names and missing locks at these locations.
/// </summary>
/// <param name="Location">The upstream's key (<c>linear:</c>): where a missing lock is reported.</param>
/// <param name="All">Every locked tool is exposed (no <c>tools</c>, or a <c>"*"</c> item), besides those listed.</param>
/// <param name="AllLocation">Where "every tool" is said (the <c>"*"</c> item, or the upstream key).</param>
internal sealed record McpExposureDeclaration(
    string Upstream,
    LocationInfo Location,
    string? Prefix,
    LocationInfo? PrefixLocation,
    bool All,
    LocationInfo AllLocation,
    EquatableArray<McpToolDeclaration> Tools,
    McpSelection Resources,
    McpSelection Prompts);

/// <summary>
/// <c>upstreams.&lt;name&gt;.resources</c> or <c>.prompts</c>: omitted (everything locked), or a list of what to
/// expose (resource URIs or URI templates; prompt names) where <c>"*"</c> adds everything else.
/// </summary>
internal sealed record McpSelection(bool All, EquatableArray<McpSelectedItem> Items)
{
    public static readonly McpSelection Everything = new(true, EquatableArray<McpSelectedItem>.Empty);
}

/// <summary>One item of a resources or prompts selection, where it is written.</summary>
internal sealed record McpSelectedItem(string Key, LocationInfo Location);

/// <summary>One item of <c>upstreams.&lt;name&gt;.tools</c>: an upstream tool and how it is shown.</summary>
/// <param name="Name">An alias: the whole exposed name (the prefix is not added).</param>
/// <param name="Location">The item (the upstream tool's name): where "not in the lock" is reported.</param>
/// <param name="NameLocation">The alias when given, else the item: where name problems are reported.</param>
internal sealed record McpToolDeclaration(
    string Tool,
    LocationInfo Location,
    string? Name,
    LocationInfo NameLocation,
    string? Description,
    bool Enabled,
    string? Scope,
    string? Title,
    EquatableArray<HiddenArgumentDeclaration> Hidden);

/// <summary>A <c>hidden</c> argument: its fixed value as compact JSON, and where it is given.</summary>
internal sealed record HiddenArgumentDeclaration(string Name, string Json, LocationInfo Location);
