using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Emit;

/// <summary>
/// Emits the construction of a raw schema's <c>SchemaNode</c> tree (what the runtime validator walks) and the binder
/// of a raw-schema tool. Every <c>$ref</c> target is one slot of the class's <c>Targets</c> array, filled by its
/// static constructor, so a recursive schema is a few array slots rather than an infinite tree. (Not a field and a
/// delegate per target: each cached delegate is a static of a closure class, and a thousand-operation import
/// allocated all of those statics at start-up.)
/// </summary>
internal static class SchemaNodeEmitter
{
    private const string Binding = "global::NativeMcp.Runtime.Binding";
    private const string Node = Binding + ".SchemaNode";

    /// <summary>The static class holding the tool's compiled schemas: <c>Input</c> and/or <c>Output</c>.</summary>
    public static string ClassName(ToolModel tool) => tool.ClassName + "Schemas";

    public static bool HasRawSchema(ToolModel tool) => tool.InputSchema is not null || tool.OutputSchema is not null;

    public static void EmitSchemas(SourceWriter w, ToolModel tool)
    {
        var className = ClassName(tool);
        var schemas = new List<(string Name, RawSchemaModel Schema)>();
        if (tool.InputSchema is { } input) schemas.Add(("Input", input));
        if (tool.OutputSchema is { } output) schemas.Add(("Output", output));

        // Each schema's $ref targets by pointer, each a slot of Targets (the root too, when a ref points at it).
        var slots = 0;
        var references = schemas.Select(entry => entry.Schema.Targets.ToDictionary(target => target.Pointer, _ => slots++)).ToList();

        w.Line("/// <summary>The raw JSON Schemas of <c>" + CSharp.Xml(tool.Name) + "</c>, compiled: the validator walks these, never the schema text.</summary>");
        w.Line("internal static class " + className);
        w.Line("{");
        // Declared first: the field initializers below take the array, and its slots are filled after them.
        if (slots > 0)
        {
            w.Line("private static readonly " + Node + "[] Targets = new " + Node + "[" + CSharp.Int(slots) + "];");
            w.Line();
        }
        for (var i = 0; i < schemas.Count; i++)
        {
            if (i > 0) w.Line();
            WriteNode(w, schemas[i].Schema.Root, "public static readonly " + Node + " " + schemas[i].Name + " = ", ";", references[i]);
        }
        if (slots > 0)
        {
            w.Line();
            w.Line("static " + className + "()");
            w.Line("{");
            for (var i = 0; i < schemas.Count; i++)
            {
                foreach (var target in schemas[i].Schema.Targets)
                {
                    var slot = "Targets[" + CSharp.Int(references[i][target.Pointer]) + "] = ";
                    if (target.Pointer.Length == 0)
                    {
                        w.Line(slot + schemas[i].Name + ";");
                        continue;
                    }
                    w.Line("// " + schemas[i].Name + " #" + target.Pointer);
                    WriteNode(w, target.Schema, slot, ";", references[i]);
                }
            }
            w.Line("}");
        }
        w.Line("}");
        w.Line();
    }

    private static void WriteNode(SourceWriter w, SchemaModel s, string prefix, string suffix, IReadOnlyDictionary<string, int> slots)
    {
        if (s == SchemaModel.True)
        {
            w.Line(prefix + Node + ".Anything" + suffix);
            return;
        }
        if (s == SchemaModel.False)
        {
            w.Line(prefix + Node + ".Nothing" + suffix);
            return;
        }
        w.Line(prefix + "new " + Node);
        w.Line("{");
        if (!s.Types.IsEmpty) w.Line("Types = " + string.Join(" | ", s.Types.Select(t => Binding + ".SchemaTypes." + char.ToUpperInvariant(t[0]) + t.Substring(1))) + ",");
        // The target may be a slot filled further down (or the root being built): it is set by the time a call resolves it.
        if (s.Ref is { } pointer) w.Line("Ref = new " + Binding + ".SchemaRef(" + CSharp.Literal(s.RefText) + ", Targets, " + CSharp.Int(slots[pointer]) + "),");
        WriteList(w, "AllOf", s.AllOf, slots);
        WriteList(w, "AnyOf", s.AnyOf, slots);
        WriteList(w, "OneOf", s.OneOf, slots);
        WriteChild(w, "Not", s.Not, slots);
        WriteChild(w, "If", s.If, slots);
        WriteChild(w, "Then", s.Then, slots);
        WriteChild(w, "Else", s.Else, slots);
        if (s.ConstJson is { } constant) w.Line("Const = " + Value(constant) + ",");
        if (s.EnumJson is { } values) w.Line("Enum = new global::System.Text.Json.JsonElement[] { " + string.Join(", ", values.Select(Value)) + " },");
        WriteProperties(w, "Properties", s.Properties, slots);
        if (!s.Required.IsEmpty) w.Line("Required = new string[] { " + string.Join(", ", s.Required.Select(CSharp.Literal)) + " },");
        WriteChild(w, "AdditionalProperties", s.AdditionalProperties, slots);
        WriteProperties(w, "PatternProperties", s.PatternProperties, slots);
        WriteChild(w, "PropertyNames", s.PropertyNames, slots);
        Int(w, "MinProperties", s.MinProperties);
        Int(w, "MaxProperties", s.MaxProperties);
        if (!s.DependentRequired.IsEmpty)
        {
            w.Line("DependentRequired = new " + Binding + ".SchemaDependency[] { " + string.Join(", ", s.DependentRequired.Select(d =>
                "new " + Binding + ".SchemaDependency(" + CSharp.Literal(d.Name) + ", new string[] { " + string.Join(", ", d.Required.Select(CSharp.Literal)) + " })")) + " },");
        }
        WriteProperties(w, "DependentSchemas", s.DependentSchemas, slots);
        WriteList(w, "PrefixItems", s.PrefixItems, slots);
        WriteChild(w, "Items", s.Items, slots);
        Int(w, "MinItems", s.MinItems);
        Int(w, "MaxItems", s.MaxItems);
        if (s.UniqueItems) w.Line("UniqueItems = true,");
        WriteChild(w, "Contains", s.Contains, slots);
        Int(w, "MinContains", s.MinContains);
        Int(w, "MaxContains", s.MaxContains);
        Number(w, "Minimum", s.Minimum);
        Number(w, "Maximum", s.Maximum);
        Number(w, "ExclusiveMinimum", s.ExclusiveMinimum);
        Number(w, "ExclusiveMaximum", s.ExclusiveMaximum);
        Number(w, "MultipleOf", s.MultipleOf);
        Int(w, "MinLength", s.MinLength);
        Int(w, "MaxLength", s.MaxLength);
        if (s.Pattern is { } pattern) w.Line("Pattern = " + CSharp.Literal(pattern) + ",");
        if (s.Format is { } format && StringFormats.TryParse(format, out var known)) w.Line("Format = global::NativeMcp.Runtime.Vocabulary.StringFormat." + known + ",");
        w.Line("}" + suffix);
    }

    private static void WriteChild(SourceWriter w, string member, SchemaModel? child, IReadOnlyDictionary<string, int> slots)
    {
        if (child is not null) WriteNode(w, child, member + " = ", ",", slots);
    }

    private static void WriteList(SourceWriter w, string member, EquatableArray<SchemaModel> list, IReadOnlyDictionary<string, int> slots)
    {
        if (list.IsEmpty) return;
        w.Line(member + " = new " + Node + "[]");
        w.Line("{");
        foreach (var item in list) WriteNode(w, item, "", ",", slots);
        w.Line("},");
    }

    private static void WriteProperties(SourceWriter w, string member, EquatableArray<SchemaPropertyModel> properties, IReadOnlyDictionary<string, int> slots)
    {
        if (properties.IsEmpty) return;
        w.Line(member + " = new " + Binding + ".SchemaProperty[]");
        w.Line("{");
        foreach (var property in properties) WriteNode(w, property.Schema, "new " + Binding + ".SchemaProperty(" + CSharp.Literal(property.Name) + ", ", "),", slots);
        w.Line("},");
    }

    private static void Int(SourceWriter w, string member, int? value)
    {
        if (value is { } v) w.Line(member + " = " + CSharp.Int(v) + ",");
    }

    /// <summary>JSON number text is a valid C# real literal once suffixed: 10d, 0.5d, 1e3d, -2d.</summary>
    private static void Number(SourceWriter w, string member, string? json)
    {
        if (json is not null) w.Line(member + " = " + json + "d,");
    }

    private static string Value(string json) => Binding + ".SchemaValues.Parse(" + CSharp.Literal(json) + ")";

    /// <summary>
    /// A raw-schema tool's binder: the whole arguments object is validated against the compiled schema first,
    /// then each top-level property is read as its input's type (the schema has checked it already).
    /// </summary>
    public static void EmitBinder(SourceWriter w, ToolModel tool)
    {
        var argumentsType = tool.ArgumentsStruct;
        const string Json = "global::System.Text.Json";
        w.Line("/// <summary>Validates the arguments against the input schema; every violation is named in <paramref name=\"errors\"/>.</summary>");
        w.Line("internal static bool TryBind(global::System.Collections.Generic.IDictionary<string, " + Json + ".JsonElement>? arguments, out " + argumentsType + " bound, out " + Binding + ".ArgumentErrors errors)");
        w.Line("{");
        w.Line("errors = new " + Binding + ".ArgumentErrors();");
        w.Line("if (!" + Binding + ".SchemaValidator.ValidateArguments(arguments, " + ClassName(tool) + ".Input, errors))");
        w.Line("{");
        w.Line("bound = default;");
        w.Line("return false;");
        w.Line("}");
        foreach (var input in tool.Inputs)
        {
            var read = input.Type switch
            {
                InputKind.String => "String",
                InputKind.Integer => "Integer",
                InputKind.Number => "Number",
                InputKind.Boolean => "Boolean",
                _ => "Json",
            };
            var call = Binding + ".SchemaArguments." + read + "(arguments, " + CSharp.Literal(input.Name) + ")";
            if (input.DefaultJson is not null) call += " ?? " + ToolEmitter.DefaultExpression(input);
            w.Line("var " + input.Local + " = " + call + ";");
        }
        // The schema has checked that required properties are present: the '!' states what it has checked.
        var values = tool.Inputs.Select(i => i.Local + (i.Required && i.DefaultJson is null ? "!" + (i.Type == InputKind.String ? "" : ".Value") : ""));
        w.Line("bound = new " + argumentsType + "(" + string.Join(", ", values) + ");");
        w.Line("return true;");
        w.Line("}");
        w.Line();
    }
}
