using System;
using System.Collections.Generic;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>Which side of the API a schema describes: inputs leave out <c>readOnly</c> properties, outputs <c>writeOnly</c> ones.</summary>
internal enum SchemaSide
{
    Input,
    Output,
}

/// <summary>
/// One published schema being built: the recursive definitions it needs, the schemas already inlined (each
/// converted once, its one node placed wherever it is referenced), and why it cannot be used, if it cannot.
/// </summary>
internal sealed class SchemaBuild
{
    public SchemaBuild(SchemaSide side) => Side = side;

    public SchemaSide Side { get; }

    /// <summary>Recursive targets by key, with their $defs name, in the order first needed.</summary>
    public List<(string Key, string Name, Located Target)> Defs { get; } = new();

    public Dictionary<string, string> DefNames { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (YamlNode Node, int Size)> Inlined { get; } = new(StringComparer.Ordinal);

    /// <summary>Why the schema cannot be published (the operation is then skipped), with where it says so.</summary>
    public (string Reason, YamlNode At, OpenApiFile File)? Problem { get; set; }

    /// <summary>Mappings in the expanded schema: a guard against documents whose shared schemas expand enormously.</summary>
    public int Size { get; set; }
}

/// <summary>
/// OpenAPI schemas (Swagger 2.0, OpenAPI 3.0 and 3.1) -> one JSON Schema 2020-12 dialect, as YAML nodes that keep the
/// document's scalars (and so their lines and columns) for the raw-schema reader. <c>$ref</c>s are inlined, except
/// to schemas that reach themselves, which become <c>$defs</c> (so no expansion is endless), and to schemas a
/// built schema would hold more than once (<see cref="ShareRepeated"/>); <c>allOf</c> of plain
/// objects is merged; 3.0 <c>nullable</c> and boolean <c>exclusiveMinimum</c> become their 2020-12 forms; 3.1 type
/// lists are kept; <c>example</c> becomes <c>examples</c>; extensions and XML hints are dropped.
/// </summary>
internal sealed class OpenApiSchemas
{
    public const int MaxDepth = 64;
    public const int MaxSize = 20_000;

    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal) { "xml", "externalDocs", "$schema", "$id", "$anchor", "$comment", "nullable", "x-nullable", "example", "discriminator" };
    private static readonly HashSet<string> DataKeywords = new(StringComparer.Ordinal) { "enum", "const", "default", "example", "examples" };
    private static readonly HashSet<string> SingleSchema = new(StringComparer.Ordinal) { "items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else", "unevaluatedProperties", "unevaluatedItems" };
    private static readonly HashSet<string> SchemaLists = new(StringComparer.Ordinal) { "allOf", "anyOf", "oneOf", "prefixItems" };
    private static readonly HashSet<string> SchemaMaps = new(StringComparer.Ordinal) { "properties", "patternProperties", "dependentSchemas" };
    private static readonly HashSet<string> Mergeable = new(StringComparer.Ordinal) { "type", "properties", "required", "description", "title" };

    private readonly OpenApiDocuments _documents;
    private readonly Dictionary<string, List<Located>> _edges = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recursive = new(StringComparer.Ordinal);
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);

    public OpenApiSchemas(OpenApiDocuments documents) => _documents = documents;

    /// <summary>The schema at <paramref name="schema"/> converted for <paramref name="build"/>.</summary>
    public YamlNode Convert(SchemaBuild build, OpenApiFile file, YamlNode schema, int depth = 0)
    {
        if (build.Problem is not null) return Empty();
        if (depth > MaxDepth)
        {
            build.Problem = ("its schema nests more than " + MaxDepth + " levels deep without recursion", schema, file);
            return Empty();
        }
        if (schema is YamlScalarNode { Value: "true" or "false" }) return schema;
        if (schema is not YamlMappingNode mapping)
        {
            build.Problem = ("a schema there is not a mapping", schema, file);
            return Empty();
        }
        if (++build.Size > MaxSize)
        {
            build.Problem = ("its schema expands to more than " + MaxSize + " subschemas", schema, file);
            return Empty();
        }

        if (OpenApiDocuments.Child(mapping, "$ref") is { } refNode) return ConvertRef(build, file, mapping, refNode, depth);

        var result = new YamlMappingNode();
        var dropped = new List<string>();
        YamlNode? example = null;
        foreach (var (key, keyNode, value) in OpenApiDocuments.Entries(mapping))
        {
            if (key.StartsWith("x-", StringComparison.Ordinal) || Dropped.Contains(key))
            {
                if (key == "example") example = value;
                continue;
            }
            if (key == "type" && value is YamlScalarNode { Value: "file" })
            {
                build.Problem = ("it takes a file (type: file), which only a multipart body can carry", value, file);
                return Empty();
            }
            if (key is "exclusiveMinimum" or "exclusiveMaximum" && value is YamlScalarNode { Value: "true" or "false" } flag)
            {
                // 3.0 and 2.0: a boolean that makes minimum/maximum exclusive; 2020-12 gives the bound itself.
                if (flag.Value == "true" && OpenApiDocuments.Child(mapping, key == "exclusiveMinimum" ? "minimum" : "maximum") is { } bound) result.Add(keyNode, bound);
                continue;
            }
            if (key is "minimum" or "maximum" && OpenApiDocuments.Child(mapping, key == "minimum" ? "exclusiveMinimum" : "exclusiveMaximum") is YamlScalarNode { Value: "true" }) continue;

            if (DataKeywords.Contains(key)) result.Add(keyNode, value);
            else if (SingleSchema.Contains(key)) result.Add(keyNode, value is YamlSequenceNode ? value : Convert(build, file, value, depth + 1));
            else if (SchemaLists.Contains(key) && value is YamlSequenceNode list) result.Add(keyNode, new YamlSequenceNode(list.Children.Select(c => Convert(build, file, c, depth + 1))));
            else if (IsNameMap(key)) result.Add(keyNode, ConvertMap(build, file, value, depth, key == "properties" ? dropped : null));
            else result.Add(keyNode, value);
        }
        if (example is not null && OpenApiDocuments.Child(mapping, "examples") is null) result.Add(Text("examples"), new YamlSequenceNode(example));
        if (dropped.Count > 0 && OpenApiDocuments.Child(result, "required") is YamlSequenceNode required)
        {
            result.Children[Text("required")] = new YamlSequenceNode(required.Children.Where(r => !dropped.Contains(OpenApiDocuments.Scalar(r) ?? "")));
            if (((YamlSequenceNode)result.Children[Text("required")]).Children.Count == 0) result.Children.Remove(Text("required"));
        }
        var merged = MergeAllOf(result);
        var nullable = OpenApiDocuments.Child(mapping, "nullable") ?? OpenApiDocuments.Child(mapping, "x-nullable");
        return nullable is YamlScalarNode { Value: "true" } ? Nullable(merged) : merged;
    }

    private YamlNode ConvertRef(SchemaBuild build, OpenApiFile file, YamlMappingNode mapping, YamlNode refNode, int depth)
    {
        if (_documents.Resolve(file, refNode) is not { } target) return Empty();
        YamlNode converted;
        if (IsRecursive(target))
        {
            if (!build.DefNames.TryGetValue(target.Key, out var name))
            {
                name = DefName(build, target.Key);
                build.DefNames[target.Key] = name;
                build.Defs.Add((target.Key, name, target));
            }
            converted = RefTo(name);
        }
        else if (build.Inlined.TryGetValue(target.Key, out var done))
        {
            build.Size += done.Size;
            if (build.Size > MaxSize) build.Problem = ("its schema expands to more than " + MaxSize + " subschemas", refNode, file);
            converted = done.Node;
        }
        else
        {
            var before = build.Size;
            converted = Convert(build, target.File, target.Node, depth + 1);
            build.Inlined[target.Key] = (converted, build.Size - before);
        }

        // Keywords beside a $ref (a description, nullable, readOnly): applied over the referenced schema.
        var siblings = OpenApiDocuments.Entries(mapping).Where(e => e.Key != "$ref").ToList();
        if (siblings.Count == 0) return converted;
        var rest = new YamlMappingNode();
        foreach (var (_, keyNode, value) in siblings) rest.Add(keyNode, value);
        var extra = Convert(build, file, rest, depth + 1);
        if (extra is not YamlMappingNode { Children.Count: > 0 } extraMap) return converted;
        var combined = new YamlMappingNode();
        if (converted is YamlMappingNode convertedMap)
        {
            foreach (var pair in convertedMap.Children) combined.Add(pair.Key, pair.Value);
        }
        foreach (var pair in extraMap.Children)
        {
            if (pair.Key is YamlScalarNode { Value: "type" } && combined.Children.ContainsKey(pair.Key)) continue;
            combined.Children[pair.Key] = pair.Value;
        }
        return combined;
    }

    private YamlNode ConvertMap(SchemaBuild build, OpenApiFile file, YamlNode node, int depth, List<string>? dropped)
    {
        if (node is not YamlMappingNode map) return node;
        var result = new YamlMappingNode();
        foreach (var pair in map.Children)
        {
            var name = OpenApiDocuments.Scalar(pair.Key) ?? "";
            if (dropped is not null && IsFlagged(file, pair.Value, build.Side == SchemaSide.Input ? "readOnly" : "writeOnly"))
            {
                dropped.Add(name);
                continue;
            }
            result.Add(pair.Key, Convert(build, file, pair.Value, depth + 1));
        }
        return result;
    }

    /// <summary>Whether the schema (through its references) says <c>readOnly: true</c> (or writeOnly).</summary>
    private bool IsFlagged(OpenApiFile file, YamlNode schema, string flag)
    {
        var current = new Located(file, schema, "");
        for (var hop = 0; hop < 16; hop++)
        {
            if (OpenApiDocuments.Child(current.Node, flag) is YamlScalarNode { Value: "true" }) return true;
            if (OpenApiDocuments.Child(current.Node, "$ref") is not { } refNode || _documents.Resolve(current.File, refNode) is not { } next) return false;
            current = next;
        }
        return false;
    }

    /// <summary>
    /// <c>allOf</c> whose members are all plain objects (type, properties, required, description, title) with no
    /// property named twice becomes one object: what the document means, and what a model reads best.
    /// </summary>
    private static YamlNode MergeAllOf(YamlMappingNode schema)
    {
        if (OpenApiDocuments.Child(schema, "allOf") is not YamlSequenceNode { Children.Count: > 0 } parts) return schema;
        var own = OpenApiDocuments.Entries(schema).Where(e => e.Key != "allOf").ToList();
        var members = parts.Children.ToList();
        members.Insert(0, new YamlMappingNode(own.Select(e => new KeyValuePair<YamlNode, YamlNode>(e.KeyNode, e.Value))));
        var properties = new YamlMappingNode();
        var required = new List<YamlNode>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? type = null;
        foreach (var member in members)
        {
            if (member is not YamlMappingNode m) return schema;
            foreach (var (key, _, value) in OpenApiDocuments.Entries(m))
            {
                if (!Mergeable.Contains(key)) return schema;
                if (key == "type")
                {
                    if (value is not YamlScalarNode { Value: "object" }) return schema;
                    type = "object";
                }
            }
            foreach (var (name, keyNode, value) in OpenApiDocuments.Entries(OpenApiDocuments.Child(m, "properties")))
            {
                if (!names.Add(name)) return schema;
                properties.Add(keyNode, value);
            }
            if (OpenApiDocuments.Child(m, "required") is YamlSequenceNode r) required.AddRange(r.Children.Where(c => !required.Any(x => OpenApiDocuments.Scalar(x) == OpenApiDocuments.Scalar(c))));
        }
        var merged = new YamlMappingNode();
        foreach (var (key, keyNode, value) in own.Where(e => e.Key is "description" or "title")) merged.Add(keyNode, value);
        merged.Add(Text("type"), Plain(type ?? "object"));
        merged.Add(Text("properties"), properties);
        if (required.Count > 0) merged.Add(Text("required"), new YamlSequenceNode(required));
        return merged;
    }

    /// <summary>3.0's <c>nullable: true</c>: <c>null</c> joins the type list (or the enum), or the schema is one of itself or null.</summary>
    private static YamlNode Nullable(YamlNode schema)
    {
        if (schema is not YamlMappingNode m) return schema;
        var copy = new YamlMappingNode(m.Children);
        var type = OpenApiDocuments.Child(m, "type");
        if (type is YamlScalarNode { Value: { } single } && single != "null")
        {
            copy.Children[Text("type")] = new YamlSequenceNode(type, Text("null"));
        }
        else if (type is YamlSequenceNode list)
        {
            if (!list.Children.Any(c => OpenApiDocuments.Scalar(c) == "null")) copy.Children[Text("type")] = new YamlSequenceNode(list.Children.Concat(new[] { Text("null") }));
        }
        else if (type is null)
        {
            return new YamlMappingNode { { Text("anyOf"), new YamlSequenceNode(schema, new YamlMappingNode { { Text("type"), Text("null") } }) } };
        }
        if (OpenApiDocuments.Child(m, "enum") is YamlSequenceNode values && !values.Children.Any(v => v is YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" }))
        {
            copy.Children[Text("enum")] = new YamlSequenceNode(values.Children.Concat(new[] { Plain("null") }));
        }
        return copy;
    }

    /// <summary>
    /// Adds the definitions a build needs under <c>$defs</c> of <paramref name="root"/>: the recursive ones, and each
    /// referenced schema that the built schema holds more than once (see <see cref="ShareRepeated"/>).
    /// </summary>
    public void AddDefinitions(SchemaBuild build, YamlMappingNode root)
    {
        var defs = new YamlMappingNode();
        // Definitions may need further definitions: convert until none is new.
        for (var i = 0; i < build.Defs.Count && build.Problem is null; i++)
        {
            var (_, name, target) = build.Defs[i];
            defs.Add(Text(name), Convert(build, target.File, target.Node));
        }
        if (build.Problem is null) ShareRepeated(build, root, defs);
        if (defs.Children.Count > 0) root.Add(Text("$defs"), defs);
    }

    /// <summary>
    /// A referenced schema is converted once per build and the same node is placed wherever it is referenced
    /// (<see cref="SchemaBuild.Inlined"/>); one that is placed more than once becomes one <c>$defs</c> entry and a
    /// <c>$ref</c> at each place. Why: a large API's schemas repeat their shared parts (Kubernetes' object metadata,
    /// probes, resource quantities) many times in one tool, and written out each time they doubled what is published,
    /// validated and compiled. The tool's top-level arguments stay written out, since they are what binds each argument.
    /// </summary>
    private static void ShareRepeated(SchemaBuild build, YamlMappingNode root, YamlMappingNode defs)
    {
        var named = new Dictionary<YamlNode, string>(ReferenceComparer<YamlNode>.Instance);
        foreach (var pair in build.Inlined)
        {
            if (pair.Value.Node is YamlMappingNode { Children.Count: > 0 } node && !named.ContainsKey(node)) named[node] = pair.Key;
        }
        if (named.Count == 0) return;

        // Occurrences in the schema as it will be written: inside a shared schema once, not once per place it is at.
        var counts = new Dictionary<YamlNode, int>(ReferenceComparer<YamlNode>.Instance);
        var order = new List<YamlNode>();
        void Count(YamlNode node)
        {
            foreach (var child in Children(node))
            {
                if (named.ContainsKey(child))
                {
                    counts.TryGetValue(child, out var seen);
                    counts[child] = seen + 1;
                    if (seen > 0) continue;
                    order.Add(child);
                }
                Count(child);
            }
        }
        Count(root);
        Count(defs);
        var shared = new Dictionary<YamlNode, string>(ReferenceComparer<YamlNode>.Instance);
        foreach (var node in order)
        {
            if (counts[node] < 2) continue;
            var name = DefName(build, named[node]);
            build.DefNames[named[node]] = name;
            shared[node] = name;
        }
        if (shared.Count == 0) return;

        var rewritten = new HashSet<YamlNode>(ReferenceComparer<YamlNode>.Instance);
        void Rewrite(YamlNode node, bool keepChildren)
        {
            if (!rewritten.Add(node)) return;
            if (node is YamlMappingNode mapping)
            {
                foreach (var pair in mapping.Children.ToList())
                {
                    var keep = ReferenceEquals(node, root) && pair.Key is YamlScalarNode { Value: "properties" };
                    Rewrite(pair.Value, keep);
                    if (!keepChildren && shared.TryGetValue(pair.Value, out var name)) mapping.Children[pair.Key] = RefTo(name);
                }
            }
            else if (node is YamlSequenceNode sequence)
            {
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Rewrite(sequence.Children[i], false);
                    if (!keepChildren && shared.TryGetValue(sequence.Children[i], out var name)) sequence.Children[i] = RefTo(name);
                }
            }
        }
        Rewrite(root, false);
        Rewrite(defs, true);
        foreach (var node in order)
        {
            if (shared.TryGetValue(node, out var name)) defs.Add(Text(name), node);
        }
    }

    private static IEnumerable<YamlNode> Children(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.Select(p => p.Value),
        YamlSequenceNode sequence => sequence.Children,
        _ => Enumerable.Empty<YamlNode>(),
    };

    private static YamlMappingNode RefTo(string name) => new() { { Text("$ref"), new YamlScalarNode("#/$defs/" + name) { Style = ScalarStyle.DoubleQuoted } } };

    private static string DefName(SchemaBuild build, string key)
    {
        var last = key.Substring(key.LastIndexOf('/') + 1);
        if (last.Length == 0 || last.Contains('#')) last = key.Substring(key.LastIndexOf('/') + 1).TrimEnd('#');
        var clean = new string(last.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_').ToArray());
        if (clean.Length == 0) clean = "schema";
        var name = clean;
        for (var n = 2; build.DefNames.ContainsValue(name); n++) name = clean + "_" + n;
        return name;
    }

    // ---- Which referenced schemas reach themselves (strongly connected components, without recursion) ----

    private bool IsRecursive(Located target)
    {
        if (!_visited.Contains(target.Key)) FindCycles(target);
        return _recursive.Contains(target.Key);
    }

    private void FindCycles(Located start)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var work = new Stack<(Located Node, int Edge)>();
        var counter = 0;
        void Enter(Located node)
        {
            index[node.Key] = low[node.Key] = counter++;
            stack.Push(node.Key);
            onStack.Add(node.Key);
            work.Push((node, 0));
        }
        Enter(start);
        while (work.Count > 0)
        {
            var (node, edge) = work.Pop();
            var edges = Edges(node);
            if (edge < edges.Count)
            {
                work.Push((node, edge + 1));
                var next = edges[edge];
                if (_visited.Contains(next.Key)) continue;
                if (!index.ContainsKey(next.Key)) Enter(next);
                else if (onStack.Contains(next.Key)) low[node.Key] = Math.Min(low[node.Key], index[next.Key]);
                continue;
            }
            if (work.Count > 0)
            {
                var parent = work.Peek().Node.Key;
                low[parent] = Math.Min(low[parent], low[node.Key]);
            }
            if (low[node.Key] != index[node.Key]) continue;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node.Key);
            var selfLoop = component.Count == 1 && edges.Any(e => e.Key == node.Key);
            if (component.Count > 1 || selfLoop) _recursive.UnionWith(component);
            _visited.UnionWith(component);
        }
    }

    /// <summary>The schemas a schema refers to, found by walking it (not into data such as enum or example values).</summary>
    private List<Located> Edges(Located node)
    {
        if (_edges.TryGetValue(node.Key, out var known)) return known;
        var result = new List<Located>();
        // Each node with whether it is a map of names to schemas (properties, $defs...), whose keys are names, not keywords.
        var pending = new Stack<(YamlNode Node, bool Names)>();
        pending.Push((node.Node, false));
        while (pending.Count > 0)
        {
            var (current, names) = pending.Pop();
            switch (current)
            {
                case YamlMappingNode m when names:
                    // A property may be called "$ref" or "enum" (GitHub's SCIM schemas have a "$ref" member).
                    foreach (var (_, _, value) in OpenApiDocuments.Entries(m)) pending.Push((value, false));
                    break;
                case YamlMappingNode m:
                    foreach (var (key, _, value) in OpenApiDocuments.Entries(m))
                    {
                        if (key == "$ref")
                        {
                            if (_documents.Resolve(node.File, value) is { } target) result.Add(target);
                        }
                        else if (!DataKeywords.Contains(key) && !key.StartsWith("x-", StringComparison.Ordinal))
                        {
                            pending.Push((value, IsNameMap(key)));
                        }
                    }
                    break;
                case YamlSequenceNode s:
                    foreach (var child in s.Children) pending.Push((child, false));
                    break;
            }
        }
        _edges[node.Key] = result;
        return result;
    }

    /// <summary>Whether a keyword's value maps names (not keywords) to schemas.</summary>
    private static bool IsNameMap(string key) => SchemaMaps.Contains(key) || key is "$defs" or "definitions";

    public static YamlScalarNode Text(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    public static YamlScalarNode Plain(string value) => new(value) { Style = ScalarStyle.Plain };

    private static YamlMappingNode Empty() => new();
}
