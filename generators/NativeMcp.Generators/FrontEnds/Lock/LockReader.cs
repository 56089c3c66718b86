using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.FrontEnds.Schema;
using NativeMcp.Generators.FrontEnds.Spec;
using NativeMcp.Generators.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Lock;

/// <summary>
/// The lock front end: the JSON <c>nativemcp sync</c> wrote -> a <see cref="LockDeclaration"/>. JSON is read as YAML,
/// so every problem has its line and column in the lock; each tool's schemas are compiled by the raw-schema reader.
/// </summary>
internal static class LockReader
{
    /// <summary>Never throws.</summary>
    public static LockDeclaration Read(string path, string text)
    {
        var r = new SpecReader(path);
        var upstreams = new List<LockedUpstream>();
        var usable = false;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || SpecReader.IsNull(stream.Documents[0].RootNode))
            {
                r.Report(SpecDiagnostics.SyntaxError, Mark.Empty, Mark.Empty, "the lock file is empty");
            }
            else if (r.Mapping(stream.Documents[0].RootNode, "the lock", LockKeys.Root) is { } root)
            {
                if (root["nativemcp"] is not YamlScalarNode { Value: LockKeys.Version })
                {
                    r.Report(SpecDiagnostics.InvalidValue, (YamlNode?)root["nativemcp"] ?? root.Node, "nativemcp", "this generator reads lock format " + LockKeys.Version + "; run 'nativemcp sync' to rewrite the lock");
                }
                foreach (var (name, _, value) in r.Mapping(root["upstreams"], "upstreams", null)?.Entries ?? Enumerable.Empty<(string, YamlScalarNode, YamlNode)>())
                {
                    if (ReadUpstream(r, name, value) is { } upstream) upstreams.Add(upstream);
                }
                usable = !r.HasErrors;
            }
        }
        catch (YamlException ex)
        {
            r.Report(SpecDiagnostics.SyntaxError, ex.Start, ex.End, ex.InnerException?.Message ?? ex.Message);
        }
        catch (Exception ex)
        {
            r.Report(SpecDiagnostics.InternalError, (YamlNode?)null, ex.GetType().Name + ": " + ex.Message);
        }
        return new LockDeclaration(path, usable, new EquatableArray<LockedUpstream>(upstreams.ToArray()), new EquatableArray<DiagnosticInfo>(r.Diagnostics.ToArray()));
    }

    private static LockedUpstream? ReadUpstream(SpecReader r, string name, YamlNode node)
    {
        var where = "upstreams." + name;
        var m = r.Mapping(node, where, LockKeys.Upstream);
        if (m is null) return null;
        var tools = new List<LockedTool>();
        foreach (var (toolName, _, value) in r.Mapping(m["tools"], where + ".tools", null)?.Entries ?? Enumerable.Empty<(string, YamlScalarNode, YamlNode)>())
        {
            if (ReadTool(r, where + ".tools." + toolName, toolName, value) is { } tool) tools.Add(tool);
        }
        return new LockedUpstream(
            name,
            r.String(m["protocolVersion"], where + ".protocolVersion") ?? "",
            m["serverInfo"] is { } info ? YamlJson.Write(info) : "{}",
            new EquatableArray<LockedTool>(tools.ToArray()),
            ReadEntries(r, m, where, "resources", "uri"),
            ReadEntries(r, m, where, "resourceTemplates", "uriTemplate"),
            ReadEntries(r, m, where, "prompts", "name"));
    }

    /// <summary>Resources, templates or prompts: each entry's definition kept whole and as its members, in order.</summary>
    private static EquatableArray<LockedEntry> ReadEntries(SpecReader r, MappingEntries m, string upstreamWhere, string section, string keyMember)
    {
        var entries = new List<LockedEntry>();
        foreach (var (key, _, value) in r.Mapping(m[section], upstreamWhere + "." + section, null)?.Entries ?? Enumerable.Empty<(string, YamlScalarNode, YamlNode)>())
        {
            var where = upstreamWhere + "." + section + "." + key;
            var entry = r.Mapping(value, where, LockKeys.Entry);
            if (entry is null) continue;
            var hash = r.String(entry["hash"], where + ".hash");
            if (hash is null) r.Report(SpecDiagnostics.MissingKey, entry.Node, where, "hash");
            var definition = r.Mapping(entry["definition"], where + ".definition", null);
            if (definition is null)
            {
                r.Report(SpecDiagnostics.MissingKey, entry.Node, where, "definition");
                continue;
            }
            if (r.String(definition[keyMember], where + ".definition." + keyMember) is { } declared && declared != key)
            {
                r.Report(SpecDiagnostics.InvalidValue, definition[keyMember], where + ".definition." + keyMember, "the definition has " + keyMember + " '" + declared + "', but it is locked as '" + key + "'");
            }
            if (hash is null) continue;
            entries.Add(new LockedEntry(key, keyMember == "name" ? key : r.String(definition["name"], where + ".definition.name"), hash, YamlJson.Write(definition.Node),
                EquatableArray.From(definition.Entries.Select(e => new JsonMember(e.Name, YamlJson.Write(e.Value))))));
        }
        return new EquatableArray<LockedEntry>(entries.ToArray());
    }

    private static LockedTool? ReadTool(SpecReader r, string where, string name, YamlNode node)
    {
        var entry = r.Mapping(node, where, LockKeys.Entry);
        if (entry is null) return null;
        var hash = r.String(entry["hash"], where + ".hash");
        if (hash is null) r.Report(SpecDiagnostics.MissingKey, entry.Node, where, "hash");
        // The definition is the upstream's own: any key it sends is kept, so no allowed-key list here.
        var definition = r.Mapping(entry["definition"], where + ".definition", null);
        if (definition is null)
        {
            r.Report(SpecDiagnostics.MissingKey, entry.Node, where, "definition");
            return null;
        }
        if (r.String(definition["name"], where + ".definition.name") is { } declared && declared != name)
        {
            r.Report(SpecDiagnostics.InvalidValue, definition["name"], where + ".definition.name", "the definition is of tool '" + declared + "', but it is locked as '" + name + "'");
        }
        if (definition["inputSchema"] is not YamlMappingNode inputNode)
        {
            r.Report(SpecDiagnostics.MissingKey, definition.Node, where + ".definition", "inputSchema");
            return null;
        }

        // Keywords the compiled validator does not check are not reported for a lock: the schema is the
        // upstream's, nobody can edit it here, and the upstream checks its own arguments anyway.
        void Report(DiagnosticDescriptor descriptor, YamlNode at, string[] args)
        {
            if (descriptor.DefaultSeverity == DiagnosticSeverity.Error) r.Report(descriptor, at, args);
        }
        var input = SchemaReader.Read(inputNode, "tool '" + name + "' inputSchema", (d, at, args) => Report(d, at, args));
        var output = definition["outputSchema"] is { } outputNode
            ? SchemaReader.Read(outputNode, "tool '" + name + "' outputSchema", (d, at, args) => Report(d, at, args))
            : null;
        if (input is null || hash is null || (definition["outputSchema"] is not null && output is null)) return null;

        var members = new List<JsonMember>();
        var properties = new List<JsonMember>();
        var required = new List<string>();
        foreach (var pair in inputNode.Children)
        {
            var key = (pair.Key as YamlScalarNode)?.Value ?? "";
            if (key == "properties" && pair.Value is YamlMappingNode props)
            {
                foreach (var p in props.Children) properties.Add(new JsonMember((p.Key as YamlScalarNode)?.Value ?? "", YamlJson.Write(p.Value)));
            }
            else if (key == "required" && pair.Value is YamlSequenceNode list)
            {
                required.AddRange(list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? ""));
            }
            else
            {
                members.Add(new JsonMember(key, YamlJson.Write(pair.Value)));
            }
        }
        var others = definition.Entries
            .Where(e => e.Name is not ("name" or "title" or "description" or "inputSchema" or "outputSchema"))
            .Select(e => new JsonMember(e.Name, YamlJson.Write(e.Value)));

        return new LockedTool(
            name,
            hash,
            YamlJson.Write(definition.Node),
            r.String(definition["title"], where + ".definition.title"),
            r.String(definition["description"], where + ".definition.description"),
            input.Schema,
            new EquatableArray<JsonMember>(members.ToArray()),
            new EquatableArray<JsonMember>(properties.ToArray()),
            new EquatableArray<string>(required.ToArray()),
            output?.Schema,
            EquatableArray.From(others));
    }
}
