using System;
using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.FrontEnds.OpenApi;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

internal sealed partial class SpecParser
{
    /// <summary>
    /// <c>openapi: ./api.yaml</c>, or the object form with a selection and per-operation shaping: the document's
    /// operations become tools beside the spec's own, and (unless the spec declares one) its first server becomes
    /// the upstream.
    /// </summary>
    private EquatableArray<ToolModel> Import(YamlNode node, ServerModel server, EquatableArray<ToolModel> tools, List<UpstreamModel> upstreams)
    {
        var options = ParseImportOptions(node, server);
        if (options is null) return tools;
        options.SpecUpstream = upstreams.Count > 0;
        // The dynamic mode lists its three tools beside the spec's own: a spec tool may not take one of their names.
        if (options.Dynamic)
        {
            foreach (var taken in tools.Where(t => Array.IndexOf(DynamicToolNames.All, t.Name) >= 0))
            {
                _r.Report(SpecDiagnostics.DuplicateToolName, options.ModeNode!, taken.Name);
            }
        }
        if (_importer.Import(options, tools.Select(t => t.Name).ToList()) is not { } result) return tools;
        // The import's reports at the spec name anchors: they are placed at this parse's nodes, wherever its lines are now.
        SpecAnchors.Replay(result.SpecDiagnostics, options.Anchors(), _r);
        _r.AddAll(result.DocumentDiagnostics);
        _imports.Add(new ImportReport(options.DocumentPath, result.Operations));
        foreach (var variable in result.Env)
        {
            // A variable the spec declares itself keeps the spec's declaration (its default, its description).
            if (!_env.ContainsKey(variable.Name)) _env[variable.Name] = variable;
        }
        if (result.Upstream is { } upstream) upstreams.Add(upstream);
        else if (upstreams.Count == 0) _r.Report(SpecDiagnostics.MissingKey, node, "The spec (its OpenAPI document gave no server)", "upstream");
        var imported = result.Tools.Select(t => options.Dynamic ? t with { Dynamic = true } : t);
        return new EquatableArray<ToolModel>(tools.Concat(imported).ToArray());
    }

    private ImportOptions? ParseImportOptions(YamlNode node, ServerModel server)
    {
        var options = new ImportOptions { EnvPrefix = OpenApiImporter.UpperSnake(server.Name) };
        YamlNode? document;
        if (node is YamlScalarNode)
        {
            document = node;
        }
        else
        {
            var m = _r.Mapping(node, "openapi", SpecKeys.OpenApi);
            if (m is null) return null;
            document = m["document"];
            if (document is null)
            {
                _r.Report(SpecDiagnostics.MissingKey, m.Node, "openapi", "document");
                return null;
            }
            options.Deprecated = _r.Bool(m["deprecated"], "openapi.deprecated") ?? false;
            if (_r.String(m["mode"], "openapi.mode") is { } mode)
            {
                options.ModeNode = m["mode"];
                if (mode is "dynamic" or "tools") options.Dynamic = mode == "dynamic";
                else _r.Report(SpecDiagnostics.InvalidValue, m["mode"]!, "openapi.mode", "it is 'tools' (one tool per operation, the default) or 'dynamic' (search_operations, describe_operation and call_operation)");
            }
            ParseRules(m["select"], options);
            if (_r.Sequence(m["toolsets"], "openapi.toolsets") is { } toolsets)
            {
                options.Toolsets = toolsets.Children.Select(c => (_r.String(c, "openapi.toolsets") ?? "", c)).ToList();
            }
            ParseOperations(m["operations"], options);
            if (_r.Mapping(m["env"], "openapi.env", null) is { } env)
            {
                foreach (var (derived, _, value) in env.Entries)
                {
                    if (_r.String(value, "openapi.env." + derived) is { } name) options.EnvRenames[derived] = name;
                }
            }
        }
        var path = _r.String(document, "openapi.document");
        if (path is null) return null;
        if (path.Contains("://"))
        {
            _r.Report(SpecDiagnostics.DocumentUnreadable, document, path, "the build reads no network address; save the document beside the spec");
            return null;
        }
        options.DocumentPath = DocumentPaths.Combine(_filePath, path);
        options.DocumentNode = document!;
        if (!DocumentPaths.IsWithin(options.DocumentPath, DocumentPaths.Directory(_filePath)))
        {
            _r.Report(SpecDiagnostics.DocumentUnreadable, document, path, "it is outside the spec's folder; documents are read only from the spec's folder and below it");
            return null;
        }
        return options;
    }

    private void ParseRules(YamlNode? node, ImportOptions options)
    {
        if (_r.Sequence(node, "openapi.select") is not { } list) return;
        foreach (var item in list.Children)
        {
            var m = _r.Mapping(item, "openapi.select[]", SpecKeys.OpenApiRule);
            if (m is null) continue;
            var include = m.Has("include");
            if (include == m.Has("exclude"))
            {
                _r.Report(SpecDiagnostics.InvalidValue, item, "openapi.select[]", "each rule is either { include: {...} } or { exclude: {...} }");
                continue;
            }
            var match = _r.Mapping(m[include ? "include" : "exclude"], "openapi.select[]." + (include ? "include" : "exclude"), SpecKeys.OpenApiMatch);
            if (match is null) continue;
            var rule = new SelectRule { Include = include, Node = item, Tag = _r.String(match["tag"], "tag"), OperationId = _r.String(match["operationId"], "operationId") };
            if (_r.String(match["path"], "path") is { } glob) rule.Path = SelectRule.Glob(glob);
            if (match["method"] is YamlSequenceNode methods) rule.Methods = new HashSet<string>(methods.Children.Select(c => (_r.String(c, "method") ?? "").ToUpperInvariant()), StringComparer.Ordinal);
            else if (_r.String(match["method"], "method") is { } method) rule.Methods = new HashSet<string>(new[] { method.ToUpperInvariant() }, StringComparer.Ordinal);
            options.Rules.Add(rule);
        }
    }

    private void ParseOperations(YamlNode? node, ImportOptions options)
    {
        if (_r.Mapping(node, "openapi.operations", null) is not { } operations) return;
        foreach (var (key, keyNode, value) in operations.Entries)
        {
            var where = "openapi.operations." + key;
            var m = _r.Mapping(value, where, SpecKeys.OpenApiOperation);
            if (m is null) continue;
            var o = new OperationOverride
            {
                Node = keyNode,
                Name = _r.String(m["name"], where + ".name"),
                Title = _r.String(m["title"], where + ".title"),
                Description = _r.String(m["description"], where + ".description"),
                Group = _r.String(m["group"], where + ".group"),
                Scope = ParseScope(m["scope"], where),
                Include = _r.Bool(m["include"], where + ".include"),
            };
            if (_r.Mapping(m["annotations"], where + ".annotations", SpecKeys.Annotations) is { } a)
            {
                o.ReadOnly = _r.Bool(a["readOnly"], "annotations.readOnly");
                o.Destructive = _r.Bool(a["destructive"], "annotations.destructive");
                o.Idempotent = _r.Bool(a["idempotent"], "annotations.idempotent");
                o.OpenWorld = _r.Bool(a["openWorld"], "annotations.openWorld");
            }
            if (_r.Mapping(m["rename"], where + ".rename", null) is { } rename)
            {
                foreach (var (from, _, to) in rename.Entries)
                {
                    if (_r.String(to, where + ".rename." + from) is { } name) o.Rename[from] = name;
                }
            }
            if (_r.Mapping(m["hidden"], where + ".hidden", null) is { } hidden)
            {
                foreach (var (argument, argumentKey, fixedNode) in hidden.Entries)
                {
                    if (_r.String(fixedNode, where + ".hidden." + argument) is { } fixedValue) o.Hidden[argument] = (fixedValue, argumentKey);
                }
            }
            options.Operations[key] = o;
        }
    }
}
