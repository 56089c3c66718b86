using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

internal sealed partial class SpecParser
{
    private static readonly string[] Methods = { "GET", "POST", "PUT", "PATCH", "DELETE" };


    private EquatableArray<ToolModel> ParseTools(YamlNode? node) => ParseList<ToolModel>(node, "tools", ParseTool);

    /// <summary>A list of named items (tools, resources, prompts).</summary>
    private EquatableArray<T> ParseList<T>(YamlNode? node, string what, Func<YamlNode, string, T?> parseItem)
        where T : class, IEquatable<T>
    {
        var sequence = _r.Sequence(node, what);
        if (sequence is null) return EquatableArray<T>.Empty;
        var items = new List<T>();
        var index = 0;
        foreach (var item in sequence.Children)
        {
            if (parseItem(item, what + "[" + index++ + "]") is { } parsed) items.Add(parsed);
        }
        return new EquatableArray<T>(items.ToArray());
    }

    private ToolModel? ParseTool(YamlNode node, string where)
    {
        var m = _r.Mapping(node, where, SpecKeys.Tool);
        if (m is null) return null;

        var name = RequiredString(m, "name", where);
        if (name is null) return null;
        where = "tool '" + name + "'";

        DeclareName(OwnerKind.Tool, name, m["name"]!);

        var a = _r.Mapping(m["annotations"], where + " annotations", SpecKeys.Annotations);
        var annotations = new AnnotationsModel(
            _r.Bool(a?["readOnly"], "annotations.readOnly"),
            _r.Bool(a?["destructive"], "annotations.destructive"),
            _r.Bool(a?["idempotent"], "annotations.idempotent"),
            _r.Bool(a?["openWorld"], "annotations.openWorld"));

        var inputSchema = RawSchema(m, "input", "inputSchema", where);
        var inputs = inputSchema?.Inputs.ToList() ?? ParseInputs(m["input"], where + " input");
        var byName = inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);

        // Exactly one source of the result: an upstream call, a static template, C#, or a SQL statement.
        var sources = new[] { "http", "result", "handler", "sql" }.Where(m.Has).ToList();
        if (sources.Count == 0)
        {
            _r.Report(SpecDiagnostics.MissingKey, m.Node, where + " (one of http, result, handler, sql)", "http");
            return null;
        }
        if (sources.Count > 1)
        {
            _r.Report(SpecDiagnostics.InvalidValue, m.KeyNode(sources[1]), where, "give one of http, result, handler or sql, not " + string.Join(" and ", sources));
            return null;
        }
        var kind = sources[0] switch { "http" => ToolKind.Http, "result" => ToolKind.Static, "sql" => ToolKind.Sql, _ => ToolKind.Handler };
        HttpModel? http = null;
        SqlModel? sql = null;
        var result = EquatableArray<ContentModel>.Empty;
        var scope = ParseScope(m["scope"], where);
        if (kind == ToolKind.Http)
        {
            http = ParseHttp(m["http"]!, name, byName, resource: false);
            if (http is null) return null;
        }
        else if (kind == ToolKind.Sql)
        {
            sql = ParseSql(m["sql"]!, name, m, inputs, annotations.ReadOnly, scope);
            if (sql is null) return null;
            // The read-only decision is published as the readOnlyHint when the spec does not state one.
            if (annotations.ReadOnly is null) annotations = annotations with { ReadOnly = sql.ReadOnly };
        }
        else if (kind == ToolKind.Static)
        {
            result = ParseContentList(m["result"]!, where + ".result");
        }
        else if (ParseHandler(m, where) && m["handler"] is { } handlerNode)
        {
            AddHandler(HandlerKind.Tool, name, handlerNode);
        }

        var upstream = kind == ToolKind.Http ? UpstreamOf(m, OwnerKind.Tool, name, where) : "";

        var outputSchema = RawSchema(m, "output", "outputSchema", where);
        var output = outputSchema is null ? ParseInputs(m["output"], where + " output") : new List<InputModel>();
        return new ToolModel
        {
            Name = name,
            Title = _r.String(m["title"], where + ".title"),
            Description = _r.String(m["description"], where + ".description"),
            Group = _r.String(m["group"], where + ".group"),
            Annotations = annotations,
            Inputs = new EquatableArray<InputModel>(inputs.ToArray()),
            Kind = kind,
            Http = http,
            Sql = sql,
            Result = result,
            Errors = ParseErrorHints(m["errors"], where + " errors"),
            Upstream = upstream,
            Auth = ParseAuth(m["auth"], where + ".auth"),
            TimeoutMilliseconds = OptionalDuration(m["timeout"], where + ".timeout"),
            Retry = _r.Bool(m["retry"], where + ".retry"),
            Response = ParseResponse(m["response"], where + ".response"),
            Pagination = ParsePagination(m["pagination"], where + ".pagination", name, byName),
            Output = new EquatableArray<InputModel>(output.ToArray()),
            Scope = scope,
            InputSchema = inputSchema?.Schema,
            OutputSchema = outputSchema?.Schema,
        };
    }

    /// <summary>A raw JSON Schema under <paramref name="key"/>, which replaces the <paramref name="shorthand"/> key.</summary>
    private FrontEnds.Schema.SchemaReadResult? RawSchema(MappingEntries m, string shorthand, string key, string where)
    {
        if (m[key] is not { } node) return null;
        if (m.Has(shorthand))
        {
            _r.Report(SpecDiagnostics.InvalidValue, m.KeyNode(key), where + "." + key, "give either '" + shorthand + "' or '" + key + "', not both");
            return null;
        }
        return FrontEnds.Schema.SchemaReader.Read(node, where + " " + key, (descriptor, at, args) => _r.Report(descriptor, at, args));
    }

    /// <summary>The inbound scope a tool needs, when its verb alone would say otherwise.</summary>
    private string? ParseScope(YamlNode? node, string where)
    {
        var scope = _r.String(node, where + ".scope");
        if (scope is null || System.Array.IndexOf(Scopes.All, scope) >= 0) return scope;
        _r.Report(SpecDiagnostics.InvalidValue, node, where + ".scope", "'" + scope + "' is not one of: " + string.Join(", ", Scopes.All));
        return null;
    }

    private ResponseModel? ParseResponse(YamlNode? node, string where)
    {
        var m = _r.Mapping(node, where, SpecKeys.Response);
        if (m is null) return null;
        var pick = JsonPaths(m["pick"], where + ".pick");
        var omit = JsonPaths(m["omit"], where + ".omit");
        var renames = new List<RenameModel>();
        if (_r.Mapping(m["rename"], where + ".rename", null) is { } rename)
        {
            foreach (var (from, _, value) in rename.Entries)
            {
                if (_r.String(value, where + ".rename." + from) is { } to) renames.Add(new RenameModel(from, to));
            }
        }
        var maxSize = OptionalSize(m["maxSize"], where + ".maxSize");
        if (maxSize is < 64 or > int.MaxValue)
        {
            _r.Report(SpecDiagnostics.InvalidValue, m["maxSize"], where + ".maxSize", "between 64B and 2000MB");
            maxSize = null;
        }
        return new ResponseModel(
            pick,
            new EquatableArray<RenameModel>(renames.ToArray()),
            _r.Bool(m["dropNulls"], where + ".dropNulls") ?? false,
            (int?)maxSize,
            omit);
    }

    private EquatableArray<JsonPathModel> JsonPaths(YamlNode? node, string where)
    {
        var paths = new List<JsonPathModel>();
        if (_r.Sequence(node, where) is { } list)
        {
            foreach (var item in list.Children)
            {
                if (_r.String(item, where) is { } text && JsonPath(text, item, where) is { } path) paths.Add(path);
            }
        }
        return new EquatableArray<JsonPathModel>(paths.ToArray());
    }

    private PaginationModel? ParsePagination(YamlNode? node, string where, string tool, IReadOnlyDictionary<string, InputModel> inputs)
    {
        var m = _r.Mapping(node, where, SpecKeys.Pagination);
        if (m is null) return null;
        var nextText = RequiredString(m, "next", where);
        var input = RequiredString(m, "input", where);
        if (input is not null) Reference(ReferenceKind.Input, input, OwnerKind.Tool, tool, "pagination", m["input"]);
        return nextText is not null && input is not null && JsonPath(nextText, m["next"]!, where + ".next") is { } next
            ? new PaginationModel(next, input)
            : null;
    }

    /// <summary>
    /// A JSON pointer (<c>/data/0/id</c>) or a dot path (<c>data[*].id</c>, <c>meta.next_cursor</c>) -> segments.
    /// </summary>
    private JsonPathModel? JsonPath(string text, YamlNode node, string where)
    {
        var segments = new List<string>();
        if (text.StartsWith("/", StringComparison.Ordinal))
        {
            segments.AddRange(JsonPointer.Segments(text));
        }
        else
        {
            foreach (var part in text.Split('.'))
            {
                var name = part;
                var bracket = name.IndexOf('[');
                var rest = bracket < 0 ? "" : name.Substring(bracket);
                if (bracket >= 0) name = name.Substring(0, bracket);
                if (name.Length > 0) segments.Add(name);
                else if (rest.Length == 0) return BadPath(node, where, text);
                while (rest.Length > 0)
                {
                    var close = rest.IndexOf(']');
                    if (!rest.StartsWith("[", StringComparison.Ordinal) || close < 2) return BadPath(node, where, text);
                    var inner = rest.Substring(1, close - 1);
                    if (inner != "*" && !inner.All(char.IsDigit)) return BadPath(node, where, text);
                    segments.Add(inner);
                    rest = rest.Substring(close + 1);
                }
            }
        }
        if (segments.Count == 0 || segments.Any(s => s.Length == 0)) return BadPath(node, where, text);
        return new JsonPathModel(text, new EquatableArray<string>(segments.ToArray()));
    }

    private JsonPathModel? BadPath(YamlNode node, string where, string text)
    {
        _r.Report(SpecDiagnostics.InvalidValue, node, where, "'" + text + "' is not a JSON pointer (/a/0/b) or a path (a[*].b, a.b)");
        return null;
    }

    /// <summary>The upstream a tool or resource names ("" for none: the resolver takes the only one).</summary>
    private string UpstreamOf(MappingEntries m, OwnerKind ownerKind, string owner, string where)
    {
        var upstream = _r.String(m["upstream"], where + ".upstream") ?? "";
        Reference(ReferenceKind.Upstream, upstream, ownerKind, owner, where, upstream.Length > 0 ? m["upstream"] : m.Node);
        return upstream;
    }

    /// <param name="resource">Resources: inputs are the URI variables, and query values are templates over them.</param>
    private HttpModel? ParseHttp(YamlNode node, string tool, IReadOnlyDictionary<string, InputModel> inputs, bool resource)
    {
        var where = (resource ? "resource '" : "tool '") + tool + "' http";
        var m = _r.Mapping(node, where, resource ? SpecKeys.Http : SpecKeys.ToolHttp);
        if (m is null) return null;

        var method = RequiredString(m, "method", where)?.ToUpperInvariant();
        if (method is not null && Array.IndexOf(Methods, method) < 0)
        {
            _r.Report(SpecDiagnostics.InvalidValue, m["method"], "http.method", "'" + method + "' is not one of: " + string.Join(", ", Methods) + " (tool '" + tool + "')");
        }

        var pathText = RequiredString(m, "path", where);
        if (pathText is null || method is null) return null;
        var pathNode = m["path"]!;
        var path = InputTemplate(pathText, pathNode, inputs, where);

        var used = new HashSet<string>(StringComparer.Ordinal);
        var owner = resource ? OwnerKind.Resource : OwnerKind.Tool;
        var declared = resource ? new List<ParameterMapping>() : ParseParameters(m["parameters"], where + ".parameters", tool, inputs);
        foreach (var parameter in declared)
        {
            if (parameter.InputName.Length > 0) used.Add(parameter.InputName);
            foreach (var part in parameter.Value?.Parts.Where(p => p.Kind == TemplatePartKind.Input) ?? Enumerable.Empty<TemplatePart>()) used.Add(part.Value);
        }
        var pathNames = path.Parts.Where(p => p.Kind == TemplatePartKind.Input).Select(p => p.Value).ToList();
        foreach (var missing in declared.Where(p => p.In == ParameterLocation.Path && !pathNames.Contains(p.WireName)))
        {
            _r.Report(SpecDiagnostics.InvalidValue, pathNode, where + ".path", "it has no {" + missing.WireName + "} for the path parameter '" + missing.WireName + "'");
        }
        // A {name} no declared path parameter takes is the short form: a required string or integer input (checked by the resolver).
        var shortPath = new List<string>();
        foreach (var name in pathNames.Distinct())
        {
            if (declared.Any(p => p.In == ParameterLocation.Path && p.WireName == name)) continue;
            Reference(ReferenceKind.PathParameter, name, owner, tool, "path", pathNode);
            used.Add(name);
            if (resource || inputs.ContainsKey(name)) shortPath.Add(name);
        }

        var parameters = new List<ParameterMapping>();
        foreach (var name in shortPath) parameters.Add(new ParameterMapping(name, name) { In = ParameterLocation.Path, Style = ParameterStyle.Simple, Explode = false });
        if (resource)
        {
            var queryTemplates = ParseHeaders(m["query"], where + ".query", inputs);
            foreach (var part in queryTemplates.SelectMany(q => q.Value.Parts).Where(p => p.Kind == TemplatePartKind.Input))
            {
                Reference(ReferenceKind.Input, part.Value, owner, tool, "query", m["query"]);
            }
            foreach (var q in queryTemplates) parameters.Add(new ParameterMapping(q.Name, "") { Value = q.Value });
        }
        else
        {
            var query = ParseMappings(m["query"], "query", tool);
            parameters.AddRange(query);
            used.UnionWith(query.Select(q => q.InputName));
        }
        var headers = ParseHeaders(m["headers"], where + ".headers", inputs);
        foreach (var header in headers)
        {
            foreach (var part in header.Value.Parts.Where(p => p.Kind == TemplatePartKind.Input))
            {
                Reference(ReferenceKind.Input, part.Value, owner, tool, "header '" + header.Name + "'", m["headers"]);
                used.Add(part.Value);
            }
            parameters.Add(new ParameterMapping(header.Name, "") { In = ParameterLocation.Header, Value = header.Value, Style = ParameterStyle.Simple, Explode = false });
        }
        foreach (var parameter in declared)
        {
            if (parameters.Any(p => p.In == parameter.In && string.Equals(p.WireName, parameter.WireName, StringComparison.OrdinalIgnoreCase)))
            {
                _r.Report(SpecDiagnostics.DuplicateParameter, m["parameters"], parameter.In.ToString().ToLowerInvariant(), parameter.WireName, tool);
                continue;
            }
            parameters.Add(parameter);
        }

        if (m.Has("requestBody"))
        {
            if (m.Has("body"))
            {
                _r.Report(SpecDiagnostics.RequestBodyShape, m.KeyNode("requestBody"), "given", tool, "is given twice: use 'body' (JSON properties) or 'requestBody', not both");
                return null;
            }
            var requestBody = ParseRequestBody(m["requestBody"]!, where + ".requestBody", tool, inputs, used);
            return new HttpModel(method, path, new EquatableArray<ParameterMapping>(parameters.ToArray()), requestBody);
        }

        EquatableArray<ParameterMapping> body;
        if (m.Has("body"))
        {
            body = ParseMappings(m["body"], "body", tool);
        }
        else if (method is "POST" or "PUT" or "PATCH" && !resource)
        {
            // Default body: every input the path, query and headers have not taken, in declaration order.
            body = new EquatableArray<ParameterMapping>(inputs.Values
                .Where(i => !used.Contains(i.Name))
                .Select(i => new ParameterMapping(i.Name, i.Name))
                .ToArray());
        }
        else
        {
            body = EquatableArray<ParameterMapping>.Empty;
        }

        var bodyModel = body.IsEmpty ? null : new BodyModel(BodyEncoding.Json, "application/json") { Properties = body };
        return new HttpModel(method, path, new EquatableArray<ParameterMapping>(parameters.ToArray()), bodyModel);
    }

    /// <summary>A list of input names, or a map { wireName: inputName }.</summary>
    private EquatableArray<ParameterMapping> ParseMappings(YamlNode? node, string what, string tool)
    {
        if (node is null || SpecReader.IsNull(node)) return EquatableArray<ParameterMapping>.Empty;
        var result = new List<ParameterMapping>();
        void Add(string wire, string input, YamlNode at)
        {
            Reference(ReferenceKind.Input, input, OwnerKind.Tool, tool, what, at);
            result.Add(new ParameterMapping(wire, input));
        }

        switch (node)
        {
            case YamlSequenceNode seq:
                foreach (var item in seq.Children)
                {
                    if (_r.String(item, what) is { } name) Add(name, name, item);
                }
                break;
            case YamlMappingNode:
                var m = _r.Mapping(node, what, null)!;
                foreach (var (wire, _, value) in m.Entries)
                {
                    if (_r.String(value, what + "." + wire) is { } name) Add(wire, name, value);
                }
                break;
            default:
                _r.Report(SpecDiagnostics.WrongType, node, what, "a list of input names or a map { name: input }");
                break;
        }
        return new EquatableArray<ParameterMapping>(result.ToArray());
    }
}
