using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Serving;

/// <summary>
/// Server options as one caller sees them: only the tools its scopes allow (a tool outside them is absent
/// from tools/list and a call to it answers as for an unknown tool), each tool logging its calls. Built once
/// per scope set (a handful: never per key, so unknown keys cannot grow it), sharing everything else (info,
/// resources, prompts, handlers) with the full options. The caller's key id reaches the log with the request.
/// </summary>
public sealed class ScopedOptions
{
    private readonly McpServerOptions _full;
    private readonly IReadOnlyDictionary<string, string>? _scopeOverrides;
    private readonly CallLog? _log;
    private readonly ConcurrentDictionary<string, McpServerOptions> _cache = new(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<string, string>? _groups;
    private readonly IReadOnlySet<string>? _toolsets;

    /// <param name="groups">Each tool's group (toolset).</param>
    /// <param name="toolsets">The groups served (<c>--toolsets</c>); null for every tool. A tool without a group is then left out too.</param>
    public ScopedOptions(McpServerOptions full, IReadOnlyDictionary<string, string>? scopeOverrides, CallLog? log,
        IReadOnlyDictionary<string, string>? groups = null, IReadOnlySet<string>? toolsets = null)
    {
        _full = full;
        _scopeOverrides = scopeOverrides;
        _log = log;
        _groups = groups;
        _toolsets = toolsets;
    }

    /// <summary>The toolsets a server has, sorted; <paramref name="requested"/> names not among them go to <paramref name="unknown"/>.</summary>
    public static string[] KnownToolsets(IReadOnlyDictionary<string, string>? groups, IEnumerable<string> requested, out List<string> unknown)
    {
        var known = (groups?.Values ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        unknown = requested.Where(r => Array.IndexOf(known, r) < 0).ToList();
        return known;
    }

    /// <param name="scopes">The caller's scopes; null for all tools (stdio without --read-only).</param>
    /// <summary>How many option sets are cached (one per distinct scope set).</summary>
    internal int CachedCount => _cache.Count;

    public McpServerOptions For(IReadOnlySet<string>? scopes) =>
        _cache.GetOrAdd(scopes is null ? "*" : string.Join(",", scopes.Order(StringComparer.Ordinal)), _ => Build(scopes));

    private McpServerOptions Build(IReadOnlySet<string>? scopes)
    {
        bool Allowed(string name) =>
            (scopes is null || scopes.Contains(ToolScopes.For(name, _scopeOverrides)))
            && (_toolsets is null || (_groups is not null && _groups.TryGetValue(name, out var group) && _toolsets.Contains(group)));

        var tools = new McpServerPrimitiveCollection<McpServerTool>();
        // Dynamic mode: the meta tools stay, over the operations this caller may use by the same rules (none: no meta tools).
        var narrowed = new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
        foreach (var tool in _full.ToolCollection ?? [])
        {
            McpServerTool served;
            if (tool is INarrowableTool narrowable)
            {
                if (narrowable.Narrow(Allowed, narrowed) is not { } kept) continue;
                served = kept;
            }
            else
            {
                // By Id (the name), not ProtocolTool: generated tools build their metadata only when listed.
                if (!Allowed(((IMcpServerPrimitive)tool).Id)) continue;
                served = tool;
            }
            tools.Add(_log is null ? served : new LoggedTool(served, _log));
        }
        return new McpServerOptions
        {
            ServerInfo = _full.ServerInfo,
            ServerInstructions = _full.ServerInstructions,
            Capabilities = _full.Capabilities,
            ProtocolVersion = _full.ProtocolVersion,
            ToolCollection = tools,
            ResourceCollection = _full.ResourceCollection,
            PromptCollection = _full.PromptCollection,
            Handlers = _full.Handlers,
        };
    }
}
