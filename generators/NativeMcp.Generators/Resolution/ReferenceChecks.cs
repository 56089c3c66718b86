using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Resolution;

/// <summary>
/// The rules that link one part of a server to another, for every front end: names valid and unique, and every
/// reference (env var, upstream, input, path parameter, completion tool) declared. Front ends only record
/// <see cref="NameDeclaration"/>s and <see cref="ReferenceDeclaration"/>s with their locations.
/// </summary>
internal static class ReferenceChecks
{
    /// <summary>What MCP clients accept as a tool name (the spec's 2025-11-25 rule): 1 to 64 of these characters.</summary>
    public const int MaxToolNameLength = 64;
    private static readonly Regex ToolNameChars = new("^[a-zA-Z0-9_-]+$");

    public static IEnumerable<DiagnosticInfo> Check(SpecDeclaration declaration, SpecModel content) =>
        CheckNames(declaration.Names).Concat(declaration.References.SelectMany(r => CheckReference(r, declaration, content)));

    /// <summary>Why a tool name is rejected by MCP clients, or null when it is accepted.</summary>
    public static string? ToolNameProblem(string name) =>
        name.Length == 0 || name.Length > MaxToolNameLength ? "MCP clients accept 1 to " + MaxToolNameLength + " characters, this has " + name.Length
        : !ToolNameChars.IsMatch(name) ? "MCP clients accept only letters, digits, '_' and '-'"
        : null;

    private static IEnumerable<DiagnosticInfo> CheckNames(IEnumerable<NameDeclaration> names)
    {
        var seen = new HashSet<(OwnerKind, string)>();
        foreach (var name in names)
        {
            if (name.Kind == OwnerKind.Tool && ToolNameProblem(name.Name) is { } problem)
            {
                yield return DiagnosticInfo.Create(SpecDiagnostics.InvalidToolName, name.Location, name.Name, problem);
            }
            // The second declaration of a name is the one reported: the first one is the name's owner.
            if (seen.Add((name.Kind, name.Name))) continue;
            yield return name.Kind == OwnerKind.Tool
                ? DiagnosticInfo.Create(SpecDiagnostics.DuplicateToolName, name.Location, name.Name)
                : DiagnosticInfo.Create(SpecDiagnostics.DuplicateName, name.Location, name.Kind.ToString(), name.Name);
        }
    }

    private static IEnumerable<DiagnosticInfo> CheckReference(ReferenceDeclaration r, SpecDeclaration declaration, SpecModel content)
    {
        switch (r.Kind)
        {
            case ReferenceKind.Env:
                if (!content.Env.Any(e => e.Name == r.Name)) yield return DiagnosticInfo.Create(SpecDiagnostics.UndeclaredEnv, r.Location, r.Name);
                break;
            case ReferenceKind.Upstream:
                if (r.Name.Length == 0)
                {
                    // A spec of databases only: an http tool or resource has nothing to call.
                    if (content.Upstreams.Count == 0) yield return DiagnosticInfo.Create(SpecDiagnostics.MissingKey, r.Location, r.Context + " (the spec declares no upstream for its http)", "upstream");
                    else if (content.Upstreams.Count > 1) yield return DiagnosticInfo.Create(SpecDiagnostics.MissingKey, r.Location, r.Context + " (the spec has several upstreams)", "upstream");
                }
                else if (content.McpUpstreams.Any(u => u.Name == r.Name))
                {
                    yield return DiagnosticInfo.Create(SpecDiagnostics.McpUpstreamInHttpTool, r.Location, r.Name, r.Owner);
                }
                else if (!content.Upstreams.Any(u => u.Name == r.Name))
                {
                    yield return DiagnosticInfo.Create(SpecDiagnostics.UnknownUpstream, r.Location, r.Name, r.Owner, string.Join(", ", content.Upstreams.Select(u => u.Name)));
                }
                break;
            case ReferenceKind.Input:
                if (InputNames(content, r.OwnerKind, r.Owner) is { } names && !names.Contains(r.Name))
                {
                    yield return DiagnosticInfo.Create(SpecDiagnostics.UnknownInput, r.Location, r.Name, r.Context, r.Owner);
                }
                break;
            case ReferenceKind.PathParameter:
                if (r.OwnerKind != OwnerKind.Tool)
                {
                    // A resource's path variables are its URI template's: declared by construction.
                    if (InputNames(content, r.OwnerKind, r.Owner) is { } variables && !variables.Contains(r.Name)) yield return DiagnosticInfo.Create(SpecDiagnostics.UnboundPathParameter, r.Location, r.Name, r.Owner);
                    break;
                }
                if (content.Tools.FirstOrDefault(t => t.Name == r.Owner) is not { } owner) break;
                var input = owner.Inputs.FirstOrDefault(i => i.Name == r.Name);
                if (input is null) yield return DiagnosticInfo.Create(SpecDiagnostics.UnboundPathParameter, r.Location, r.Name, r.Owner);
                else if (!input.Required || (input.Type != InputKind.String && input.Type != InputKind.Integer))
                {
                    yield return DiagnosticInfo.Create(SpecDiagnostics.PathParameterNotRequired, r.Location, r.Name, r.Owner);
                }
                break;
            case ReferenceKind.CompletionTool:
                var tool = content.Tools.FirstOrDefault(t => t.Name == r.Name);
                // A declared tool missing from the model failed to parse: its own error says why.
                if (tool is null && declaration.Names.Any(n => n.Kind == OwnerKind.Tool && n.Name == r.Name)) break;
                if (tool is null || tool.Kind != ToolKind.Http || tool.Inputs.Any(i => i.Required && i.DefaultJson is null))
                {
                    yield return DiagnosticInfo.Create(SpecDiagnostics.InvalidValue, r.Location, r.Context, "'" + r.Name + "' must be an http tool of this spec with no required input");
                }
                break;
        }
    }

    /// <summary>
    /// The names a mapping of the owner may use: a tool's inputs, a resource's URI variables, a prompt's arguments;
    /// null when the owner is not in the model (it failed to parse, and its own error says why). The first of
    /// several same-named owners is the one looked at (a second one is NMCP006/NMCP020).
    /// </summary>
    private static ICollection<string>? InputNames(SpecModel content, OwnerKind kind, string owner) => kind switch
    {
        OwnerKind.Tool => content.Tools.FirstOrDefault(t => t.Name == owner)?.Inputs.Select(i => i.Name).ToList(),
        OwnerKind.Resource => content.Resources.FirstOrDefault(r => r.Name == owner)?.Variables.ToList(),
        OwnerKind.Prompt => content.Prompts.FirstOrDefault(p => p.Name == owner)?.Arguments.Select(a => a.Name).ToList(),
        _ => null,
    };
}
