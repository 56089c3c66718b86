using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Resolution;

/// <summary>
/// Links each MCP upstream's exposure (spec) to its lock: which locked tools are listed, under which names, with
/// which published schema. Every name problem is reported where the spec made the name: the alias, the prefix, or
/// the selection.
/// </summary>
internal static class McpExposure
{
    private const int MaxToolName = 64;
    private static readonly Regex ToolNameChars = new("^[a-zA-Z0-9_-]+$");

    public static (List<ToolModel> Tools, List<McpUpstreamModel> Upstreams, List<DiagnosticInfo> Diagnostics) Resolve(
        SpecDeclaration declaration, SpecModel content, LockDeclaration? lockFile)
    {
        var tools = new List<ToolModel>();
        var upstreams = new List<McpUpstreamModel>();
        var diagnostics = new List<DiagnosticInfo>();
        if (declaration.McpExposures.IsEmpty) return (tools, upstreams, diagnostics);

        var specFile = System.IO.Path.GetFileName(declaration.SourcePath);
        var lockName = lockFile is null ? System.IO.Path.GetFileName(LockDeclaration.PathFor(declaration.SourcePath)) + " (there is no such file beside the spec)" : System.IO.Path.GetFileName(lockFile.SourcePath);
        // Names taken so far, with what took them (for the message).
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var named in declaration.Names.Where(n => n.Kind == OwnerKind.Tool))
        {
            if (!taken.ContainsKey(named.Name)) taken[named.Name] = "the spec tool" + (named.Location is { } at ? " at line " + (at.StartLine + 1).ToString(CultureInfo.InvariantCulture) : "");
        }

        foreach (var exposure in declaration.McpExposures)
        {
            var model = content.McpUpstreams.FirstOrDefault(u => u.Name == exposure.Upstream);
            var locked = lockFile is { Usable: true } ? lockFile.Upstreams.FirstOrDefault(u => u.Name == exposure.Upstream) : null;
            if (locked is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(SpecDiagnostics.MissingLock, exposure.Location, exposure.Upstream, lockName, specFile));
                continue;
            }
            if (model is not null)
            {
                upstreams.Add(model with
                {
                    Identifier = Naming.Pascal(model.Name),
                    ServerInfoJson = locked.ServerInfoJson,
                    ProtocolVersion = locked.ProtocolVersion,
                });
            }

            var byName = locked.Tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
            var lockedNames = string.Join(", ", locked.Tools.Select(t => t.Name));
            var exposed = new List<(LockedTool Tool, McpToolDeclaration? Declared, string Name, LocationInfo At, string How)>();
            foreach (var declared in exposure.Tools)
            {
                if (!byName.TryGetValue(declared.Tool, out var tool))
                {
                    diagnostics.Add(DiagnosticInfo.Create(SpecDiagnostics.ToolNotLocked, declared.Location, declared.Tool, exposure.Upstream, lockedNames.Length == 0 ? "none" : lockedNames, specFile));
                    continue;
                }
                foreach (var hidden in declared.Hidden.Where(h => !tool.InputProperties.Any(p => p.Name == h.Name)))
                {
                    diagnostics.Add(DiagnosticInfo.Create(SpecDiagnostics.UnknownHiddenArgument, hidden.Location, hidden.Name, declared.Tool,
                        tool.InputProperties.IsEmpty ? "none" : string.Join(", ", tool.InputProperties.Select(p => p.Name))));
                }
                if (!declared.Enabled) continue;
                var how = declared.Name is not null
                    ? "alias of tool '" + declared.Tool + "' of upstream '" + exposure.Upstream + "'"
                    : Described(declared.Tool, exposure);
                exposed.Add((tool, declared, declared.Name ?? exposure.Prefix + declared.Tool, declared.Name is null && exposure.PrefixLocation is { } p ? p : declared.NameLocation, how));
            }
            if (exposure.All)
            {
                var listed = new HashSet<string>(exposure.Tools.Select(t => t.Tool), StringComparer.Ordinal);
                foreach (var tool in locked.Tools.Where(t => !listed.Contains(t.Name)))
                {
                    exposed.Add((tool, null, exposure.Prefix + tool.Name, exposure.PrefixLocation ?? exposure.AllLocation, Described(tool.Name, exposure)));
                }
            }

            foreach (var (tool, declared, name, at, how) in exposed)
            {
                if (name.Length > MaxToolName)
                {
                    diagnostics.Add(DiagnosticInfo.Create(SpecDiagnostics.InvalidToolName, at, name,
                        "MCP clients accept 1 to 64 characters, this has " + name.Length.ToString(CultureInfo.InvariantCulture) + " (" + how + "); give it a shorter 'name:'"));
                    continue;
                }
                if (!ToolNameChars.IsMatch(name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(SpecDiagnostics.InvalidToolName, at, name,
                        "MCP clients accept only letters, digits, '_' and '-' (" + how + "); give it another 'name:'"));
                    continue;
                }
                if (taken.TryGetValue(name, out var owner))
                {
                    diagnostics.Add(DiagnosticInfo.Create(SpecDiagnostics.ExposedNameTaken, at, name, how, owner));
                    continue;
                }
                taken[name] = how;
                tools.Add(Forwarded(exposure.Upstream, tool, declared, name));
            }
        }
        return (tools, upstreams, diagnostics);
    }

    /// <summary>
    /// The locked resources, resource templates and prompts each upstream serves: everything locked unless the
    /// spec selects. Prompt and resource names get the upstream's prefix, as tool names do; URIs stay as locked
    /// (the upstream is asked for them), so a URI two upstreams both serve is a collision, as is a prompt name.
    /// A missing lock is reported once, for tools (<see cref="Resolve"/>).
    /// </summary>
    public static (List<ForwardedResourceModel> Resources, List<ForwardedPromptModel> Prompts, List<DiagnosticInfo> Diagnostics) ResolvePrimitives(
        SpecDeclaration declaration, SpecModel content, LockDeclaration? lockFile)
    {
        var resources = new List<ForwardedResourceModel>();
        var prompts = new List<ForwardedPromptModel>();
        var diagnostics = new List<DiagnosticInfo>();
        if (declaration.McpExposures.IsEmpty || lockFile is not { Usable: true }) return (resources, prompts, diagnostics);
        var specFile = System.IO.Path.GetFileName(declaration.SourcePath);
        var uris = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in content.Resources) uris[r.Uri] = "the spec resource '" + r.Name + "'";
        var promptNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in content.Prompts) promptNames[p.Name] = "the spec prompt '" + p.Name + "'";

        foreach (var exposure in declaration.McpExposures)
        {
            if (lockFile.Upstreams.FirstOrDefault(u => u.Name == exposure.Upstream) is not { } locked) continue;
            var at = exposure.PrefixLocation ?? exposure.Location;
            var lockedResources = locked.Resources.Select(e => (Entry: e, Template: false)).Concat(locked.ResourceTemplates.Select(e => (Entry: e, Template: true))).ToList();
            foreach (var (entry, template, location) in Select(exposure.Resources, lockedResources, e => e.Entry.Key, exposure.Location, "Resource", exposure.Upstream, specFile, diagnostics))
            {
                var how = (template ? "resource template" : "resource") + " of upstream '" + exposure.Upstream + "'";
                if (uris.TryGetValue(entry.Key, out var owner))
                {
                    diagnostics.Add(DiagnosticInfo.Create(SpecDiagnostics.ExposedPrimitiveTaken, location, template ? "Resource template" : "Resource", entry.Key, how, owner));
                    continue;
                }
                uris[entry.Key] = "the " + how;
                resources.Add(new ForwardedResourceModel(exposure.Upstream, entry.Key, template, entry.Hash, entry.DefinitionJson, Renamed(entry, exposure.Prefix)));
            }
            foreach (var (entry, location) in Select(exposure.Prompts, locked.Prompts.ToList(), e => e.Key, exposure.Location, "Prompt", exposure.Upstream, specFile, diagnostics))
            {
                var name = exposure.Prefix + entry.Key;
                var how = "prompt '" + entry.Key + "' of upstream '" + exposure.Upstream + "'" + (exposure.Prefix is { } prefix ? " with prefix '" + prefix + "'" : "");
                if (promptNames.TryGetValue(name, out var owner))
                {
                    diagnostics.Add(DiagnosticInfo.Create(SpecDiagnostics.ExposedPrimitiveTaken, exposure.Prefix is null ? location : at, "Prompt", name, how, owner));
                    continue;
                }
                promptNames[name] = "the " + how;
                prompts.Add(new ForwardedPromptModel(exposure.Upstream, entry.Key, name, entry.Hash, entry.DefinitionJson, Renamed(entry, exposure.Prefix)));
            }
        }
        return (resources, prompts, diagnostics);
    }

    /// <summary>What a selection exposes, in lock order, each with where the spec chose it; a selected key absent from the lock is reported.</summary>
    private static List<(T Item, LocationInfo At)> Select<T>(McpSelection selection, IReadOnlyList<T> locked, Func<T, string> key, LocationInfo upstreamAt,
        string what, string upstream, string specFile, List<DiagnosticInfo> diagnostics)
    {
        var chosen = new List<(T, LocationInfo)>();
        var byKey = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in locked) byKey[key(item)] = item;
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var selected in selection.Items)
        {
            listed.Add(selected.Key);
            if (byKey.TryGetValue(selected.Key, out var item))
            {
                chosen.Add((item, selected.Location));
                continue;
            }
            var names = string.Join(", ", locked.Select(key));
            diagnostics.Add(DiagnosticInfo.Create(SpecDiagnostics.PrimitiveNotLocked, selected.Location, what, selected.Key, upstream, names.Length == 0 ? "none" : names, specFile));
        }
        if (selection.All) chosen.AddRange(locked.Where(i => !listed.Contains(key(i))).Select(i => (i, upstreamAt)));
        return chosen;
    }

    private static List<(LockedEntry Entry, bool Template, LocationInfo At)> Select(McpSelection selection, List<(LockedEntry Entry, bool Template)> locked, Func<(LockedEntry Entry, bool Template), string> key,
        LocationInfo upstreamAt, string what, string upstream, string specFile, List<DiagnosticInfo> diagnostics) =>
        Select<(LockedEntry Entry, bool Template)>(selection, locked, key, upstreamAt, what, upstream, specFile, diagnostics).Select(c => (c.Item.Entry, c.Item.Template, c.At)).ToList();

    private static List<(LockedEntry Entry, LocationInfo At)> Select(McpSelection selection, List<LockedEntry> locked, Func<LockedEntry, string> key,
        LocationInfo upstreamAt, string what, string upstream, string specFile, List<DiagnosticInfo> diagnostics) =>
        Select<LockedEntry>(selection, locked, key, upstreamAt, what, upstream, specFile, diagnostics);

    /// <summary>The locked entry with its name prefixed (members in order; the rest as locked).</summary>
    private static string Renamed(LockedEntry entry, string? prefix) =>
        "{" + string.Join(",", entry.Members.Select(m => JsonText.String(m.Name) + ":" + (m.Name == "name" && prefix is not null && entry.Name is { } name
            ? JsonText.String(prefix + name) : m.Json))) + "}";

    private static string Described(string tool, McpExposureDeclaration exposure) =>
        "tool '" + tool + "' of upstream '" + exposure.Upstream + "'" + (exposure.Prefix is { } prefix ? " with prefix '" + prefix + "'" : "");

    private static ToolModel Forwarded(string upstream, LockedTool locked, McpToolDeclaration? declared, string name)
    {
        var hidden = declared?.Hidden ?? EquatableArray<HiddenArgumentDeclaration>.Empty;
        var hiddenNames = new HashSet<string>(hidden.Select(h => h.Name), StringComparer.Ordinal);
        var inputSchemaJson = hiddenNames.Count == 0 ? locked.InputSchema.Json : PublishedInputSchema(locked, hiddenNames);
        var tool = new ToolModel
        {
            Name = name,
            Title = declared?.Title ?? locked.Title,
            Description = declared?.Description ?? locked.Description,
            Kind = ToolKind.Forwarded,
            Scope = declared?.Scope,
            InputSchema = locked.InputSchema,
            OutputSchema = locked.OutputSchema,
            InputSchemaOrigin = SchemaOrigin.Raw,
            InputSchemaJson = inputSchemaJson,
            OutputSchemaOrigin = SchemaOrigin.Raw,
            OutputSchemaJson = locked.OutputSchema?.Json,
            Forward = new ForwardModel(upstream, locked.Name, locked.DefinitionJson, locked.Hash,
                EquatableArray.From(hidden.Select(h => new FixedArgumentModel(h.Name, h.Json)))),
            Identifier = Naming.Pascal(name),
            // Names the class of its compiled input schema, as for every other tool.
            ClassName = Naming.Pascal(name) + "Tool",
        };
        return tool with { ListJson = ListJson(tool, locked) };
    }

    /// <summary>The locked input schema without the hidden properties (and their required entries), members in order.</summary>
    private static string PublishedInputSchema(LockedTool locked, HashSet<string> hidden)
    {
        var sb = new StringBuilder("{");
        var first = true;
        void Member(string key, string json)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append(JsonText.String(key)).Append(':').Append(json);
        }
        foreach (var member in locked.InputSchemaMembers) Member(member.Name, member.Json);
        Member("properties", "{" + string.Join(",", locked.InputProperties.Where(p => !hidden.Contains(p.Name)).Select(p => JsonText.String(p.Name) + ":" + p.Json)) + "}");
        var required = locked.InputRequired.Where(r => !hidden.Contains(r)).ToList();
        if (required.Count > 0) Member("required", "[" + string.Join(",", required.Select(JsonText.String)) + "]");
        sb.Append('}');
        return sb.ToString();
    }

    /// <summary>The exposed tools/list entry: the locked one under the exposed name, with the spec's overrides.</summary>
    private static string ListJson(ToolModel tool, LockedTool locked)
    {
        var sb = ToolJson.Open(tool);
        foreach (var member in locked.OtherMembersJson) sb.Append(',').Append(JsonText.String(member.Name)).Append(':').Append(member.Json);
        sb.Append('}');
        return sb.ToString();
    }
}
