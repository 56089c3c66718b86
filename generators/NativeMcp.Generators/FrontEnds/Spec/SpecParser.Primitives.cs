using System;
using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

/// <summary>Resources, prompts, completions, content items, handlers and embedded files.</summary>
internal sealed partial class SpecParser
{

    private readonly List<HandlerDeclaration> _handlers = new();
    private readonly List<AssetDeclaration> _assets = new();

    private bool ParseHandler(MappingEntries m, string where)
    {
        if (_r.String(m["handler"], where + ".handler") is "csharp") return true;
        _r.Report(SpecDiagnostics.InvalidValue, m["handler"], where + ".handler", "the only handler kind is 'csharp'");
        return false;
    }

    private void AddHandler(HandlerKind kind, string name, YamlNode node) =>
        _handlers.Add(new HandlerDeclaration(kind, name, _r.Locate(node.Start, node.End)));

    private string? Asset(YamlNode node, string where)
    {
        var path = _r.String(node, where);
        if (path is null) return null;
        if (path.StartsWith("/", StringComparison.Ordinal) || path.Contains("..") || !path.StartsWith("assets/", StringComparison.Ordinal))
        {
            _r.Report(SpecDiagnostics.InvalidValue, node, where, "'" + path + "' must be a path inside the assets folder beside the spec, like assets/logo.png");
            return null;
        }
        _assets.Add(new AssetDeclaration(path, _r.Locate(node.Start, node.End)));
        return path;
    }

    /// <summary>A list of content items, or a single string (one text item).</summary>
    private EquatableArray<ContentModel> ParseContentList(YamlNode node, string where)
    {
        if (node is YamlScalarNode) return new EquatableArray<ContentModel>(new[] { new ContentModel(ContentKind.Text, _r.String(node, where) ?? "", null, null, null) });
        var items = new List<ContentModel>();
        if (_r.Sequence(node, where) is { } list)
        {
            var index = 0;
            foreach (var item in list.Children)
            {
                var m = _r.Mapping(item, where + "[" + index++ + "]", SpecKeys.ContentItem);
                if (m is not null && ParseContent(m, where) is { } content) items.Add(content);
            }
        }
        return new EquatableArray<ContentModel>(items.ToArray());
    }

    /// <summary>One content item: exactly one of text, image, audio, resource.</summary>
    private ContentModel? ParseContent(MappingEntries m, string where)
    {
        var kinds = SpecKeys.ContentItem.Where(m.Has).ToList();
        if (kinds.Count != 1)
        {
            _r.Report(SpecDiagnostics.InvalidValue, m.Node, where, "each item needs exactly one of: text, image, audio, resource");
            return null;
        }
        switch (kinds[0])
        {
            case "text":
                return new ContentModel(ContentKind.Text, _r.String(m["text"], where + ".text") ?? "", null, null, null);
            case "image":
            case "audio":
                return Asset(m[kinds[0]]!, where + "." + kinds[0]) is { } asset
                    ? new ContentModel(kinds[0] == "image" ? ContentKind.Image : ContentKind.Audio, null, asset, null, null)
                    : null;
            default:
                var node = m["resource"]!;
                if (node is YamlScalarNode)
                {
                    // A URI of this server's own resources, read when the content is built.
                    return new ContentModel(ContentKind.Resource, null, null, _r.String(node, where + ".resource"), null);
                }
                var r = _r.Mapping(node, where + ".resource", SpecKeys.EmbeddedResource);
                if (r is null) return null;
                var uri = RequiredString(r, "uri", where + ".resource");
                var text = _r.String(r["text"], where + ".resource.text");
                var file = r["file"] is { } fileNode ? Asset(fileNode, where + ".resource.file") : null;
                if ((text is null) == (file is null))
                {
                    _r.Report(SpecDiagnostics.InvalidValue, r.Node, where + ".resource", "give either text or file");
                    return null;
                }
                return new ContentModel(ContentKind.Resource, text, file, uri, _r.String(r["mimeType"], where + ".resource.mimeType"));
        }
    }

    private EquatableArray<ResourceModel> ParseResources(YamlNode? node) => ParseList<ResourceModel>(node, "resources", ParseResource);

    private ResourceModel? ParseResource(YamlNode node, string where)
    {
        var m = _r.Mapping(node, where, SpecKeys.Resource);
        if (m is null) return null;
        var name = RequiredString(m, "name", where);
        if (name is null) return null;
        where = "resource '" + name + "'";
        DeclareName(OwnerKind.Resource, name, m["name"]!);

        var isTemplate = m.Has("uriTemplate");
        if (isTemplate == m.Has("uri"))
        {
            _r.Report(SpecDiagnostics.InvalidValue, m.Node, where, "give either uri (fixed) or uriTemplate");
            return null;
        }
        var uriKey = isTemplate ? "uriTemplate" : "uri";
        var uri = RequiredString(m, uriKey, where);
        if (uri is null) return null;
        var variables = isTemplate ? TemplateVariables(uri, m[uriKey]!, where) : new List<string>();
        if (variables is null) return null;
        var inputs = variables.ToDictionary(v => v, v => new InputModel { Name = v, Type = InputKind.String, Required = true }, StringComparer.Ordinal);

        var sources = new[] { "http", "text", "file", "handler" }.Where(m.Has).ToList();
        if (sources.Count != 1)
        {
            _r.Report(SpecDiagnostics.InvalidValue, m.Node, where, "give exactly one of http, text, file, handler");
            return null;
        }
        var source = sources[0] switch { "http" => ResourceSource.Http, "text" => ResourceSource.Text, "file" => ResourceSource.File, _ => ResourceSource.Handler };
        HttpModel? http = null;
        string? text = null, asset = null;
        switch (source)
        {
            case ResourceSource.Http:
                http = ParseHttp(m["http"]!, name, inputs, resource: true);
                if (http is null) return null;
                break;
            case ResourceSource.Text:
                text = _r.String(m["text"], where + ".text") ?? "";
                break;
            case ResourceSource.File:
                asset = Asset(m["file"]!, where + ".file");
                if (asset is null) return null;
                break;
            default:
                if (ParseHandler(m, where)) AddHandler(HandlerKind.Resource, name, m["handler"]!);
                break;
        }

        var complete = new List<CompletionModel>();
        if (_r.Mapping(m["complete"], where + ".complete", null) is { } completions)
        {
            foreach (var (variable, key, value) in completions.Entries)
            {
                Reference(ReferenceKind.Input, variable, OwnerKind.Resource, name, "complete", key);
                if (ParseCompletion(variable, value, where + ".complete." + variable, OwnerKind.Resource, name) is { } completion) complete.Add(completion);
            }
        }

        var mimeType = _r.String(m["mimeType"], where + ".mimeType")
            ?? source switch
            {
                ResourceSource.Text => "text/plain",
                ResourceSource.File => MimeTypeMap.FromPath(asset!),
                _ => "application/json",
            };
        return new ResourceModel
        {
            Name = name,
            Uri = uri,
            IsTemplate = isTemplate,
            Title = _r.String(m["title"], where + ".title"),
            Description = _r.String(m["description"], where + ".description"),
            MimeType = mimeType,
            Source = source,
            Http = http,
            Text = text,
            Asset = asset,
            Upstream = source == ResourceSource.Http ? UpstreamOf(m, OwnerKind.Resource, name, where) : "",
            Variables = new EquatableArray<string>(variables.ToArray()),
            Complete = new EquatableArray<CompletionModel>(complete.ToArray()),
        };
    }

    /// <summary>RFC 6570 level 1-2 expressions: {var}, {+var}, {#var}.</summary>
    private List<string>? TemplateVariables(string template, YamlNode node, string where)
    {
        var variables = new List<string>();
        var i = 0;
        while ((i = template.IndexOf('{', i)) >= 0)
        {
            var close = template.IndexOf('}', i);
            var expression = close < 0 ? "" : template.Substring(i + 1, close - i - 1);
            var name = expression.Length > 0 && expression[0] is '+' or '#' ? expression.Substring(1) : expression;
            if (close < 0 || name.Length == 0 || name.Any(c => !(char.IsLetterOrDigit(c) || c == '_')))
            {
                _r.Report(SpecDiagnostics.InvalidValue, node, where, "'" + template + "' is not an RFC 6570 level 1-2 template: use {name}, {+name} or {#name}");
                return null;
            }
            variables.Add(name);
            i = close + 1;
        }
        if (variables.Count == 0)
        {
            _r.Report(SpecDiagnostics.InvalidValue, node, where, "a uriTemplate needs at least one {variable}; use uri for a fixed URI");
            return null;
        }
        return variables;
    }

    private CompletionModel? ParseCompletion(string argument, YamlNode node, string where, OwnerKind ownerKind, string owner)
    {
        var m = _r.Mapping(node, where, SpecKeys.Completion);
        if (m is null) return null;
        if (m["tool"] is { } toolNode)
        {
            var tool = _r.String(toolNode, where + ".tool");
            var path = _r.String(m["values"], where + ".values") is { } p ? JsonPath(p, m["values"]!, where + ".values") : null;
            if (path is null)
            {
                if (!m.Has("values")) _r.Report(SpecDiagnostics.MissingKey, m.Node, where, "values");
                return null;
            }
            var completion = new CompletionModel(argument, EquatableArray<string>.Empty, tool, path);
            Reference(ReferenceKind.CompletionTool, tool ?? "", ownerKind, owner, "complete.tool", toolNode);
            return completion;
        }
        if (_r.Sequence(m["values"], where + ".values") is { } list)
        {
            return new CompletionModel(argument, new EquatableArray<string>(list.Children.Select(c => _r.String(c, where + ".values") ?? "").ToArray()), null, null);
        }
        _r.Report(SpecDiagnostics.MissingKey, m.Node, where, "values");
        return null;
    }

    private EquatableArray<PromptModel> ParsePrompts(YamlNode? node) => ParseList<PromptModel>(node, "prompts", ParsePrompt);

    private PromptModel? ParsePrompt(YamlNode node, string where)
    {
        var m = _r.Mapping(node, where, SpecKeys.Prompt);
        if (m is null) return null;
        var name = RequiredString(m, "name", where);
        if (name is null) return null;
        where = "prompt '" + name + "'";
        DeclareName(OwnerKind.Prompt, name, m["name"]!);

        var arguments = new List<PromptArgumentModel>();
        if (_r.Mapping(m["arguments"], where + ".arguments", null) is { } args)
        {
            foreach (var (argName, _, value) in args.Entries)
            {
                var a = SpecReader.IsNull(value) ? null : _r.Mapping(value, where + " argument '" + argName + "'", SpecKeys.PromptArgument);
                var complete = a?["complete"] is { } c ? ParseCompletion(argName, c, where + " argument '" + argName + "'.complete", OwnerKind.Prompt, name) : null;
                arguments.Add(new PromptArgumentModel(
                    argName,
                    _r.String(a?["description"], argName + ".description"),
                    _r.Bool(a?["required"], argName + ".required") ?? false,
                    _r.String(a?["default"], argName + ".default"),
                    complete));
            }
        }

        var isHandler = m.Has("handler");
        if (isHandler == m.Has("messages"))
        {
            _r.Report(SpecDiagnostics.InvalidValue, m.Node, where, "give either messages or handler");
            return null;
        }
        var messages = new List<PromptMessageModel>();
        if (isHandler)
        {
            if (ParseHandler(m, where)) AddHandler(HandlerKind.Prompt, name, m["handler"]!);
        }
        else if (_r.Sequence(m["messages"], where + ".messages") is { } list)
        {
            var index = 0;
            foreach (var item in list.Children)
            {
                var at = where + ".messages[" + index++ + "]";
                var message = _r.Mapping(item, at, SpecKeys.PromptMessage);
                if (message is null) continue;
                var role = RequiredString(message, "role", at);
                if (role is not null && role != "user" && role != "assistant")
                {
                    _r.Report(SpecDiagnostics.InvalidValue, message["role"], at + ".role", "'" + role + "' is not one of: user, assistant");
                }
                if (role is not null && ParseContent(message, at) is { } content) messages.Add(new PromptMessageModel(role, content));
            }
        }
        return new PromptModel
        {
            Name = name,
            Title = _r.String(m["title"], where + ".title"),
            Description = _r.String(m["description"], where + ".description"),
            Arguments = new EquatableArray<PromptArgumentModel>(arguments.ToArray()),
            Messages = new EquatableArray<PromptMessageModel>(messages.ToArray()),
            Handler = isHandler,
        };
    }
}
