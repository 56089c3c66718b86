using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Binding;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Dynamic;

/// <summary>
/// <c>search_operations</c>: free text over the operations' names, titles, descriptions, toolsets and paths, best
/// match first, each result its name, toolset and one line. Without a query: the toolsets and their sizes, or, with a
/// toolset, that toolset's operations.
/// </summary>
internal sealed class SearchOperationsTool(OperationSet operations) : OperationTool(operations)
{
    public const string ToolName = DynamicToolNames.Search;

    private const int DefaultLimit = 10;

    private static readonly InputField Query = new("query", InputKind.String);
    private static readonly InputField Toolset = new("toolset", InputKind.String);
    private static readonly InputField Limit = new("limit", InputKind.Integer) { Minimum = 1, Maximum = 50 };
    private static readonly string[] Known = { "query", "toolset", "limit" };

    protected override string Name => ToolName;

    /// <summary>The tools/list entry: the same for every server, so the mode's tools/list does not grow with the API.</summary>
    public static ReadOnlySpan<byte> Entry => """{"name":"search_operations","title":"Search the API's operations","description":"Finds operations of this server's API by what they do: free text over their names, titles, descriptions, toolsets and paths, best match first. Each result is an operation's name, toolset and one-line summary; describe_operation gives an operation's arguments and call_operation calls it. Without a query it lists the toolsets (with a toolset, that toolset's operations).","inputSchema":{"type":"object","properties":{"query":{"type":"string","description":"What the operation does, in a few words (e.g. \"create an issue\", \"list pull request reviews\")."},"toolset":{"type":"string","description":"Only operations of this toolset."},"limit":{"type":"integer","minimum":1,"maximum":50,"default":10,"description":"At most this many results."}},"additionalProperties":false},"annotations":{"title":"Search the API's operations","readOnlyHint":true,"openWorldHint":false}}"""u8;

    public override ReadOnlySpan<byte> ListEntry => Entry;

    public override OperationTool With(OperationSet narrowed) => new SearchOperationsTool(narrowed);

    protected override ValueTask<CallToolResult> Invoke(RequestContext<CallToolRequestParams> request, IDictionary<string, JsonElement>? arguments, ArgumentErrors errors, CancellationToken cancellationToken)
    {
        ArgumentBinder.RejectUnknown(arguments, Known, errors);
        var query = ArgumentBinder.ReadString(arguments, Query, errors)?.Trim() ?? "";
        var toolset = ArgumentBinder.ReadString(arguments, Toolset, errors);
        var limit = (int)(ArgumentBinder.ReadInteger(arguments, Limit, errors) ?? DefaultLimit);
        if (errors.HasErrors) return new(errors.ToResult(ToolName));

        var catalog = Operations.Catalog;
        if (toolset is not null && !Enumerable.Range(0, catalog.Names.Length).Any(i => catalog.Toolsets[i] == toolset && Operations.Includes(i)))
        {
            return new(Error("Unknown toolset '" + toolset + "'; the toolsets are: " + string.Join(", ", ToolsetCounts().Select(t => t.Name)) + "."));
        }
        bool Include(int i) => Operations.Includes(i) && (toolset is null || catalog.Toolsets[i] == toolset);

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            // An API whose operations have no toolsets at all answers an empty query with its operations instead.
            var toolsets = query.Length == 0 && toolset is null ? ToolsetCounts() : null;
            if (toolsets is { Count: > 0 })
            {
                w.WriteStartArray("toolsets");
                foreach (var (name, count) in toolsets)
                {
                    w.WriteStartObject();
                    w.WriteString("name", name);
                    w.WriteNumber("operations", count);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteString("hint", "Search with a query (and optionally a toolset) to find operations.");
            }
            else
            {
                List<int> found;
                int total;
                if (query.Length == 0)
                {
                    found = Enumerable.Range(0, catalog.Names.Length).Where(Include).ToList();
                    total = found.Count;
                }
                else
                {
                    found = catalog.Search(query, Include, out total);
                }
                w.WriteStartArray("operations");
                foreach (var i in found.Take(limit))
                {
                    w.WriteStartObject();
                    w.WriteString("name", catalog.Names[i]);
                    if (catalog.Toolsets[i].Length > 0) w.WriteString("toolset", catalog.Toolsets[i]);
                    w.WriteString("summary", catalog.Summaries[i]);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteNumber("total", total);
                if (total == 0) w.WriteString("hint", "Nothing matches; try other words, or search_operations without a query for the toolsets.");
            }
            w.WriteEndObject();
        }
        return new(Text(Encoding.UTF8.GetString(buffer.WrittenSpan)));
    }

    /// <summary>The toolsets this caller's operations belong to, sorted, each with how many operations it has.</summary>
    private List<(string Name, int Count)> ToolsetCounts()
    {
        var catalog = Operations.Catalog;
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < catalog.Names.Length; i++)
        {
            if (catalog.Toolsets[i].Length == 0 || !Operations.Includes(i)) continue;
            counts[catalog.Toolsets[i]] = (counts.TryGetValue(catalog.Toolsets[i], out var c) ? c : 0) + 1;
        }
        return counts.Select(p => (p.Key, p.Value)).ToList();
    }
}
