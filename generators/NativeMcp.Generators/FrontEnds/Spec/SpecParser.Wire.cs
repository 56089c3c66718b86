using System;
using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

// The full forms of a tool's request: http.parameters (path, query, header, cookie with style/explode) and
// http.requestBody (json, form, multipart, binary, text). The short forms (query:, headers:, body:) are parsed
// in SpecParser.Tools.cs into the same model.
internal sealed partial class SpecParser
{
    private static readonly string[] Locations = { "path", "query", "header", "cookie" };
    private static readonly string[] Encodings = { "json", "form", "multipart", "binary", "text" };

    /// <summary>OpenAPI 3's style-per-location rule; form bodies take the query styles.</summary>
    private static ParameterStyle[] StylesFor(ParameterLocation location) => location switch
    {
        ParameterLocation.Path => new[] { ParameterStyle.Simple, ParameterStyle.Label, ParameterStyle.Matrix },
        ParameterLocation.Query => new[] { ParameterStyle.Form, ParameterStyle.SpaceDelimited, ParameterStyle.PipeDelimited, ParameterStyle.DeepObject },
        ParameterLocation.Header => new[] { ParameterStyle.Simple },
        _ => new[] { ParameterStyle.Form },
    };

    /// <summary><c>http.parameters</c>: a list of { in, name, input | value, style, explode, allowReserved }.</summary>
    private List<ParameterMapping> ParseParameters(YamlNode? node, string where, string tool, IReadOnlyDictionary<string, InputModel> inputs)
    {
        var result = new List<ParameterMapping>();
        if (_r.Sequence(node, where) is not { } list) return result;
        var index = 0;
        foreach (var item in list.Children)
        {
            var at = where + "[" + index++ + "]";
            var m = _r.Mapping(item, at, SpecKeys.Parameter);
            if (m is null) continue;
            var inText = RequiredString(m, "in", at);
            var name = RequiredString(m, "name", at);
            if (inText is null || name is null) continue;
            var locationIndex = Array.IndexOf(Locations, inText);
            if (locationIndex < 0)
            {
                _r.Report(SpecDiagnostics.InvalidValue, m["in"], at + ".in", "'" + inText + "' is not one of: " + string.Join(", ", Locations));
                continue;
            }
            var location = (ParameterLocation)locationIndex;
            if (result.Any(p => p.In == location && string.Equals(p.WireName, name, location == ParameterLocation.Header ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)))
            {
                _r.Report(SpecDiagnostics.DuplicateParameter, m["name"], inText, name, tool);
                continue;
            }
            if (ValueSource(m, at, tool, inputs) is not { } source) continue;
            if (location == ParameterLocation.Path && source.Input is { } pathInput && !pathInput.Required)
            {
                _r.Report(SpecDiagnostics.PathParameterNotRequired, m["input"], pathInput.Name, tool);
            }
            var style = Style(m, at, location.ToString().ToLowerInvariant() + " parameter '" + name + "'", StylesFor(location), DefaultStyle(location));
            if (m.Has("allowReserved") && location != ParameterLocation.Query)
            {
                _r.Report(SpecDiagnostics.InvalidValue, m.KeyNode("allowReserved"), at + ".allowReserved", "only query parameters can keep reserved characters");
            }
            result.Add(new ParameterMapping(name, source.Input?.Name ?? "")
            {
                In = location,
                Value = source.Value,
                Style = style,
                Explode = _r.Bool(m["explode"], at + ".explode") ?? style == ParameterStyle.Form,
                AllowReserved = _r.Bool(m["allowReserved"], at + ".allowReserved") ?? false,
            });
        }
        return result;
    }

    private static ParameterStyle DefaultStyle(ParameterLocation location) =>
        location is ParameterLocation.Path or ParameterLocation.Header ? ParameterStyle.Simple : ParameterStyle.Form;

    private ParameterStyle Style(MappingEntries m, string at, string what, ParameterStyle[] allowed, ParameterStyle fallback)
    {
        if (_r.String(m["style"], at + ".style") is not { } text) return fallback;
        if (!ParameterStyles.TryParse(text, out var style) || Array.IndexOf(allowed, style) < 0)
        {
            _r.Report(SpecDiagnostics.ParameterStyleNotAllowed, m["style"], text, what, string.Join(", ", allowed.Select(ParameterStyles.Name)));
            return fallback;
        }
        return style;
    }

    /// <summary>Exactly one of <c>input</c> (a tool input) and <c>value</c> (a template over inputs and env).</summary>
    private (InputModel? Input, Template? Value)? ValueSource(MappingEntries m, string at, string tool, IReadOnlyDictionary<string, InputModel> inputs)
    {
        var inputName = _r.String(m["input"], at + ".input");
        var valueText = _r.String(m["value"], at + ".value");
        if ((inputName is null) == (valueText is null))
        {
            _r.Report(SpecDiagnostics.InvalidValue, m.Node, at, "give one of 'input' (a tool input) or 'value' (fixed text, {input} and ${ENV}), not " + (inputName is null ? "neither" : "both"));
            return null;
        }
        if (inputName is not null)
        {
            if (!inputs.TryGetValue(inputName, out var input))
            {
                _r.Report(SpecDiagnostics.UnknownInput, m["input"], inputName, at, tool);
                return null;
            }
            return (input, null);
        }
        var value = InputTemplate(valueText!, m["value"]!, inputs, at);
        foreach (var part in value.Parts.Where(p => p.Kind == TemplatePartKind.Input && !inputs.ContainsKey(p.Value)))
        {
            _r.Report(SpecDiagnostics.UnknownInput, m["value"], part.Value, at, tool);
            return null;
        }
        return (null, value);
    }

    /// <summary>
    /// <c>http.requestBody</c>: { encoding, contentType, input | properties }. Without either, the inputs nothing
    /// else took become the properties (json, form, multipart), as the short form's default body does.
    /// </summary>
    private BodyModel? ParseRequestBody(YamlNode node, string where, string tool, IReadOnlyDictionary<string, InputModel> inputs, HashSet<string> used)
    {
        var m = _r.Mapping(node, where, SpecKeys.RequestBody);
        if (m is null) return null;
        var encodingText = RequiredString(m, "encoding", where);
        if (encodingText is null) return null;
        var encodingIndex = Array.IndexOf(Encodings, encodingText);
        if (encodingIndex < 0)
        {
            _r.Report(SpecDiagnostics.InvalidValue, m["encoding"], where + ".encoding", "'" + encodingText + "' is not one of: " + string.Join(", ", Encodings));
            return null;
        }
        var encoding = (BodyEncoding)encodingIndex;
        var contentType = _r.String(m["contentType"], where + ".contentType") ?? encoding switch
        {
            BodyEncoding.Json => "application/json",
            BodyEncoding.Form => "application/x-www-form-urlencoded",
            BodyEncoding.Multipart => "multipart/form-data",
            BodyEncoding.Binary => "application/octet-stream",
            _ => "text/plain; charset=utf-8",
        };
        var body = new BodyModel(encoding, contentType);

        if (m.Has("input") && m.Has("properties"))
        {
            _r.Report(SpecDiagnostics.RequestBodyShape, m.KeyNode("properties"), encodingText, tool, "takes its content from 'input' or from 'properties', not both");
            return null;
        }
        if (m.Has("input"))
        {
            if (encoding is BodyEncoding.Form or BodyEncoding.Multipart)
            {
                _r.Report(SpecDiagnostics.RequestBodyShape, m.KeyNode("input"), encodingText, tool, "is a set of fields: give 'properties', not one 'input'");
                return null;
            }
            var name = _r.String(m["input"], where + ".input");
            if (name is null) return null;
            if (!inputs.TryGetValue(name, out var input))
            {
                _r.Report(SpecDiagnostics.UnknownInput, m["input"], name, "requestBody", tool);
                return null;
            }
            if (encoding == BodyEncoding.Binary && input.Type != InputKind.String)
            {
                _r.Report(SpecDiagnostics.FileInputNotBase64, m["input"], "The binary request body", tool, name, InputKinds.Name(input.Type));
                return null;
            }
            if (encoding == BodyEncoding.Text && input.Type is InputKind.Array or InputKind.Object)
            {
                _r.Report(SpecDiagnostics.RequestBodyShape, m["input"], encodingText, tool, "is one string, and input '" + name + "' is " + InputKinds.Name(input.Type));
                return null;
            }
            return body with { WholeInput = name };
        }
        if (encoding is BodyEncoding.Binary or BodyEncoding.Text)
        {
            _r.Report(SpecDiagnostics.RequestBodyShape, m.Node, encodingText, tool, "is one value: give 'input'");
            return null;
        }

        List<ParameterMapping> properties;
        if (m.Has("properties"))
        {
            properties = ParseBodyProperties(m["properties"], where + ".properties", tool, inputs, encoding);
        }
        else
        {
            properties = inputs.Values.Where(i => !used.Contains(i.Name)).Select(i => DefaultProperty(i.Name, i, encoding)).ToList();
        }
        return body with { Properties = new EquatableArray<ParameterMapping>(properties.ToArray()) };
    }

    /// <summary>Form bodies send objects and arrays as deepObject keys (<c>a[b][0]=</c>), as form-only APIs read them.</summary>
    private static ParameterMapping DefaultProperty(string wire, InputModel input, BodyEncoding encoding) =>
        encoding == BodyEncoding.Form && input.Type is InputKind.Object
            ? new ParameterMapping(wire, input.Name) { Style = ParameterStyle.DeepObject, Explode = true }
            : new ParameterMapping(wire, input.Name);

    /// <summary>A list of input names or of { name, input | value, style, explode, allowReserved, contentType, file }.</summary>
    private List<ParameterMapping> ParseBodyProperties(YamlNode? node, string where, string tool, IReadOnlyDictionary<string, InputModel> inputs, BodyEncoding encoding)
    {
        var result = new List<ParameterMapping>();
        if (_r.Sequence(node, where) is not { } list) return result;
        var index = 0;
        foreach (var item in list.Children)
        {
            var at = where + "[" + index++ + "]";
            ParameterMapping? property = null;
            YamlNode nameNode = item;
            if (item is YamlScalarNode)
            {
                if (_r.String(item, at) is not { } name) continue;
                if (!inputs.TryGetValue(name, out var input)) _r.Report(SpecDiagnostics.UnknownInput, item, name, "requestBody", tool);
                else property = DefaultProperty(name, input, encoding);
            }
            else if (_r.Mapping(item, at, SpecKeys.BodyProperty) is { } m)
            {
                nameNode = m["name"] ?? item;
                property = ParseBodyProperty(m, at, tool, inputs, encoding);
            }
            if (property is null) continue;
            if (result.Any(p => p.WireName == property.WireName))
            {
                _r.Report(SpecDiagnostics.DuplicateParameter, nameNode, "body", property.WireName, tool);
                continue;
            }
            result.Add(property);
        }
        return result;
    }

    private ParameterMapping? ParseBodyProperty(MappingEntries m, string at, string tool, IReadOnlyDictionary<string, InputModel> inputs, BodyEncoding encoding)
    {
        var name = RequiredString(m, "name", at);
        if (name is null || ValueSource(m, at, tool, inputs) is not { } source) return null;
        foreach (var key in new[] { "style", "explode", "allowReserved" }.Where(m.Has))
        {
            if (encoding == BodyEncoding.Form) continue;
            _r.Report(SpecDiagnostics.InvalidValue, m.KeyNode(key), at + "." + key, "only the properties of a form body are serialised by style");
            return null;
        }
        if (m.Has("contentType") && encoding != BodyEncoding.Multipart)
        {
            _r.Report(SpecDiagnostics.InvalidValue, m.KeyNode("contentType"), at + ".contentType", "only the parts of a multipart body have their own content type");
            return null;
        }
        var property = source.Input is { } input ? DefaultProperty(name, input, encoding) : new ParameterMapping(name, "") { Value = source.Value };
        if (encoding == BodyEncoding.Form && m.Has("style"))
        {
            var style = Style(m, at, "form body property '" + name + "'", StylesFor(ParameterLocation.Query), ParameterStyle.Form);
            property = property with { Style = style, Explode = style == ParameterStyle.Form };
        }
        property = property with
        {
            Explode = _r.Bool(m["explode"], at + ".explode") ?? property.Explode,
            AllowReserved = _r.Bool(m["allowReserved"], at + ".allowReserved") ?? false,
            ContentType = _r.String(m["contentType"], at + ".contentType"),
        };
        if (m["file"] is not { } fileNode) return property;
        if (encoding != BodyEncoding.Multipart)
        {
            _r.Report(SpecDiagnostics.InvalidValue, m.KeyNode("file"), at + ".file", "only a multipart body has file parts");
            return null;
        }
        if (source.Input is not { } fileInput || fileInput.Type != InputKind.String)
        {
            _r.Report(SpecDiagnostics.FileInputNotBase64, m.KeyNode("file"), "File part '" + name + "'", tool, source.Input?.Name ?? "(a fixed value)", source.Input is null ? "not an input" : InputKinds.Name(source.Input.Type));
            return null;
        }
        if (fileNode is YamlScalarNode)
        {
            // file: true sends the defaults (the part's name as file name, application/octet-stream).
            return _r.Bool(fileNode, at + ".file") == true ? property with { File = new FilePartModel(null, null) } : property;
        }
        var f = _r.Mapping(fileNode, at + ".file", SpecKeys.FilePart);
        if (f is null) return null;
        Template? FileTemplate(string key) => _r.String(f[key], at + ".file." + key) is { } text ? InputTemplate(text, f[key]!, inputs, at + ".file") : null;
        return property with { File = new FilePartModel(FileTemplate("fileName"), FileTemplate("contentType")) };
    }
}

internal sealed partial class SpecParser
{
    /// <summary>
    /// <c>auth.anyOf</c>: alternatives in order of preference (OR); each a scheme or a list of schemes applied
    /// together (AND); <c>[]</c> or <c>{ type: none }</c> is "no auth" (OpenAPI's <c>security: []</c> / <c>{}</c>).
    /// </summary>
    private AuthModel? ParseAuthAlternatives(YamlNode node, string where)
    {
        if (_r.Sequence(node, where) is not { } list) return null;
        var alternatives = new List<AuthAlternativeModel>();
        var index = 0;
        foreach (var item in list.Children)
        {
            var at = where + "[" + index++ + "]";
            var schemes = new List<AuthModel>();
            var nodes = item is YamlSequenceNode and ? and.Children.ToList() : new List<YamlNode> { item };
            foreach (var schemeNode in nodes)
            {
                var scheme = ParseAuth(schemeNode, at);
                if (scheme is null) continue;
                if (scheme.Kind == AuthKind.AnyOf)
                {
                    _r.Report(SpecDiagnostics.InvalidValue, schemeNode, at, "an alternative is a set of schemes, not alternatives again");
                    continue;
                }
                if (scheme.Kind != AuthKind.None) schemes.Add(scheme);
            }
            alternatives.Add(new AuthAlternativeModel(
                schemes.Count == 0 ? "no auth" : string.Join(" + ", schemes.Select(SchemeName)),
                new EquatableArray<AuthModel>(schemes.ToArray())));
        }
        if (alternatives.Count == 0)
        {
            _r.Report(SpecDiagnostics.InvalidValue, node, where, "list at least one alternative ([] inside it for no auth)");
            return null;
        }
        return new AuthModel { Kind = AuthKind.AnyOf, Alternatives = new EquatableArray<AuthAlternativeModel>(alternatives.ToArray()) };
    }

    private static string SchemeName(AuthModel scheme) => scheme.Kind switch
    {
        AuthKind.Header => "header " + scheme.Name,
        AuthKind.Query => "query " + scheme.Name,
        AuthKind.Cookie => "cookie " + scheme.Name,
        _ => scheme.Kind.ToString().ToLowerInvariant(),
    };
}
