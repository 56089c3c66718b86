using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.Parsing;

internal sealed partial class SpecParser
{
    private static readonly string[] ToolKeys = { "name", "title", "description", "group", "annotations", "input", "http", "errors" };
    private static readonly string[] AnnotationKeys = { "readOnly", "destructive", "idempotent", "openWorld" };
    private static readonly string[] HttpKeys = { "method", "path", "query", "headers", "body" };
    private static readonly string[] Methods = { "GET", "POST", "PUT", "PATCH", "DELETE" };
    private static readonly Regex ToolNameChars = new("^[a-zA-Z0-9_-]+$");

    private EquatableArray<ToolModel> ParseTools(YamlNode? node)
    {
        var sequence = _r.Sequence(node, "tools");
        if (sequence is null) return EquatableArray<ToolModel>.Empty;

        var tools = new List<ToolModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in sequence.Children)
        {
            var tool = ParseTool(item, "tools[" + index++ + "]", seen);
            if (tool is not null) tools.Add(tool);
        }
        return new EquatableArray<ToolModel>(tools.ToArray());
    }

    private ToolModel? ParseTool(YamlNode node, string where, HashSet<string> seen)
    {
        var m = _r.Mapping(node, where, ToolKeys);
        if (m is null) return null;

        var name = RequiredString(m, "name", where);
        if (name is null) return null;
        where = "tool '" + name + "'";

        var nameNode = m["name"]!;
        if (name.Length == 0 || name.Length > 64)
        {
            _r.Report(SpecDiagnostics.InvalidToolName.Id, nameNode, name, "MCP clients accept 1 to 64 characters, this has " + name.Length);
        }
        else if (!ToolNameChars.IsMatch(name))
        {
            _r.Report(SpecDiagnostics.InvalidToolName.Id, nameNode, name, "MCP clients accept only letters, digits, '_' and '-'");
        }
        if (!seen.Add(name))
        {
            _r.Report(SpecDiagnostics.DuplicateToolName.Id, nameNode, name);
        }

        var a = _r.Mapping(m["annotations"], where + " annotations", AnnotationKeys);
        var annotations = new AnnotationsModel(
            _r.Bool(a?["readOnly"], "annotations.readOnly"),
            _r.Bool(a?["destructive"], "annotations.destructive"),
            _r.Bool(a?["idempotent"], "annotations.idempotent"),
            _r.Bool(a?["openWorld"], "annotations.openWorld"));

        var inputs = ParseInputs(m["input"], where + " input");
        var byName = inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);

        if (m["http"] is null)
        {
            _r.Report(SpecDiagnostics.MissingKey.Id, m.Node, where, "http");
            return null;
        }
        var http = ParseHttp(m["http"]!, name, byName);
        if (http is null) return null;

        return new ToolModel(
            name,
            _r.String(m["title"], where + ".title"),
            _r.String(m["description"], where + ".description"),
            _r.String(m["group"], where + ".group"),
            annotations,
            new EquatableArray<InputModel>(inputs.ToArray()),
            http,
            ParseErrorHints(m["errors"], where + " errors"));
    }

    private HttpModel? ParseHttp(YamlNode node, string tool, IReadOnlyDictionary<string, InputModel> inputs)
    {
        var where = "tool '" + tool + "' http";
        var m = _r.Mapping(node, where, HttpKeys);
        if (m is null) return null;

        var method = RequiredString(m, "method", where)?.ToUpperInvariant();
        if (method is not null && Array.IndexOf(Methods, method) < 0)
        {
            _r.Report(SpecDiagnostics.InvalidValue.Id, m["method"], "http.method", "'" + method + "' is not one of: " + string.Join(", ", Methods) + " (tool '" + tool + "')");
        }

        var pathText = RequiredString(m, "path", where);
        if (pathText is null || method is null) return null;
        var pathNode = m["path"]!;
        var path = InputTemplate(pathText, pathNode, inputs, where);

        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in path.Parts.Where(p => p.Kind == TemplatePartKind.Input))
        {
            if (!inputs.TryGetValue(part.Value, out var input))
            {
                _r.Report(SpecDiagnostics.UnboundPathParameter.Id, pathNode, part.Value, tool);
                continue;
            }
            if (!input.Required || (input.Type != InputType.String && input.Type != InputType.Integer))
            {
                _r.Report(SpecDiagnostics.PathParameterNotRequired.Id, pathNode, part.Value, tool);
            }
            used.Add(part.Value);
        }

        var query = ParseMappings(m["query"], "query", tool, inputs);
        var headers = ParseHeaders(m["headers"], where + ".headers", inputs);
        foreach (var header in headers)
        {
            foreach (var part in header.Value.Parts.Where(p => p.Kind == TemplatePartKind.Input))
            {
                if (!inputs.ContainsKey(part.Value))
                {
                    _r.Report(SpecDiagnostics.UnknownInput.Id, m["headers"], part.Value, "header '" + header.Name + "'", tool);
                }
                used.Add(part.Value);
            }
        }
        used.UnionWith(query.Select(q => q.InputName));

        EquatableArray<ParameterMapping> body;
        if (m.Has("body"))
        {
            body = ParseMappings(m["body"], "body", tool, inputs);
        }
        else if (method is "POST" or "PUT" or "PATCH")
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

        return new HttpModel(method, path, query, headers, body);
    }

    /// <summary>A list of input names, or a map { wireName: inputName }.</summary>
    private EquatableArray<ParameterMapping> ParseMappings(YamlNode? node, string what, string tool, IReadOnlyDictionary<string, InputModel> inputs)
    {
        if (node is null || SpecReader.IsNull(node)) return EquatableArray<ParameterMapping>.Empty;
        var result = new List<ParameterMapping>();
        void Add(string wire, string input, YamlNode at)
        {
            if (!inputs.ContainsKey(input)) _r.Report(SpecDiagnostics.UnknownInput.Id, at, input, what, tool);
            else result.Add(new ParameterMapping(wire, input));
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
                _r.Report(SpecDiagnostics.WrongType.Id, node, what, "a list of input names or a map { name: input }");
                break;
        }
        return new EquatableArray<ParameterMapping>(result.ToArray());
    }
}
