using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Schema;

/// <summary>Where the schema reader reports a problem: a diagnostic id, the node it is about, the message arguments.</summary>
internal delegate void SchemaReport(DiagnosticDescriptor descriptor, YamlNode node, params string[] args);

/// <summary>What one raw schema reads into: the compiled model, and the tool inputs its top-level properties give.</summary>
internal sealed record SchemaReadResult(RawSchemaModel Schema, IReadOnlyList<InputModel> Inputs);

/// <summary>
/// Reads a raw JSON Schema 2020-12 written in the spec (YAML or JSON) into its publishable JSON text and a
/// <see cref="RawSchemaModel"/>, while the YAML nodes and so every line and column are at hand. Invalid keyword
/// values and unresolvable <c>$ref</c>s are errors; keywords the validator does not check are warnings.
/// </summary>
internal sealed class SchemaReader
{
    private const int MaxNesting = 100;
    private static readonly string[] TypeNames = { "null", "boolean", "object", "array", "number", "string", "integer" };
    private static readonly Regex JsonNumber = new(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$");

    private readonly string _where;
    private readonly SchemaReport _report;
    private YamlNode? _root;
    private readonly Dictionary<string, SchemaModel> _parsed = new(StringComparer.Ordinal);
    // Every $ref target pointer with the first $ref node that names it (where a cycle is reported).
    private readonly Dictionary<string, YamlNode> _refs = new(StringComparer.Ordinal);
    private readonly List<string> _refOrder = new();
    // Every $ref: the pointer of the keyword itself, its target, and its value node.
    private readonly List<(string At, string Target, YamlNode Node)> _refSites = new();
    private bool _failed;

    private SchemaReader(string where, SchemaReport report)
    {
        _where = where;
        _report = report;
    }

    /// <param name="where">How messages name the schema, e.g. <c>tool 'search' inputSchema</c>.</param>
    /// <returns>Null when the schema has an error (already reported).</returns>
    public static SchemaReadResult? Read(YamlNode node, string where, SchemaReport report)
    {
        var reader = new SchemaReader(where, report);
        var json = new StringBuilder();
        reader._root = node;
        reader.ToJson(node, new List<string>(), json, 0);
        if (reader._failed) return null;
        if (node is not YamlMappingNode root)
        {
            reader.Error(SpecDiagnostics.WrongType, node, where, "a JSON Schema mapping with type: object");
            return null;
        }

        var schema = reader.Parse(node, "");
        if (!schema.Types.SequenceEqual(new[] { "object" }))
        {
            reader.Error(SpecDiagnostics.InvalidValue, reader.KeywordValue(root, "type") ?? node, where + ".type",
                "MCP requires a tool schema of type: object");
        }
        // Targets may hold further references: resolve until none is new.
        for (var i = 0; i < reader._refOrder.Count; i++)
        {
            var pointer = reader._refOrder[i];
            if (reader.At(pointer) is { } target) reader.Parse(target, pointer);
            else reader.Error(SpecDiagnostics.UnresolvedRef, reader._refs[pointer], "#" + pointer, where, "nothing is at that JSON pointer in this schema");
        }
        reader.CheckRefCycles();
        if (reader._failed) return null;

        var targets = reader._refOrder.Select(p => new SchemaTargetModel(p, reader._parsed[p])).ToArray();
        return new SchemaReadResult(
            new RawSchemaModel(json.ToString(), schema, new EquatableArray<SchemaTargetModel>(targets)),
            TopLevelInputs(root));
    }

    // ---- JSON text, exactly as written ----

    /// <param name="path">The node's JSON pointer as escaped segments; joined only for a message (most schemas have none,
    /// and a large API's expanded schemas have millions of nodes).</param>
    private void ToJson(YamlNode node, List<string> path, StringBuilder sb, int depth)
    {
        if (depth > MaxNesting)
        {
            Error(SpecDiagnostics.InvalidValue, node, Describe(Pointer(path)), "the schema is nested more than " + MaxNesting + " levels deep");
            return;
        }
        switch (node)
        {
            case YamlScalarNode scalar:
                sb.Append(ScalarJson(scalar));
                break;
            case YamlSequenceNode sequence:
                sb.Append('[');
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    path.Add(i.ToString(CultureInfo.InvariantCulture));
                    ToJson(sequence.Children[i], path, sb, depth + 1);
                    path.RemoveAt(path.Count - 1);
                }
                sb.Append(']');
                break;
            case YamlMappingNode mapping:
                sb.Append('{');
                var keys = mapping.Children.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
                var first = true;
                foreach (var pair in mapping.Children)
                {
                    if (pair.Key is not YamlScalarNode { Value: { } key })
                    {
                        Error(SpecDiagnostics.WrongType, pair.Key, Describe(Pointer(path)) + " key", "a plain string");
                        continue;
                    }
                    if (keys is not null && !keys.Add(key))
                    {
                        Error(SpecDiagnostics.DuplicateKey, pair.Key, key, Describe(Pointer(path)));
                        continue;
                    }
                    if (!first) sb.Append(',');
                    first = false;
                    sb.Append(JsonText.String(key)).Append(':');
                    path.Add(JsonPointer.Escape(key));
                    ToJson(pair.Value, path, sb, depth + 1);
                    path.RemoveAt(path.Count - 1);
                }
                sb.Append('}');
                break;
            default:
                Error(SpecDiagnostics.WrongType, node, Describe(Pointer(path)), "plain data");
                break;
        }
    }

    private static string Pointer(List<string> path) => path.Count == 0 ? "" : "/" + string.Join("/", path);

    /// <summary>The node at a JSON pointer into the schema (RFC 6901), or null: the first of duplicate keys, as the JSON text has it.</summary>
    private YamlNode? At(string pointer)
    {
        var node = _root;
        foreach (var segment in JsonPointer.Segments(pointer))
        {
            node = node switch
            {
                YamlMappingNode mapping => mapping.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: { } key } && key == segment).Value,
                YamlSequenceNode sequence => int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sequence.Children.Count
                    && (segment == "0" || segment[0] != '0') ? sequence.Children[index] : null,
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>YAML 1.2 core scalars: plain true/false/null/~ and JSON numbers keep their type; anything else is a string.</summary>
    /// <summary>A YAML scalar as the JSON value it stands for (quoted: a string; plain: a number, true, false or null when it reads as one).</summary>
    internal static string ScalarJson(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain) return JsonText.String(text);
        if (text is "true" or "false" or "null") return text;
        if (text is "" or "~") return "null";
        return JsonNumber.IsMatch(text) ? text : JsonText.String(text);
    }

    // ---- Keywords ----

    private SchemaModel Parse(YamlNode node, string pointer)
    {
        if (_parsed.TryGetValue(pointer, out var done)) return done;
        var schema = ParseKeywords(node, pointer);
        _parsed[pointer] = schema;
        return schema;
    }

    private SchemaModel ParseKeywords(YamlNode node, string pointer)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" }) return SchemaModel.True;
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "false" }) return SchemaModel.False;
        if (node is not YamlMappingNode mapping)
        {
            Error(SpecDiagnostics.WrongType, node, Describe(pointer), "a schema (a mapping, true or false)");
            return SchemaModel.True;
        }

        var s = new SchemaModel();
        foreach (var pair in mapping.Children)
        {
            if (pair.Key is not YamlScalarNode { Value: { } keyword } key) continue;
            var value = pair.Value;
            var at = pointer + "/" + JsonPointer.Escape(keyword);
            switch (keyword)
            {
                case "type": s = s with { Types = Types(value, at) }; break;
                case "enum": s = s with { EnumJson = JsonList(value, at) }; break;
                case "const": s = s with { ConstJson = Json(value) }; break;
                case "multipleOf":
                    var factor = Number(value, at);
                    if (factor is not null && double.Parse(factor, CultureInfo.InvariantCulture) <= 0)
                    {
                        Error(SpecDiagnostics.InvalidValue, value, Describe(at), "multipleOf must be greater than 0");
                    }
                    s = s with { MultipleOf = factor };
                    break;
                case "maximum": s = s with { Maximum = Number(value, at) }; break;
                case "exclusiveMaximum": s = s with { ExclusiveMaximum = Number(value, at) }; break;
                case "minimum": s = s with { Minimum = Number(value, at) }; break;
                case "exclusiveMinimum": s = s with { ExclusiveMinimum = Number(value, at) }; break;
                case "maxLength": s = s with { MaxLength = Count(value, at) }; break;
                case "minLength": s = s with { MinLength = Count(value, at) }; break;
                case "pattern": s = s with { Pattern = Pattern(value, at) }; break;
                case "format": s = s with { Format = Format(key, value, at) }; break;
                case "maxItems": s = s with { MaxItems = Count(value, at) }; break;
                case "minItems": s = s with { MinItems = Count(value, at) }; break;
                case "uniqueItems": s = s with { UniqueItems = Bool(value, at) }; break;
                case "maxContains": s = s with { MaxContains = Count(value, at) }; break;
                case "minContains": s = s with { MinContains = Count(value, at) }; break;
                case "prefixItems": s = s with { PrefixItems = SchemaList(value, at) }; break;
                case "items":
                    if (value is YamlSequenceNode)
                    {
                        Error(SpecDiagnostics.WrongType, value, Describe(at), "a schema (in 2020-12 a list of item schemas is prefixItems)");
                        break;
                    }
                    s = s with { Items = Parse(value, at) };
                    break;
                case "contains": s = s with { Contains = Parse(value, at) }; break;
                case "maxProperties": s = s with { MaxProperties = Count(value, at) }; break;
                case "minProperties": s = s with { MinProperties = Count(value, at) }; break;
                case "required": s = s with { Required = Names(value, at) }; break;
                case "dependentRequired": s = s with { DependentRequired = Dependencies(value, at) }; break;
                case "properties": s = s with { Properties = SchemaMap(value, at, patterns: false) }; break;
                case "patternProperties": s = s with { PatternProperties = SchemaMap(value, at, patterns: true) }; break;
                case "additionalProperties": s = s with { AdditionalProperties = Parse(value, at) }; break;
                case "propertyNames": s = s with { PropertyNames = Parse(value, at) }; break;
                case "dependentSchemas": s = s with { DependentSchemas = SchemaMap(value, at, patterns: false) }; break;
                case "allOf": s = s with { AllOf = SchemaList(value, at) }; break;
                case "anyOf": s = s with { AnyOf = SchemaList(value, at) }; break;
                case "oneOf": s = s with { OneOf = SchemaList(value, at) }; break;
                case "not": s = s with { Not = Parse(value, at) }; break;
                case "if": s = s with { If = Parse(value, at) }; break;
                case "then": s = s with { Then = Parse(value, at) }; break;
                case "else": s = s with { Else = Parse(value, at) }; break;
                case "$ref":
                    if (Ref(value, at) is { } target) s = s with { Ref = target, RefText = ((YamlScalarNode)value).Value };
                    break;
                case "$defs":
                case "definitions":
                    // Not applied to the value itself: read for their diagnostics, and as $ref targets.
                    SchemaMap(value, at, patterns: false);
                    break;
                case "$schema":
                    if (String(value, at) is { } dialect && pointer.Length == 0 && dialect.TrimEnd('#') != SchemaKeywords.Dialect)
                    {
                        Warn(key, keyword, at, "the validator applies JSON Schema 2020-12 rules, and this schema declares " + dialect);
                    }
                    break;
                case "$id":
                    if (String(value, at) is not null && pointer.Length > 0)
                    {
                        Warn(key, keyword, at, "an $id inside the schema changes how $ref resolves, and references here are resolved against the whole document");
                    }
                    break;
                default:
                    if (SchemaKeywords.Annotations.Contains(keyword)) break;
                    Warn(key, keyword, at, SchemaKeywords.NotChecked.TryGetValue(keyword, out var why)
                        ? why
                        : "it is not a JSON Schema 2020-12 keyword (a typo, or another dialect's?)");
                    break;
            }
        }
        return s;
    }

    private EquatableArray<string> Types(YamlNode node, string at)
    {
        var names = node is YamlSequenceNode list ? list.Children.ToList() : new List<YamlNode> { node };
        var result = new List<string>();
        foreach (var item in names)
        {
            if (item is not YamlScalarNode { Value: { } name } || Array.IndexOf(TypeNames, name) < 0)
            {
                Error(SpecDiagnostics.InvalidValue, item, Describe(at), "a type is one of: " + string.Join(", ", TypeNames));
            }
            else if (result.Contains(name))
            {
                Error(SpecDiagnostics.InvalidValue, item, Describe(at), "'" + name + "' is listed twice");
            }
            else
            {
                result.Add(name);
            }
        }
        if (names.Count == 0) Error(SpecDiagnostics.InvalidValue, node, Describe(at), "an empty list of types allows nothing");
        return new EquatableArray<string>(result.ToArray());
    }

    private string? Format(YamlScalarNode key, YamlNode node, string at)
    {
        var format = String(node, at);
        if (format is null) return null;
        if (Array.IndexOf(StringFormats.Names, format) >= 0) return format;
        Warn(key, "format", at, "format '" + format + "' is not one the validator checks (" + string.Join(", ", StringFormats.Names) + ")");
        return null;
    }

    private string? Pattern(YamlNode node, string at)
    {
        var pattern = String(node, at);
        if (pattern is null || IsRegex(pattern, node, at)) return pattern;
        return null;
    }

    private bool IsRegex(string pattern, YamlNode node, string at)
    {
        try
        {
            _ = new Regex(pattern);
            return true;
        }
        catch (ArgumentException ex)
        {
            Error(SpecDiagnostics.InvalidPattern, node, Describe(at), ex.Message);
            return false;
        }
    }

    private string? Ref(YamlNode node, string at)
    {
        var text = String(node, at);
        if (text is null) return null;
        if (!text.StartsWith("#", StringComparison.Ordinal))
        {
            Error(SpecDiagnostics.UnresolvedRef, node, text, _where, "only references inside this schema (#/$defs/...) are supported");
            return null;
        }
        var fragment = Uri.UnescapeDataString(text.Substring(1));
        if (fragment.Length > 0 && fragment[0] != '/')
        {
            Error(SpecDiagnostics.UnresolvedRef, node, text, _where, "refer by JSON pointer, such as #/$defs/" + fragment + ", not by $anchor");
            return null;
        }
        _refSites.Add((at, fragment, node));
        if (!_refs.ContainsKey(fragment))
        {
            _refs.Add(fragment, node);
            _refOrder.Add(fragment);
        }
        return fragment;
    }

    /// <summary>
    /// A reference chain that comes back to where it started without descending into a property or an item
    /// (<c>a: {$ref: '#/$defs/a'}</c>) would make validation loop forever: it is an error.
    /// </summary>
    private void CheckRefCycles()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1: on the path, 2: done
        bool Visit(string pointer)
        {
            if (state.TryGetValue(pointer, out var s)) return s == 1;
            state[pointer] = 1;
            if (_parsed.TryGetValue(pointer, out var schema))
            {
                foreach (var next in InPlaceRefs(schema))
                {
                    if (!Visit(next)) continue;
                    // Reported at the $ref (inside this schema) that closes the loop.
                    var site = _refSites.FirstOrDefault(r => r.Target == next && r.At.StartsWith(pointer + "/", StringComparison.Ordinal)).Node ?? _refs[next];
                    Error(SpecDiagnostics.UnresolvedRef, site, "#" + next, _where, "it refers back to itself without going into a property or an item, so no value could ever be checked");
                    state[pointer] = 2;
                    return false;
                }
            }
            state[pointer] = 2;
            return false;
        }
        foreach (var pointer in _refOrder.Where(_parsed.ContainsKey).ToList()) Visit(pointer);
    }

    private static IEnumerable<string> InPlaceRefs(SchemaModel schema)
    {
        if (schema.Ref is { } target) yield return target;
        var inPlace = schema.AllOf.Concat(schema.AnyOf).Concat(schema.OneOf)
            .Concat(new[] { schema.Not, schema.If, schema.Then, schema.Else }.Where(x => x is not null).Select(x => x!))
            .Concat(schema.DependentSchemas.Select(d => d.Schema));
        foreach (var sub in inPlace)
        {
            foreach (var next in InPlaceRefs(sub)) yield return next;
        }
    }

    // ---- Typed values ----

    private EquatableArray<SchemaModel> SchemaList(YamlNode node, string at)
    {
        if (node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            Error(SpecDiagnostics.WrongType, node, Describe(at), "a non-empty list of schemas");
            return EquatableArray<SchemaModel>.Empty;
        }
        return new EquatableArray<SchemaModel>(list.Children.Select((c, i) => Parse(c, at + "/" + i.ToString(CultureInfo.InvariantCulture))).ToArray());
    }

    private EquatableArray<SchemaPropertyModel> SchemaMap(YamlNode node, string at, bool patterns)
    {
        if (node is not YamlMappingNode map)
        {
            Error(SpecDiagnostics.WrongType, node, Describe(at), "a mapping of names to schemas");
            return EquatableArray<SchemaPropertyModel>.Empty;
        }
        var result = new List<SchemaPropertyModel>();
        foreach (var pair in map.Children)
        {
            if (pair.Key is not YamlScalarNode { Value: { } name }) continue;
            if (patterns && !IsRegex(name, pair.Key, at)) continue;
            result.Add(new SchemaPropertyModel(name, Parse(pair.Value, at + "/" + JsonPointer.Escape(name))));
        }
        return new EquatableArray<SchemaPropertyModel>(result.ToArray());
    }

    private EquatableArray<SchemaDependencyModel> Dependencies(YamlNode node, string at)
    {
        if (node is not YamlMappingNode map)
        {
            Error(SpecDiagnostics.WrongType, node, Describe(at), "a mapping of property names to lists of property names");
            return EquatableArray<SchemaDependencyModel>.Empty;
        }
        return new EquatableArray<SchemaDependencyModel>(map.Children
            .Where(p => p.Key is YamlScalarNode { Value: not null })
            .Select(p => new SchemaDependencyModel(((YamlScalarNode)p.Key).Value!, Names(p.Value, at + "/" + ((YamlScalarNode)p.Key).Value)))
            .ToArray());
    }

    private EquatableArray<string> Names(YamlNode node, string at)
    {
        if (node is not YamlSequenceNode list || list.Children.Any(c => c is not YamlScalarNode))
        {
            Error(SpecDiagnostics.WrongType, node, Describe(at), "a list of property names");
            return EquatableArray<string>.Empty;
        }
        var names = list.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToArray();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            Error(SpecDiagnostics.InvalidValue, node, Describe(at), "a property name is listed twice");
        }
        return new EquatableArray<string>(names);
    }

    private EquatableArray<string>? JsonList(YamlNode node, string at)
    {
        if (node is not YamlSequenceNode list)
        {
            Error(SpecDiagnostics.WrongType, node, Describe(at), "a list of values");
            return null;
        }
        return new EquatableArray<string>(list.Children.Select(Json).ToArray());
    }

    private static string Json(YamlNode node)
    {
        // Already checked as data by ToJson; converting again keeps this model free of the document text.
        var sb = new StringBuilder();
        new SchemaReader("", static (_, _, _) => { }).ToJson(node, new List<string>(), sb, 0);
        return sb.ToString();
    }

    private string? Number(YamlNode node, string at)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } && JsonNumber.IsMatch(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsInfinity(value))
        {
            return text;
        }
        Error(SpecDiagnostics.WrongType, node, Describe(at), "a number");
        return null;
    }

    private int? Count(YamlNode node, string at)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text }
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Error(SpecDiagnostics.WrongType, node, Describe(at), "a whole number, 0 or more");
        return null;
    }

    private bool Bool(YamlNode node, string at)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar) return scalar.Value == "true";
        Error(SpecDiagnostics.WrongType, node, Describe(at), "true or false");
        return false;
    }

    private string? String(YamlNode node, string at)
    {
        if (node is YamlScalarNode scalar && ScalarJson(scalar).StartsWith("\"", StringComparison.Ordinal)) return scalar.Value;
        Error(SpecDiagnostics.WrongType, node, Describe(at), "a string");
        return null;
    }

    private YamlNode? KeywordValue(YamlMappingNode mapping, string keyword) =>
        mapping.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: { } k } && k == keyword).Value;

    // ---- The tool's inputs: one per top-level property ----

    /// <summary>
    /// Each top-level property becomes a tool input (for the upstream mapping, templates and handler parameters).
    /// One scalar type binds typed; anything else (several types, a $ref, a composition) binds as JSON.
    /// A scalar default fills an absent argument, as the shorthand's does.
    /// </summary>
    private static IReadOnlyList<InputModel> TopLevelInputs(YamlMappingNode root)
    {
        var inputs = new List<InputModel>();
        var required = root.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "required" }).Value is YamlSequenceNode list
            ? list.Children.OfType<YamlScalarNode>().Select(s => s.Value).ToList()
            : new List<string?>();
        if (root.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "properties" }).Value is not YamlMappingNode properties) return inputs;
        foreach (var pair in properties.Children)
        {
            if (pair.Key is not YamlScalarNode { Value: { } name }) continue;
            var property = pair.Value as YamlMappingNode;
            string? Scalar(string key) => property?.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: { } k } && k == key).Value is YamlScalarNode s ? s.Value : null;
            var type = Scalar("type") switch
            {
                "string" => InputKind.String,
                "integer" => InputKind.Integer,
                "number" => InputKind.Number,
                "boolean" => InputKind.Boolean,
                _ => InputKind.Object,
            };
            // Anything but one scalar type binds as JSON (a JsonElement), which the emitters give Object inputs.
            var input = new InputModel { Name = name, Type = type, Description = Scalar("description"), Required = required.Contains(name) };
            var defaultNode = property?.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "default" }).Value as YamlScalarNode;
            if (defaultNode is not null && DefaultJson(type, defaultNode) is { } json)
            {
                input = input with { DefaultJson = json, DefaultText = type == InputKind.String ? defaultNode.Value : null };
            }
            inputs.Add(input);
        }
        return inputs;
    }

    private static string? DefaultJson(InputKind type, YamlScalarNode node)
    {
        var json = ScalarJson(node);
        return type switch
        {
            InputKind.String when json.StartsWith("\"", StringComparison.Ordinal) => json,
            InputKind.Integer when long.TryParse(json, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) => json,
            InputKind.Number when JsonNumber.IsMatch(json) => json,
            InputKind.Boolean when json is "true" or "false" => json,
            _ => null,
        };
    }

    // ---- Reporting ----

    private string Describe(string pointer) => _where + " #" + pointer;

    private void Error(DiagnosticDescriptor descriptor, YamlNode node, params string[] args)
    {
        _failed = true;
        _report(descriptor, node, args);
    }

    private void Warn(YamlNode key, string keyword, string at, string why) =>
        _report(SpecDiagnostics.UncheckedKeyword, key, keyword, Describe(at), why);
}
