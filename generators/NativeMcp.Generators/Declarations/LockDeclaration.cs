using NativeMcp.Generators.Common;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Declarations;

/// <summary>
/// What the lock front end read from <c>&lt;spec&gt;.lock.json</c>: per MCP upstream, what <c>nativemcp sync</c>
/// saw there. Schemas are already compiled; nothing here holds a parser node.
/// </summary>
/// <param name="Usable">False when the file could not be read at all (its diagnostics say why).</param>
internal sealed record LockDeclaration(
    string SourcePath,
    bool Usable,
    EquatableArray<LockedUpstream> Upstreams,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The lock of a spec: beside it, named by the spec without its extension (gateway.yaml -> gateway.lock.json).</summary>
    public static string PathFor(string specPath)
    {
        var directory = System.IO.Path.GetDirectoryName(specPath) ?? "";
        var name = System.IO.Path.GetFileNameWithoutExtension(specPath) + ".lock.json";
        return directory.Length == 0 ? name : directory.Replace('\\', '/') + "/" + name;
    }
}

/// <param name="ServerInfoJson">The upstream's serverInfo (compact JSON, as locked).</param>
internal sealed record LockedUpstream(
    string Name,
    string ProtocolVersion,
    string ServerInfoJson,
    EquatableArray<LockedTool> Tools,
    EquatableArray<LockedEntry> Resources,
    EquatableArray<LockedEntry> ResourceTemplates,
    EquatableArray<LockedEntry> Prompts);

/// <summary>A locked resource, resource template or prompt: what identifies it, its hash and its definition.</summary>
/// <param name="Key">The uri (resource), uriTemplate (template) or name (prompt), as the lock keys it.</param>
/// <param name="DefinitionJson">The whole list entry, compact, as locked (the drift check's reference).</param>
/// <param name="Name">The entry's name member (for a prompt, its key).</param>
/// <param name="Members">The entry's members in order, each as compact JSON (the exposed entry is built from them).</param>
internal sealed record LockedEntry(string Key, string? Name, string Hash, string DefinitionJson, EquatableArray<JsonMember> Members);

/// <summary>
/// One locked tool. The input schema is kept whole (compiled, to check arguments) and as its top-level members,
/// so that the resolver can publish it without the arguments a spec hides.
/// </summary>
/// <param name="DefinitionJson">The whole tools/list entry, compact, as locked.</param>
/// <param name="InputSchemaMembers">The input schema's top-level members other than properties and required, in order.</param>
/// <param name="InputProperties">The input schema's properties, in order, each as compact JSON.</param>
/// <param name="OtherMembersJson">The entry's members other than name, title, description and the schemas (annotations, _meta, icons...), each as compact JSON.</param>
internal sealed record LockedTool(
    string Name,
    string Hash,
    string DefinitionJson,
    string? Title,
    string? Description,
    RawSchemaModel InputSchema,
    EquatableArray<JsonMember> InputSchemaMembers,
    EquatableArray<JsonMember> InputProperties,
    EquatableArray<string> InputRequired,
    RawSchemaModel? OutputSchema,
    EquatableArray<JsonMember> OtherMembersJson);

/// <summary>One member of a JSON object: its name and its value as compact JSON.</summary>
internal sealed record JsonMember(string Name, string Json);
