using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Binding;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Dynamic;

/// <summary>
/// <c>call_operation</c>: runs one operation as if it had been called as a listed tool: the request is handed to the
/// operation's generated tool, so its binder checks the arguments (an error names the field) and its handler sends
/// the request. Only operations in this caller's set can be called: under a read scope a write operation is unknown.
/// </summary>
internal sealed class CallOperationTool(OperationSet operations) : OperationTool(operations)
{
    public const string ToolName = DynamicToolNames.Call;

    private static readonly InputField OperationName = new("name", InputKind.String) { Required = true };
    private static readonly string[] Known = { "name", "arguments" };

    protected override string Name => ToolName;

    /// <summary>The tools/list entry: the same for every server, so the mode's tools/list does not grow with the API.</summary>
    public static ReadOnlySpan<byte> Entry => """{"name":"call_operation","title":"Call an operation","description":"Calls one operation of this server's API by name (search_operations finds it). 'arguments' is an object matching the operation's input schema, which describe_operation gives; it is checked as for a listed tool, and a wrong argument is an error naming the field. The answer is the operation's result.","inputSchema":{"type":"object","properties":{"name":{"type":"string","description":"The operation's name."},"arguments":{"type":"object","description":"The operation's arguments."}},"required":["name"],"additionalProperties":false},"annotations":{"title":"Call an operation","readOnlyHint":false,"destructiveHint":true,"openWorldHint":true}}"""u8;

    public override ReadOnlySpan<byte> ListEntry => Entry;

    public override OperationTool With(OperationSet narrowed) => new CallOperationTool(narrowed);

    protected override ValueTask<CallToolResult> Invoke(RequestContext<CallToolRequestParams> request, IDictionary<string, JsonElement>? arguments, ArgumentErrors errors, CancellationToken cancellationToken)
    {
        var name = ArgumentBinder.ReadString(arguments, OperationName, errors);
        var strays = arguments?.Keys.Where(k => Array.IndexOf(Known, k) < 0).ToList() ?? new List<string>();
        if (strays.Count > 0)
        {
            // The commonest slip: the operation's arguments given beside the name instead of inside 'arguments'.
            foreach (var stray in strays) errors.Add(stray, "is not a parameter of call_operation; put the operation's arguments inside 'arguments': {\"" + stray + "\": ...}");
        }
        Dictionary<string, JsonElement>? inner = null;
        if (arguments is not null && arguments.TryGetValue("arguments", out var given) && given.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            inner = ReadArguments(given, errors);
        }
        if (errors.HasErrors || name is null) return new(errors.ToResult(ToolName));
        if (!Operations.TryGet(name, out var tool)) return new(Unknown(name));

        // The operation's own tool answers, with its own name in every message: the same request, the same checks.
        request.Params = new CallToolRequestParams { Name = name, Arguments = inner, Meta = request.Params?.Meta };
        request.MatchedPrimitive = tool;
        return tool.InvokeAsync(request, cancellationToken);
    }

    /// <summary>An object; a string holding one (models sometimes send the arguments as JSON text) is read as that object.</summary>
    private static Dictionary<string, JsonElement>? ReadArguments(JsonElement given, ArgumentErrors errors)
    {
        var value = given;
        if (given.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var document = JsonDocument.Parse(given.GetString()!);
                value = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                errors.Add("arguments", ArgumentRules.Type("an object", JsonValueKind.String));
                return null;
            }
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("arguments", ArgumentRules.Type("an object", value.ValueKind));
            return null;
        }
        var inner = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject()) inner[property.Name] = property.Value;
        return inner;
    }
}
