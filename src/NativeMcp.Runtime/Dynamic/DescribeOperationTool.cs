using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Binding;
using NativeMcp.Runtime.Serving;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Dynamic;

/// <summary>
/// <c>describe_operation</c>: each named operation's definition, byte for byte the tools/list entry it would have as a
/// listed tool (description, input and output schema, annotations), so the model sees what the normal mode shows.
/// </summary>
internal sealed class DescribeOperationTool(OperationSet operations) : OperationTool(operations)
{
    public const string ToolName = DynamicToolNames.Describe;

    private static readonly InputField Names = new("names", InputKind.Array) { Required = true, MinItems = 1, MaxItems = 20, Items = new InputField("names[]", InputKind.String) };
    private static readonly string[] Known = { "names" };

    protected override string Name => ToolName;

    /// <summary>The tools/list entry: the same for every server, so the mode's tools/list does not grow with the API.</summary>
    public static ReadOnlySpan<byte> Entry => """{"name":"describe_operation","title":"Describe operations","description":"The full definitions of operations that search_operations found: description, input schema (the arguments call_operation takes), output schema and annotations, exactly as a listed tool would have them.","inputSchema":{"type":"object","properties":{"names":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":20,"description":"Operation names, as search_operations gives them."}},"required":["names"],"additionalProperties":false},"annotations":{"title":"Describe operations","readOnlyHint":true,"openWorldHint":false}}"""u8;

    public override ReadOnlySpan<byte> ListEntry => Entry;

    public override OperationTool With(OperationSet narrowed) => new DescribeOperationTool(narrowed);

    protected override ValueTask<CallToolResult> Invoke(RequestContext<CallToolRequestParams> request, IDictionary<string, JsonElement>? arguments, ArgumentErrors errors, CancellationToken cancellationToken)
    {
        ArgumentBinder.RejectUnknown(arguments, Known, errors);
        var names = ArgumentBinder.ReadJson(arguments, Names, errors);
        if (errors.HasErrors || names is null) return new(errors.ToResult(ToolName));

        var tools = new List<McpServerTool>();
        var unknown = new StringBuilder();
        foreach (var item in names.Value.EnumerateArray())
        {
            var name = item.GetString()!;
            if (Operations.TryGet(name, out var tool)) tools.Add(tool);
            else unknown.Append(unknown.Length == 0 ? "" : "\n").Append(UnknownText(name, Operations.Catalog.Suggest(name, Operations.Includes)));
        }
        // All or nothing: a model that mistyped one name fixes it and asks again, rather than missing it unnoticed.
        if (unknown.Length > 0) return new(Error(unknown.ToString()));

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(8192);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray("operations");
            foreach (var tool in tools)
            {
                if (tool is IListedTool listed) w.WriteRawValue(listed.ListEntry, skipInputValidation: true);
                else JsonSerializer.Serialize(w, tool.ProtocolTool, Stdio.ProtocolOutput.TypeInfo<Tool>());
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return new(Text(Encoding.UTF8.GetString(buffer.WrittenSpan)));
    }
}
