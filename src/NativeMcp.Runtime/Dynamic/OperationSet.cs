using System;
using System.Collections.Generic;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Dynamic;

/// <summary>
/// The operations one caller may search, describe and call in dynamic mode: the generated tools themselves (the same
/// binder, validator and handler as a listed tool), narrowed by <see cref="Serving.ScopedOptions"/> with the rules
/// that narrow listed tools (scope, toolset). An operation outside the set is unknown to all three meta tools.
/// </summary>
public sealed class OperationSet
{
    private readonly Lazy<OperationCatalog> _catalog;
    private readonly Dictionary<string, McpServerTool> _tools;

    /// <param name="catalog">The compiled catalog, built at the first search, description or call (not at start-up).</param>
    public OperationSet(Func<OperationCatalog> catalog, IEnumerable<McpServerTool> operations)
        : this(new Lazy<OperationCatalog>(catalog), new Dictionary<string, McpServerTool>(StringComparer.Ordinal))
    {
        foreach (var tool in operations) _tools[((IMcpServerPrimitive)tool).Id] = tool;
    }

    private OperationSet(Lazy<OperationCatalog> catalog, Dictionary<string, McpServerTool> tools)
    {
        _catalog = catalog;
        _tools = tools;
    }

    public OperationCatalog Catalog => _catalog.Value;

    public int Count => _tools.Count;

    public bool TryGet(string name, out McpServerTool tool) => _tools.TryGetValue(name, out tool!);

    /// <summary>Whether the catalog's operation <paramref name="index"/> is in this set.</summary>
    public bool Includes(int index) => _tools.ContainsKey(Catalog.Names[index]);

    /// <summary>The operations whose names <paramref name="keep"/> allows, sharing the catalog.</summary>
    public OperationSet Narrow(Func<string, bool> keep)
    {
        var kept = new Dictionary<string, McpServerTool>(StringComparer.Ordinal);
        foreach (var pair in _tools)
        {
            if (keep(pair.Key)) kept[pair.Key] = pair.Value;
        }
        return new OperationSet(_catalog, kept);
    }

    /// <summary>The three meta tools' tools/list entries (what <c>nativemcp check</c> counts for the dynamic mode).</summary>
    public static string[] MetaToolEntries() => new[]
    {
        System.Text.Encoding.UTF8.GetString(SearchOperationsTool.Entry),
        System.Text.Encoding.UTF8.GetString(DescribeOperationTool.Entry),
        System.Text.Encoding.UTF8.GetString(CallOperationTool.Entry),
    };

    /// <summary>The three tools that are listed in the operations' stead.</summary>
    public McpServerTool[] MetaTools() => new McpServerTool[] { new SearchOperationsTool(this), new DescribeOperationTool(this), new CallOperationTool(this) };
}
