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
using NativeMcp.Runtime.Results;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// A tool of the gateway that is a tool of an MCP upstream: listed from its compiled tools/list entry (no
/// upstream is contacted to list it), called by forwarding the arguments as they came (JSON, not re-serialised)
/// with the hidden fixed values put in, and answered with the upstream's result, <c>structuredContent</c>
/// included. Before anything goes upstream the arguments are checked against the locked input schema, compiled:
/// a wrong argument is an <c>isError</c> result naming the field, as for every other tool.
/// </summary>
public sealed class ForwardedTool : McpServerTool, IMcpServerPrimitive, IPassThroughTool
{
    private static readonly JsonTypeInfo<Tool> ToolInfo = (JsonTypeInfo<Tool>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool));

    private readonly byte[] _toolJson;
    private readonly Dictionary<string, JsonElement>? _fixed;
    private readonly SchemaNode? _inputSchema;
    private Tool? _protocolTool;

    /// <param name="name">The name the gateway exposes (after prefix and alias).</param>
    /// <param name="upstreamToolName">The tool's name at the upstream.</param>
    /// <param name="toolJsonUtf8">The exposed tools/list entry, computed at compile time.</param>
    /// <param name="fixedArgumentsJsonUtf8">A JSON object of hidden arguments and their fixed values; empty for none.</param>
    /// <param name="inputSchema">The locked input schema, compiled; null forwards without checking (the upstream checks).</param>
    /// <param name="upstream">The upstream's one shared connection.</param>
    public ForwardedTool(string name, string upstreamToolName, ReadOnlySpan<byte> toolJsonUtf8, ReadOnlySpan<byte> fixedArgumentsJsonUtf8, SchemaNode? inputSchema, McpUpstream upstream)
    {
        _inputSchema = inputSchema;
        Name = name;
        UpstreamToolName = upstreamToolName;
        Upstream = upstream;
        _toolJson = toolJsonUtf8.ToArray();
        if (!fixedArgumentsJsonUtf8.IsEmpty)
        {
            using var document = JsonDocument.Parse(fixedArgumentsJsonUtf8.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new ArgumentException("The fixed arguments of '" + name + "' must be a JSON object.", nameof(fixedArgumentsJsonUtf8));
            _fixed = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject()) _fixed[property.Name] = property.Value.Clone();
        }
    }

    public string Name { get; }

    public string UpstreamToolName { get; }

    public McpUpstream Upstream { get; }

    string IMcpServerPrimitive.Id => Name;

    public override Tool ProtocolTool => _protocolTool ??= JsonSerializer.Deserialize(_toolJson, ToolInfo)!;

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default) =>
        (await AnswerAsync(request, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>The upstream's answer: a stdio child's result bytes as it wrote them, when nothing in them needs changing.</summary>
    public ValueTask<ToolAnswer> AnswerAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var arguments = request.Params?.Arguments;
        if (_fixed is not null)
        {
            // A fixed value always wins: the caller cannot see the argument, so it must not be able to set it.
            var merged = arguments is null ? new Dictionary<string, JsonElement>(StringComparer.Ordinal) : new Dictionary<string, JsonElement>(arguments, StringComparer.Ordinal);
            foreach (var (key, value) in _fixed) merged[key] = value;
            arguments = merged;
        }
        if (_inputSchema is not null)
        {
            // Against the locked (whole) schema, fixed values in: a hidden required argument is satisfied by its value.
            var errors = new ArgumentErrors();
            if (!SchemaValidator.ValidateArguments(arguments, _inputSchema, errors)) return new ValueTask<ToolAnswer>(ToolAnswer.Of(errors.ToResult(Name)));
        }
        return Upstream.ForwardAsync(Name, UpstreamToolName, arguments, request.Params?.Meta, request.Server, cancellationToken);
    }
}
