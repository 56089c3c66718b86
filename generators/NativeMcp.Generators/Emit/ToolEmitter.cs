using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Model;
using NativeMcp.Generators.Schema;

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

    public static string ClassName(ToolModel tool) => Naming.Pascal(tool.Name) + "Tool";

    public static string HandlerMethod(ToolModel tool) => Naming.Pascal(tool.Name) + "Async";

    public static string Emit(SpecModel spec, ToolModel tool, string ns)
    {
        var w = new SourceWriter().Header();
        var className = ClassName(tool);
        var clientName = ClientEmitter.ClassName(spec);

        w.Line("namespace " + ns + ";");
        w.Line();
        w.Line("/// <summary>Tool <c>" + Xml(tool.Name) + "</c>: " + Xml(FirstLine(tool.Description)) + "</summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"NativeMcp.Generators\", \"1.0.0\")]");
        // Re-implementing IMcpServerPrimitive keeps the collection's key (Id) off ProtocolTool, so the tool's
        // metadata (schema parse, _meta) is built at the first tools/list, not before initialize.
        w.Line("internal sealed class " + className + " : global::ModelContextProtocol.Server.McpServerTool, global::ModelContextProtocol.Server.IMcpServerPrimitive");
        w.Line("{");
        w.Line("public const string Name = " + Naming.Literal(tool.Name) + ";");
        w.Line();
        w.Line(tool.InputSchema is null
            ? "/// <summary>The input schema, computed from the spec at compile time.</summary>"
            : "/// <summary>The input schema, exactly as the spec writes it.</summary>");
        w.Line("internal static global::System.ReadOnlySpan<byte> InputSchemaUtf8 => " + Naming.Literal(tool.InputSchema?.Json ?? SchemaEmitter.InputSchema(tool)) + "u8;");
        w.Line();
        if (HasOutput(tool))
        {
            w.Line("/// <summary>The output schema: structured results are checked against it.</summary>");
            w.Line("internal static global::System.ReadOnlySpan<byte> OutputSchemaUtf8 => " + Naming.Literal(tool.OutputSchema?.Json ?? SchemaEmitter.OutputSchema(tool)) + "u8;");
            w.Line();
        }
        if (tool.InputSchema is null)
        {
            w.Line("private static readonly string[] KnownArguments = { " + string.Join(", ", tool.Inputs.Select(i => Naming.Literal(i.Name))) + " };");
            w.Line();
        }
        if (tool.Kind == ToolKind.Http) EmitResultSpec(w, tool);
        EmitDefaults(w, tool);

        // Only upstream tools hold the API client; static and hand-written tools need none.
        var usesApi = tool.Kind == ToolKind.Http;
        if (usesApi) w.Line("private readonly " + clientName + " _api;");
        w.Line("private " + Protocol + ".Tool? _protocolTool;");
        w.Line();
        w.Line("public " + className + "(" + (usesApi ? clientName + " api" : "") + ")");
        w.Line("{");
        if (usesApi) w.Line("_api = api;");
        w.Line("}");
        w.Line();
        w.Line("string global::ModelContextProtocol.Server.IMcpServerPrimitive.Id => Name;");
        w.Line();
        w.Line("public override " + Protocol + ".Tool ProtocolTool => _protocolTool ??= CreateProtocolTool();");
        w.Line();
        w.Line("private static " + Protocol + ".Tool CreateProtocolTool() => new()");
        w.Line("{");
        w.Line("Name = Name,");
        if (tool.Title is not null) w.Line("Title = " + Naming.Literal(tool.Title) + ",");
        if (tool.Description is not null) w.Line("Description = " + Naming.Literal(tool.Description) + ",");
        w.Line("InputSchema = " + Json + ".JsonDocument.Parse(InputSchemaUtf8.ToArray()).RootElement,");
        if (HasOutput(tool)) w.Line("OutputSchema = " + Json + ".JsonDocument.Parse(OutputSchemaUtf8.ToArray()).RootElement,");
        if (!tool.Annotations.IsEmpty || tool.Title is not null)
        {
            w.Line("Annotations = new " + Protocol + ".ToolAnnotations");
            w.Line("{");
            if (tool.Title is not null) w.Line("Title = " + Naming.Literal(tool.Title) + ",");
            if (tool.Annotations.ReadOnly is { } ro) w.Line("ReadOnlyHint = " + Naming.Bool(ro) + ",");
            if (tool.Annotations.Destructive is { } de) w.Line("DestructiveHint = " + Naming.Bool(de) + ",");
            if (tool.Annotations.Idempotent is { } id) w.Line("IdempotentHint = " + Naming.Bool(id) + ",");
            if (tool.Annotations.OpenWorld is { } ow) w.Line("OpenWorldHint = " + Naming.Bool(ow) + ",");
            w.Line("},");
        }
        if (tool.Group is not null)
        {
            w.Line("Meta = new global::System.Text.Json.Nodes.JsonObject { [\"nativemcp/group\"] = " + Naming.Literal(tool.Group) + " },");
        }
        w.Line("};");
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

    private static bool HasOutput(ToolModel tool) => !tool.Output.IsEmpty || tool.OutputSchema is not null;

    private static void EmitFields(SourceWriter w, ToolModel tool)
    {
        w.Line("/// <summary>The declared inputs of <c>" + Xml(tool.Name) + "</c> and their constraints, read by the binder.</summary>");
        w.Line("internal static class " + FieldsName(tool));
        w.Line("{");
        foreach (var input in tool.Inputs)
        {
            w.Line("public static readonly " + Binding + ".InputField " + Naming.Pascal(input.Name) + " = " + FieldExpression(input) + ";");
        }
        w.Line("}");
        w.Line();
    }

    public static string FieldsName(ToolModel tool) => ClassName(tool) + "Inputs";

    public static string ArgumentsName(ToolModel tool) => ClassName(tool) + "Arguments";

    private static string FieldExpression(InputModel input) => FieldExpression(input, allowAdditional: false);

    /// <param name="allowAdditional">Outputs: objects may carry properties the spec does not list.</param>
    private static string FieldExpression(InputModel input, bool allowAdditional)
    {
        var init = new List<string>();
        if (input.Required) init.Add("Required = true");
        if (!input.Enum.IsEmpty) init.Add("Enum = new[] { " + string.Join(", ", input.Enum.Select(Naming.Literal)) + " }");
        if (input.Minimum is { } min) init.Add("Minimum = " + min + "d");
        if (input.Maximum is { } max) init.Add("Maximum = " + max + "d");
        if (input.MinLength is { } minLength) init.Add("MinLength = " + Naming.Int(minLength));
        if (input.MaxLength is { } maxLength) init.Add("MaxLength = " + Naming.Int(maxLength));
        if (input.Pattern is { } pattern) init.Add("Pattern = " + Naming.Literal(pattern));
        if (input.Format is { } format) init.Add("Format = " + Binding + ".StringFormat." + FormatName(format));
        if (input.Items is { } items) init.Add("Items = " + FieldExpression(items, allowAdditional));
        if (!input.Properties.IsEmpty) init.Add("Properties = new[] { " + string.Join(", ", input.Properties.Select(p => FieldExpression(p, allowAdditional))) + " }");
        if (input.MinItems is { } minItems) init.Add("MinItems = " + Naming.Int(minItems));
        if (input.MaxItems is { } maxItems) init.Add("MaxItems = " + Naming.Int(maxItems));
        if (allowAdditional && input.Type == InputType.Object) init.Add("AllowAdditionalProperties = true");
        var head = "new " + Binding + ".InputField(" + Naming.Literal(input.Name) + ", " + Binding + ".InputKind." + input.Type + ")";
        return init.Count == 0 ? head : head + " { " + string.Join(", ", init) + " }";
    }

    internal static string FormatName(string format) => format switch
    {
        "date" => "Date",
        "date-time" => "DateTime",
        "email" => "Email",
        _ => "Uri",
    };

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
            foreach (var hint in tool.Errors) w.Line("[" + hint.Status + "] = " + Naming.Literal(hint.Hint) + ",");
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
            if (!response.Rename.IsEmpty)
            {
                w.Line("Rename = new global::System.Collections.Generic.Dictionary<string, string>");
                w.Line("{");
                foreach (var rename in response.Rename) w.Line("[" + Naming.Literal(rename.From) + "] = " + Naming.Literal(rename.To) + ",");
                w.Line("},");
            }
            if (response.DropNulls) w.Line("DropNulls = true,");
            if (response.MaxBytes is { } max) w.Line("MaxBytes = " + max + ",");
        }
        if (tool.Pagination is { } pagination)
        {
            w.Line("NextCursor = " + Segments(pagination.Next) + ",");
            w.Line("NextCursorInput = " + Naming.Literal(pagination.Input) + ",");
        }
        if (!tool.Output.IsEmpty)
        {
            w.Line("Output = new[] { " + string.Join(", ", tool.Output.Select(o => FieldExpression(o, allowAdditional: true))) + " },");
        }
        if (tool.OutputSchema is not null) w.Line("OutputSchema = " + SchemaNodeEmitter.ClassName(tool) + ".Output,");
        w.Line("};");
        w.Line();
    }

    private static string Segments(JsonPathModel path) => "new[] { " + string.Join(", ", path.Segments.Select(Naming.Literal)) + " }";

    private static void EmitDefaults(SourceWriter w, ToolModel tool)
    {
        foreach (var input in tool.Inputs.Where(i => i.DefaultJson is not null && (i.Type is InputType.Array or InputType.Object)))
        {
            w.Line("private static readonly " + Json + ".JsonElement Default" + Naming.Pascal(input.Name) + " = " + Json + ".JsonDocument.Parse(" + Naming.Literal(input.DefaultJson) + ").RootElement;");
            w.Line();
        }
    }

    private static void EmitArguments(SourceWriter w, ToolModel tool)
    {
        w.Line("/// <summary>The bound arguments: required and defaulted inputs are always set.</summary>");
        var parameters = tool.Inputs.Select(i => Naming.ClrType(i) + " " + Naming.Pascal(i.Name));
        w.Line("internal readonly record struct " + ArgumentsName(tool) + "(" + string.Join(", ", parameters) + ");");
    }

    private static void EmitBinder(SourceWriter w, ToolModel tool)
    {
        if (tool.InputSchema is not null)
        {
            SchemaNodeEmitter.EmitBinder(w, tool, ArgumentsName(tool));
            return;
        }
        w.Line("/// <summary>Reads and validates the arguments; every violation is named in <paramref name=\"errors\"/>.</summary>");
        w.Line("internal static bool TryBind(global::System.Collections.Generic.IDictionary<string, " + Json + ".JsonElement>? arguments, out " + ArgumentsName(tool) + " bound, out " + Binding + ".ArgumentErrors errors)");
        w.Line("{");
        w.Line("errors = new " + Binding + ".ArgumentErrors();");
        w.Line(Binding + ".ArgumentBinder.RejectUnknown(arguments, KnownArguments, errors);");
        foreach (var input in tool.Inputs)
        {
            var read = input.Type switch
            {
                InputType.String => "ReadString",
                InputType.Integer => "ReadInteger",
                InputType.Number => "ReadNumber",
                InputType.Boolean => "ReadBoolean",
                _ => "ReadJson",
            };
            var call = Binding + ".ArgumentBinder." + read + "(arguments, " + FieldsName(tool) + "." + Naming.Pascal(input.Name) + ", errors)";
            if (input.DefaultJson is { } def)
            {
                var fallback = input.Type is InputType.Array or InputType.Object ? "Default" + Naming.Pascal(input.Name) : DefaultExpression(input);
                call += " ?? " + fallback;
            }
            w.Line("var " + Naming.Local(input.Name) + " = " + call + ";");
        }
        w.Line("if (errors.HasErrors)");
        w.Line("{");
        w.Line("bound = default;");
        w.Line("return false;");
        w.Line("}");
        // After a clean bind, required inputs are non-null: the '!' states what the binder has checked.
        var values = tool.Inputs.Select(i => Naming.Local(i.Name) + (i.Required && i.DefaultJson is null ? "!" + (i.Type == InputType.String ? "" : ".Value") : ""));
        w.Line("bound = new " + ArgumentsName(tool) + "(" + string.Join(", ", values) + ");");
        w.Line("return true;");
        w.Line("}");
        w.Line();
    }

    /// <summary>The typed C# value of an input's default.</summary>
    public static string DefaultExpression(InputModel input) => input.Type is InputType.Array or InputType.Object
        ? Json + ".JsonDocument.Parse(" + Naming.Literal(input.DefaultJson) + ").RootElement"
        : CSharpDefault(input);

    private static string CSharpDefault(InputModel input) => (input.Type, input.DefaultJson!) switch
    {
        (InputType.String, _) => Naming.Literal(input.DefaultText),
        (InputType.Number, var json) => json.Contains(".") || json.Contains("e") || json.Contains("E") ? json + "d" : json + ".0d",
        (InputType.Integer, var json) => json + "L",
        (_, var json) => json,
    };

    private static void EmitInvoke(SourceWriter w, SpecModel spec, ToolModel tool)
    {
        var async = tool.Kind == ToolKind.Http || tool.Result.Any(ContentEmitter.NeedsAwait);
        w.Line("public override " + (async ? "async " : "") + "global::System.Threading.Tasks.ValueTask<" + Protocol + ".CallToolResult> InvokeAsync(");
        w.Line("    global::ModelContextProtocol.Server.RequestContext<" + Protocol + ".CallToolRequestParams> request,");
        w.Line("    global::System.Threading.CancellationToken cancellationToken = default)");
        w.Line("{");
        w.Line("if (!TryBind(request.Params?.Arguments, out var args, out var errors))");
        w.Line("{");
        w.Line("return " + (async ? "" : "new(") + "errors.ToResult(Name)" + (async ? "" : ")") + ";");
        w.Line("}");
        var arguments = tool.Inputs.Select(i => "args." + Naming.Pascal(i.Name)).Concat(new[] { "cancellationToken" });
        switch (tool.Kind)
        {
            case ToolKind.Http:
                w.Line("var response = await _api." + ClientEmitter.MethodName(tool) + "(" + string.Join(", ", arguments) + ").ConfigureAwait(false);");
                w.Line("return global::NativeMcp.Runtime.Results.ToolResults.FromResponse(response, Result);");
                break;
            case ToolKind.Handler:
                w.Line("return " + HandlersEmitter.ClassName(spec) + "." + HandlerMethod(tool) + "(" + string.Join(", ", new[] { "request" }.Concat(arguments)) + ");");
                break;
            default:
                // A template over the arguments: each {{name}} is the argument's text (JSON for arrays and objects).
                w.Line("var values = new global::System.Collections.Generic.Dictionary<string, string?>");
                w.Line("{");
                foreach (var input in tool.Inputs) w.Line("[" + Naming.Literal(input.Name) + "] = " + AsText(input, "args." + Naming.Pascal(input.Name)) + ",");
                w.Line("};");
                var assembly = "typeof(" + ServerEmitter.ClassName(spec) + ").Assembly";
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
        var nullable = !Naming.IsAlwaysSet(input);
        return input.Type switch
        {
            InputType.String => value,
            InputType.Integer or InputType.Number => value + (nullable ? "?" : "") + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture)",
            InputType.Boolean => nullable ? "(" + value + " is null ? null : " + value + ".Value ? \"true\" : \"false\")" : "(" + value + " ? \"true\" : \"false\")",
            _ => nullable ? value + "?.GetRawText()" : value + ".GetRawText()",
        };
    }

    internal static string FirstLine(string? text) => text is null ? "" : Naming.SplitLines(text).First();

    internal static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
