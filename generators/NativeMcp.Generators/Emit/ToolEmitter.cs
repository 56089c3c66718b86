using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Emit;

/// <summary>
/// One sealed <c>McpServerTool</c> per spec tool: protocol metadata with the input schema as a UTF-8
/// constant, a binder that validates every declared constraint, and the call into the typed client.
/// </summary>
internal static class ToolEmitter
{
    private const string Binding = "global::NativeMcp.Runtime.Binding";
    private const string Protocol = "global::ModelContextProtocol.Protocol";
    private const string Json = "global::System.Text.Json";
    private const string Vocabulary = "global::NativeMcp.Runtime.Vocabulary";



    public static string Emit(SpecModel spec, ToolModel tool, string ns)
    {
        var w = new SourceWriter().Header();
        var className = tool.ClassName;
        var clientName = spec.Names.ClientClass;

        w.Line("namespace " + ns + ";");
        w.Line();
        w.Line("/// <summary>Tool <c>" + CSharp.Xml(tool.Name) + "</c>: " + CSharp.Xml(CSharp.FirstLine(tool.Description)) + "</summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"NativeMcp.Generators\", \"1.0.0\")]");
        // Re-implementing IMcpServerPrimitive keeps the collection's key (Id) off ProtocolTool, so the tool's
        // metadata (schema parse, _meta) is built at the first tools/list, not before initialize.
        w.Line("internal sealed class " + className + " : global::ModelContextProtocol.Server.McpServerTool, global::ModelContextProtocol.Server.IMcpServerPrimitive, global::NativeMcp.Runtime.Serving.IListedTool");
        w.Line("{");
        w.Line("public const string Name = " + CSharp.Literal(tool.Name) + ";");
        w.Line();
        w.Line("/// <summary>The tool's tools/list entry, computed from the spec at compile time: published exactly as written.</summary>");
        w.Line("internal static global::System.ReadOnlySpan<byte> ListJsonUtf8 => " + CSharp.Utf8Json(tool.ListJson) + ";");
        w.Line();
        if (tool.InputSchema is null)
        {
            w.Line("private static readonly string[] KnownArguments = { " + string.Join(", ", tool.Inputs.Select(i => CSharp.Literal(i.Name))) + " };");
            w.Line();
        }
        if (tool.Kind == ToolKind.Http) EmitResultSpec(w, tool);
        if (tool.Sql is { } sql) SqlEmitter.EmitStatement(w, sql);
        EmitDefaults(w, tool);

        // Only upstream tools hold the API client and SQL tools their database; static and hand-written tools need neither.
        var usesApi = tool.Kind == ToolKind.Http;
        var usesDatabase = tool.Kind == ToolKind.Sql;
        if (usesApi) w.Line("private readonly " + clientName + " _api;");
        if (usesDatabase) w.Line("private readonly " + SqlEmitter.DatabaseType + " _database;");
        w.Line("private " + Protocol + ".Tool? _protocolTool;");
        w.Line();
        w.Line("public " + className + "(" + (usesApi ? clientName + " api" : usesDatabase ? SqlEmitter.DatabaseType + " database" : "") + ")");
        w.Line("{");
        if (usesApi) w.Line("_api = api;");
        if (usesDatabase) w.Line("_database = database;");
        w.Line("}");
        w.Line();
        w.Line("string global::ModelContextProtocol.Server.IMcpServerPrimitive.Id => Name;");
        w.Line();
        w.Line("global::System.ReadOnlySpan<byte> global::NativeMcp.Runtime.Serving.IListedTool.ListEntry => ListJsonUtf8;");
        w.Line();
        w.Line("public override " + Protocol + ".Tool ProtocolTool => _protocolTool ??= CreateProtocolTool();");
        w.Line();
        // The SDK's own source-generated contract reads the entry: what tools/list returns is these bytes.
        w.Line("private static " + Protocol + ".Tool CreateProtocolTool() =>");
        w.Line("    " + Json + ".JsonSerializer.Deserialize(ListJsonUtf8, (" + Json + ".Serialization.Metadata.JsonTypeInfo<" + Protocol + ".Tool>)global::ModelContextProtocol.McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(" + Protocol + ".Tool)))!;");
        w.Line();
        w.Line("public override global::System.Collections.Generic.IReadOnlyList<object> Metadata => global::System.Array.Empty<object>();");
        w.Line();
        EmitBinder(w, tool);
        EmitInvoke(w, spec, tool);
        w.Line("}");
        w.Line();
        // Inputs and arguments live beside the tool class: as top-level types their member names (one per
        // input) can never collide with the enclosing type's name.
        if (tool.InputSchema is null) EmitFields(w, tool);
        if (SchemaNodeEmitter.HasRawSchema(tool)) SchemaNodeEmitter.EmitSchemas(w, tool);
        EmitArguments(w, tool);
        return w.ToString();
    }

    private static void EmitFields(SourceWriter w, ToolModel tool)
    {
        w.Line("/// <summary>The declared inputs of <c>" + CSharp.Xml(tool.Name) + "</c> and their constraints, read by the binder.</summary>");
        w.Line("internal static class " + tool.InputsClass);
        w.Line("{");
        foreach (var input in tool.Inputs)
        {
            w.Line("public static readonly " + Binding + ".InputField " + input.Member + " = " + FieldExpression(input) + ";");
        }
        w.Line("}");
        w.Line();
    }


    private static string FieldExpression(InputModel input) => FieldExpression(input, allowAdditional: false);

    /// <param name="allowAdditional">Outputs: objects may carry properties the spec does not list.</param>
    private static string FieldExpression(InputModel input, bool allowAdditional)
    {
        var init = new List<string>();
        if (input.Required) init.Add("Required = true");
        if (!input.Enum.IsEmpty) init.Add("Enum = new[] { " + string.Join(", ", input.Enum.Select(CSharp.Literal)) + " }");
        if (input.Minimum is { } min) init.Add("Minimum = " + min + "d");
        if (input.Maximum is { } max) init.Add("Maximum = " + max + "d");
        if (input.MinLength is { } minLength) init.Add("MinLength = " + CSharp.Int(minLength));
        if (input.MaxLength is { } maxLength) init.Add("MaxLength = " + CSharp.Int(maxLength));
        if (input.Pattern is { } pattern) init.Add("Pattern = " + CSharp.Literal(pattern));
        if (input.Format != StringFormat.None) init.Add("Format = " + Vocabulary + ".StringFormat." + input.Format);
        if (input.Items is { } items) init.Add("Items = " + FieldExpression(items, allowAdditional));
        if (!input.Properties.IsEmpty) init.Add("Properties = new[] { " + string.Join(", ", input.Properties.Select(p => FieldExpression(p, allowAdditional))) + " }");
        if (input.MinItems is { } minItems) init.Add("MinItems = " + CSharp.Int(minItems));
        if (input.MaxItems is { } maxItems) init.Add("MaxItems = " + CSharp.Int(maxItems));
        if (allowAdditional && input.Type == InputKind.Object) init.Add("AllowAdditionalProperties = true");
        var head = "new " + Binding + ".InputField(" + CSharp.Literal(input.Name) + ", " + Vocabulary + ".InputKind." + input.Type + ")";
        return init.Count == 0 ? head : head + " { " + string.Join(", ", init) + " }";
    }

    /// <summary>How the answer becomes a result: error hints, shaping, truncation, pagination, output schema.</summary>
    private static void EmitResultSpec(SourceWriter w, ToolModel tool)
    {
        w.Line("private static readonly global::NativeMcp.Runtime.Results.ResultSpec Result = new()");
        w.Line("{");
        w.Line("ToolName = Name,");
        if (!tool.Errors.IsEmpty)
        {
            w.Line("ErrorHints = new global::System.Collections.Generic.Dictionary<int, string>");
            w.Line("{");
            foreach (var hint in tool.Errors) w.Line("[" + hint.Status + "] = " + CSharp.Literal(hint.Hint) + ",");
            w.Line("},");
        }
        if (tool.Response is { } response)
        {
            if (!response.Pick.IsEmpty)
            {
                w.Line("Pick = new[]");
                w.Line("{");
                foreach (var path in response.Pick) w.Line(Segments(path) + ", // " + path.Source);
                w.Line("},");
            }
            if (!response.Omit.IsEmpty)
            {
                w.Line("Omit = new[]");
                w.Line("{");
                foreach (var path in response.Omit) w.Line(Segments(path) + ", // " + path.Source);
                w.Line("},");
            }
            if (!response.Rename.IsEmpty)
            {
                w.Line("Rename = new global::System.Collections.Generic.Dictionary<string, string>");
                w.Line("{");
                foreach (var rename in response.Rename) w.Line("[" + CSharp.Literal(rename.From) + "] = " + CSharp.Literal(rename.To) + ",");
                w.Line("},");
            }
            if (response.DropNulls) w.Line("DropNulls = true,");
            if (response.MaxBytes is { } max) w.Line("MaxBytes = " + max + ",");
        }
        if (tool.Pagination is { } pagination)
        {
            w.Line("NextCursor = " + Segments(pagination.Next) + ",");
            w.Line("NextCursorInput = " + CSharp.Literal(pagination.Input) + ",");
        }
        if (!tool.Output.IsEmpty)
        {
            w.Line("Output = new[] { " + string.Join(", ", tool.Output.Select(o => FieldExpression(o, allowAdditional: true))) + " },");
        }
        if (tool.OutputSchema is not null) w.Line("OutputSchema = " + SchemaNodeEmitter.ClassName(tool) + ".Output,");
        if (tool.OutputWrapped) w.Line("WrapResult = true,");
        w.Line("};");
        w.Line();
    }

    private static string Segments(JsonPathModel path) => "new[] { " + string.Join(", ", path.Segments.Select(CSharp.Literal)) + " }";

    private static void EmitDefaults(SourceWriter w, ToolModel tool)
    {
        foreach (var input in tool.Inputs.Where(i => i.DefaultJson is not null && (i.Type is InputKind.Array or InputKind.Object)))
        {
            w.Line("private static readonly " + Json + ".JsonElement Default" + input.Member + " = " + Json + ".JsonDocument.Parse(" + CSharp.Literal(input.DefaultJson) + ").RootElement;");
            w.Line();
        }
    }

    private static void EmitArguments(SourceWriter w, ToolModel tool)
    {
        w.Line("/// <summary>The bound arguments: required and defaulted inputs are always set.</summary>");
        var parameters = tool.Inputs.Select(i => i.ClrType + " " + i.Member);
        w.Line("internal readonly record struct " + tool.ArgumentsStruct + "(" + string.Join(", ", parameters) + ");");
    }

    private static void EmitBinder(SourceWriter w, ToolModel tool)
    {
        if (tool.InputSchema is not null)
        {
            SchemaNodeEmitter.EmitBinder(w, tool);
            return;
        }
        w.Line("/// <summary>Reads and validates the arguments; every violation is named in <paramref name=\"errors\"/>.</summary>");
        w.Line("internal static bool TryBind(global::System.Collections.Generic.IDictionary<string, " + Json + ".JsonElement>? arguments, out " + tool.ArgumentsStruct + " bound, out " + Binding + ".ArgumentErrors errors)");
        w.Line("{");
        w.Line("errors = new " + Binding + ".ArgumentErrors();");
        w.Line(Binding + ".ArgumentBinder.RejectUnknown(arguments, KnownArguments, errors);");
        foreach (var input in tool.Inputs)
        {
            var read = input.Type switch
            {
                InputKind.String => "ReadString",
                InputKind.Integer => "ReadInteger",
                InputKind.Number => "ReadNumber",
                InputKind.Boolean => "ReadBoolean",
                _ => "ReadJson",
            };
            var call = Binding + ".ArgumentBinder." + read + "(arguments, " + tool.InputsClass + "." + input.Member + ", errors)";
            if (input.DefaultJson is { } def)
            {
                var fallback = input.Type is InputKind.Array or InputKind.Object ? "Default" + input.Member : DefaultExpression(input);
                call += " ?? " + fallback;
            }
            w.Line("var " + input.Local + " = " + call + ";");
        }
        w.Line("if (errors.HasErrors)");
        w.Line("{");
        w.Line("bound = default;");
        w.Line("return false;");
        w.Line("}");
        // After a clean bind, required inputs are non-null: the '!' states what the binder has checked.
        var values = tool.Inputs.Select(i => i.Local + (i.Required && i.DefaultJson is null ? "!" + (i.Type == InputKind.String ? "" : ".Value") : ""));
        w.Line("bound = new " + tool.ArgumentsStruct + "(" + string.Join(", ", values) + ");");
        w.Line("return true;");
        w.Line("}");
        w.Line();
    }

    /// <summary>The typed C# value of an input's default.</summary>
    public static string DefaultExpression(InputModel input) => input.Type is InputKind.Array or InputKind.Object
        ? Json + ".JsonDocument.Parse(" + CSharp.Literal(input.DefaultJson) + ").RootElement"
        : CSharpDefault(input);

    private static string CSharpDefault(InputModel input) => (input.Type, input.DefaultJson!) switch
    {
        (InputKind.String, _) => CSharp.Literal(input.DefaultText),
        (InputKind.Number, var json) => json.Contains(".") || json.Contains("e") || json.Contains("E") ? json + "d" : json + ".0d",
        (InputKind.Integer, var json) => json + "L",
        (_, var json) => json,
    };

    private static void EmitInvoke(SourceWriter w, SpecModel spec, ToolModel tool)
    {
        // Upstream and SQL tools hand their call to one shared async method in the runtime: an async method here
        // would be one more state machine type per tool, and a thousand-operation import pays for each of them at
        // start-up (its type data is rehydrated and its statics allocated before initialize).
        var async = tool.Kind is not (ToolKind.Http or ToolKind.Sql) && tool.Result.Any(ContentEmitter.NeedsAwait);
        w.Line("public override " + (async ? "async " : "") + "global::System.Threading.Tasks.ValueTask<" + Protocol + ".CallToolResult> InvokeAsync(");
        w.Line("    global::ModelContextProtocol.Server.RequestContext<" + Protocol + ".CallToolRequestParams> request,");
        w.Line("    global::System.Threading.CancellationToken cancellationToken = default)");
        w.Line("{");
        w.Line("if (!TryBind(request.Params?.Arguments, out var args, out var errors))");
        w.Line("{");
        w.Line("return " + (async ? "" : "new(") + "errors.ToResult(Name)" + (async ? "" : ")") + ";");
        w.Line("}");
        var arguments = tool.Inputs.Select(i => "args." + i.Member).Concat(new[] { "cancellationToken" });
        switch (tool.Kind)
        {
            case ToolKind.Http:
                w.Line("return global::NativeMcp.Runtime.Results.ToolResults.FromResponseAsync(_api." + tool.ClientMethod + "(" + string.Join(", ", arguments) + "), Result);");
                break;
            case ToolKind.Sql:
                SqlEmitter.EmitCall(w, tool);
                break;
            case ToolKind.Handler:
                w.Line("return " + spec.Names.HandlersClass + "." + tool.HandlerMethod + "(" + string.Join(", ", new[] { "request" }.Concat(arguments)) + ");");
                break;
            default:
                // A template over the arguments: each {{name}} is the argument's text (JSON for arrays and objects).
                w.Line("var values = new global::System.Collections.Generic.Dictionary<string, string?>");
                w.Line("{");
                foreach (var input in tool.Inputs) w.Line("[" + CSharp.Literal(input.Name) + "] = " + AsText(input, "args." + input.Member) + ",");
                w.Line("};");
                var assembly = "typeof(" + spec.Names.ServerClass + ").Assembly";
                w.Line("var result = new " + Protocol + ".CallToolResult");
                w.Line("{");
                w.Line("Content =");
                w.Line("[");
                foreach (var content in tool.Result) w.Line(ContentEmitter.Expression(content, "values", assembly, "request") + ",");
                w.Line("],");
                w.Line("};");
                w.Line(async ? "return result;" : "return new(result);");
                break;
        }
        w.Line("}");
    }

    private static string AsText(InputModel input, string value)
    {
        var nullable = !input.AlwaysSet;
        return input.Type switch
        {
            InputKind.String => value,
            InputKind.Integer or InputKind.Number => value + (nullable ? "?" : "") + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture)",
            InputKind.Boolean => nullable ? "(" + value + " is null ? null : " + value + ".Value ? \"true\" : \"false\")" : "(" + value + " ? \"true\" : \"false\")",
            _ => nullable ? value + "?.GetRawText()" : value + ".GetRawText()",
        };
    }
}
