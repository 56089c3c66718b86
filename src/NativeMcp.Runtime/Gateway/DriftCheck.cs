using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// Compares an upstream's live tool definitions with the lock: which locked tools may be served, and for each
/// refused one a sentence saying what changed (never the whole definition: it may be long).
/// </summary>
internal static class DriftCheck
{
    /// <summary>Upstream tool name → why it is refused; a tool absent from the result is served.</summary>
    /// <param name="key">The member that identifies a definition: name (tools, prompts), uri (resources), uriTemplate (templates).</param>
    /// <param name="what">What the definitions are, for the refusal's text.</param>
    public static Dictionary<string, string> Refusals(IReadOnlyDictionary<string, LockedTool> locked, IReadOnlyList<JsonElement> live, DriftPolicy policy, string key = "name", string what = "tool")
    {
        var byName = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var tool in live)
        {
            if (tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty(key, out var name) && name.ValueKind == JsonValueKind.String)
            {
                byName[name.GetString()!] = tool;
            }
        }
        var refusals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, lockedTool) in locked)
        {
            if (!byName.TryGetValue(name, out var current))
            {
                refusals[name] = "the upstream no longer offers the " + what + " '" + name + "' (it is in the lock file; run nativemcp sync to review)";
                continue;
            }
            var hash = ToolDefinitionHash.Compute(current);
            if (hash == lockedTool.Hash || policy == DriftPolicy.AcceptChanges) continue;
            using var before = JsonDocument.Parse(lockedTool.CanonicalJson);
            var changes = new List<string>();
            var additive = Compare(before.RootElement, current, "", changes);
            if (policy == DriftPolicy.AllowAdditions && additive) continue;
            refusals[name] = "the upstream's definition of '" + name + "' no longer matches the lock file ("
                + (changes.Count == 0 ? "locked " + lockedTool.Hash + ", now " + hash : string.Join("; ", changes.Take(6)) + (changes.Count > 6 ? "; …" : ""))
                + "); refused until the lock is updated with nativemcp sync";
        }
        return refusals;
    }

    /// <summary>Lists the differences (JSON paths); true when every one only adds something.</summary>
    private static bool Compare(JsonElement before, JsonElement after, string path, List<string> changes)
    {
        if (before.ValueKind == JsonValueKind.Object && after.ValueKind == JsonValueKind.Object)
        {
            var additive = true;
            var afterNames = new HashSet<string>(after.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal);
            foreach (var property in before.EnumerateObject())
            {
                var at = path.Length == 0 ? property.Name : path + "." + property.Name;
                if (!after.TryGetProperty(property.Name, out var now))
                {
                    changes.Add(at + " removed");
                    additive = false;
                }
                else
                {
                    additive &= Compare(property.Value, now, at, changes);
                }
                afterNames.Remove(property.Name);
            }
            foreach (var added in afterNames.Order(StringComparer.Ordinal))
            {
                var at = path.Length == 0 ? added : path + "." + added;
                changes.Add(at + " added");
                // A new entry in "required" is not an addition: it makes callers that were valid invalid.
            }
            return additive;
        }
        if (before.ValueKind == JsonValueKind.Array && after.ValueKind == JsonValueKind.Array)
        {
            var was = before.EnumerateArray().Select(e => JsonCanonicalizer.Canonicalize(e)).Select(Convert.ToBase64String).ToHashSet(StringComparer.Ordinal);
            var now = after.EnumerateArray().Select(e => JsonCanonicalizer.Canonicalize(e)).Select(Convert.ToBase64String).ToList();
            if (was.SetEquals(now) && was.Count == now.Count) return true;
            changes.Add(path + " changed");
            // More required inputs break callers; only arrays that grew elsewhere count as additions.
            var grewOnly = was.IsSubsetOf(now) && !path.EndsWith("required", StringComparison.Ordinal);
            return grewOnly;
        }
        if (JsonCanonicalizer.Canonicalize(before).AsSpan().SequenceEqual(JsonCanonicalizer.Canonicalize(after))) return true;
        changes.Add(path + " changed");
        return false;
    }
}
