using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using NativeMcp.Runtime.Gateway;

namespace NativeMcp.Cli;

/// <summary>One upstream as <c>nativemcp sync</c> read it, each definition canonical (RFC 8785) with its hash.</summary>
internal sealed record LockedUpstreamState(
    string Name,
    string ProtocolVersion,
    byte[] ServerInfo,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, (string Hash, byte[] Canonical)>> Sections);

/// <summary>
/// The lock file (<c>&lt;spec&gt;.lock.json</c>): written by sync, read back by sync to diff and by the generator's
/// lock front end. specs/README.md documents the format.
/// </summary>
internal static class LockFile
{
    /// <summary>The sections of an upstream's entry, each keyed by what identifies a definition in it.</summary>
    public static readonly (string Section, string Key, string What)[] Sections =
    {
        ("tools", "name", "tool"),
        ("resources", "uri", "resource"),
        ("resourceTemplates", "uriTemplate", "resource template"),
        ("prompts", "name", "prompt"),
    };

    public static LockedUpstreamState FromDefinitions(string name, UpstreamDefinitions definitions)
    {
        var sections = new Dictionary<string, IReadOnlyDictionary<string, (string, byte[])>>(StringComparer.Ordinal);
        foreach (var (section, key, _) in Sections)
        {
            var items = section switch
            {
                "tools" => definitions.Tools,
                "resources" => definitions.Resources,
                "resourceTemplates" => definitions.ResourceTemplates,
                _ => definitions.Prompts,
            };
            var entries = new SortedDictionary<string, (string, byte[])>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(key, out var id) || id.ValueKind != JsonValueKind.String) continue;
                var canonical = JsonCanonicalizer.Canonicalize(item);
                entries[id.GetString()!] = (ToolDefinitionHash.Of(canonical), canonical);
            }
            sections[section] = entries;
        }
        var serverInfo = definitions.ServerInfo is { } info ? JsonCanonicalizer.Canonicalize(info) : "{}"u8.ToArray();
        return new LockedUpstreamState(name, definitions.ProtocolVersion ?? "", serverInfo, sections);
    }

    /// <summary>The upstreams of an existing lock; empty when there is none. Throws <see cref="JsonException"/> when it is not JSON.</summary>
    public static Dictionary<string, LockedUpstreamState> Read(string path)
    {
        var result = new Dictionary<string, LockedUpstreamState>(StringComparer.Ordinal);
        if (!File.Exists(path)) return result;
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        if (!document.RootElement.TryGetProperty("upstreams", out var upstreams) || upstreams.ValueKind != JsonValueKind.Object) return result;
        foreach (var upstream in upstreams.EnumerateObject())
        {
            var sections = new Dictionary<string, IReadOnlyDictionary<string, (string, byte[])>>(StringComparer.Ordinal);
            foreach (var (section, _, _) in Sections)
            {
                var entries = new SortedDictionary<string, (string, byte[])>(StringComparer.Ordinal);
                if (upstream.Value.TryGetProperty(section, out var items) && items.ValueKind == JsonValueKind.Object)
                {
                    foreach (var item in items.EnumerateObject())
                    {
                        var hash = item.Value.TryGetProperty("hash", out var h) ? h.GetString() ?? "" : "";
                        var canonical = item.Value.TryGetProperty("definition", out var d) ? JsonCanonicalizer.Canonicalize(d) : [];
                        entries[item.Name] = (hash, canonical);
                    }
                }
                sections[section] = entries;
            }
            var version = upstream.Value.TryGetProperty("protocolVersion", out var v) ? v.GetString() ?? "" : "";
            var info = upstream.Value.TryGetProperty("serverInfo", out var i) ? JsonCanonicalizer.Canonicalize(i) : "{}"u8.ToArray();
            result[upstream.Name] = new LockedUpstreamState(upstream.Name, version, info, sections);
        }
        return result;
    }

    /// <summary>The lock's text: upstreams and entries sorted by name, each definition canonical and indented for review.</summary>
    public static byte[] Write(IEnumerable<LockedUpstreamState> upstreams)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("nativemcp", 1);
            w.WriteStartObject("upstreams");
            foreach (var upstream in upstreams.OrderBy(u => u.Name, StringComparer.Ordinal))
            {
                w.WriteStartObject(upstream.Name);
                w.WriteString("protocolVersion", upstream.ProtocolVersion);
                w.WritePropertyName("serverInfo");
                WriteCanonical(w, upstream.ServerInfo);
                foreach (var (section, _, _) in Sections)
                {
                    var entries = upstream.Sections[section];
                    // Tools are always written (the generator reads them); the others only when the server has some.
                    if (entries.Count == 0 && section != "tools") continue;
                    w.WriteStartObject(section);
                    foreach (var (name, (hash, canonical)) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        w.WriteStartObject(name);
                        w.WriteString("hash", hash);
                        w.WritePropertyName("definition");
                        WriteCanonical(w, canonical);
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteCanonical(Utf8JsonWriter w, byte[] canonical)
    {
        using var document = JsonDocument.Parse(canonical);
        document.RootElement.WriteTo(w);
    }

    /// <summary>What changed from <paramref name="before"/> to <paramref name="after"/>, one line each: + new, ~ changed, - removed.</summary>
    public static List<string> Diff(IReadOnlyDictionary<string, LockedUpstreamState> before, IReadOnlyDictionary<string, LockedUpstreamState> after)
    {
        var lines = new List<string>();
        foreach (var name in before.Keys.Union(after.Keys).OrderBy(n => n, StringComparer.Ordinal))
        {
            before.TryGetValue(name, out var old);
            after.TryGetValue(name, out var now);
            if (old is null) lines.Add("+ upstream " + name);
            else if (now is null)
            {
                lines.Add("- upstream " + name);
                continue;
            }
            foreach (var (section, _, what) in Sections)
            {
                var was = old?.Sections[section] ?? new Dictionary<string, (string, byte[])>();
                var isNow = now!.Sections[section];
                foreach (var entry in was.Keys.Union(isNow.Keys).OrderBy(n => n, StringComparer.Ordinal))
                {
                    var had = was.TryGetValue(entry, out var a);
                    var has = isNow.TryGetValue(entry, out var b);
                    if (!had) lines.Add("+ " + name + " " + what + " " + entry);
                    else if (!has) lines.Add("- " + name + " " + what + " " + entry);
                    else if (a.Hash != b.Hash) lines.Add("~ " + name + " " + what + " " + entry + ": " + Changes(a.Canonical, b.Canonical));
                }
            }
        }
        return lines;
    }

    /// <summary>Which top-level members of a definition differ (a tool's description, inputSchema...).</summary>
    private static string Changes(byte[] before, byte[] after)
    {
        using var a = JsonDocument.Parse(before.Length == 0 ? "{}"u8.ToArray() : before);
        using var b = JsonDocument.Parse(after);
        var members = new List<string>();
        var old = a.RootElement.ValueKind == JsonValueKind.Object ? a.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText()) : new Dictionary<string, string>();
        var now = b.RootElement.ValueKind == JsonValueKind.Object ? b.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText()) : new Dictionary<string, string>();
        foreach (var key in old.Keys.Union(now.Keys).OrderBy(k => k, StringComparer.Ordinal))
        {
            if (!old.TryGetValue(key, out var x)) members.Add(key + " added");
            else if (!now.TryGetValue(key, out var y)) members.Add(key + " removed");
            else if (x != y) members.Add(key + " changed");
        }
        return members.Count == 0 ? "hash changed" : string.Join(", ", members);
    }
}
