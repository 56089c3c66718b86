using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Binding;
using NativeMcp.Runtime.Serving;

namespace NativeMcp.Runtime.Dynamic;

/// <summary>
/// What the three meta tools of the dynamic mode share: their tools/list entry as fixed bytes (the same for every
/// server, so the mode's tools/list does not grow with the API), the operations they work on, and the answers.
/// </summary>
internal abstract class OperationTool(OperationSet operations) : McpServerTool, IMcpServerPrimitive, IListedTool, INarrowableTool
{
    private Tool? _protocolTool;

    public OperationSet Operations { get; } = operations;

    /// <summary>The same tool over the operations another caller may use.</summary>
    public abstract OperationTool With(OperationSet narrowed);

    public McpServerTool? Narrow(Func<string, bool> allowed, Dictionary<object, object> narrowed)
    {
        if (!narrowed.TryGetValue(Operations, out var set)) narrowed[Operations] = set = Operations.Narrow(allowed);
        var operations = (OperationSet)set;
        return operations.Count == 0 ? null : With(operations);
    }

    protected abstract string Name { get; }

    public abstract ReadOnlySpan<byte> ListEntry { get; }

    string IMcpServerPrimitive.Id => Name;

    public override Tool ProtocolTool => _protocolTool ??= JsonSerializer.Deserialize(ListEntry, (JsonTypeInfo<Tool>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool)))!;

    public override IReadOnlyList<object> Metadata => Array.Empty<object>();

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        var errors = new ArgumentErrors();
        return Invoke(request, request.Params?.Arguments, errors, cancellationToken);
    }

    protected abstract ValueTask<CallToolResult> Invoke(RequestContext<CallToolRequestParams> request, IDictionary<string, JsonElement>? arguments, ArgumentErrors errors, CancellationToken cancellationToken);

    protected static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    protected static CallToolResult Error(string text) => new() { IsError = true, Content = [new TextContentBlock { Text = text }] };

    /// <summary>An unknown (or, for this caller, unavailable) operation: the error names it and offers the nearest names.</summary>
    protected CallToolResult Unknown(string name)
    {
        var suggestions = Operations.Catalog.Suggest(name, Operations.Includes);
        return Error(UnknownText(name, suggestions));
    }

    protected static string UnknownText(string name, List<string> suggestions) =>
        "Unknown operation '" + name + "'" + (suggestions.Count == 0 ? "" : "; did you mean " + string.Join(", ", suggestions) + "?") +
        " search_operations finds operations by what they do.";

    protected static JsonWriterOptions WriterOptions => new() { Encoder = Stdio.ProtocolOutput.Encoder };
}
