using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.FrontEnds.Schema;
using NativeMcp.Generators.FrontEnds.Spec;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>One argument of an operation's tool: where it goes on the wire, and its converted schema.</summary>
internal sealed record OperationArgument(string Wire, string In, string Name, YamlNode Schema, bool Required, YamlNode At);

/// <summary>Why an operation cannot become a tool; it is skipped with a warning at <see cref="At"/>.</summary>
internal sealed class UnmappableException : Exception
{
    public UnmappableException(string reason, YamlNode at, OpenApiFile? file = null)
        : base(reason)
    {
        At = at;
        File = file;
    }

    public YamlNode At { get; }

    /// <summary>The file <see cref="At"/> is in, when not the root document.</summary>
    public OpenApiFile? File { get; }
}

internal sealed partial class OpenApiImporter
{
    private static readonly string[] SwaggerSchemaKeys = { "type", "format", "items", "enum", "default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "multipleOf" };

    private void ImportOperation(Located pathItem, string path, string method, YamlScalarNode methodKey, YamlNode node)
    {
        if (node is not YamlMappingNode operation)
        {
            pathItem.File.Reader.Report(SpecDiagnostics.OperationSkipped, methodKey, method + " " + path, "an operation is a mapping");
            _result.Outcomes.Add(new OperationOutcome(method, path, null, OperationFate.Skipped, null, null, "an operation is a mapping"));
            return;
        }
        var operationId = OpenApiDocuments.Scalar(OpenApiDocuments.Child(operation, "operationId"));
        YamlNode at = OpenApiDocuments.Child(operation, "operationId") ?? methodKey;
        var label = operationId ?? method + " " + path;
        var tags = (OpenApiDocuments.Child(operation, "tags") as YamlSequenceNode)?.Children.Select(OpenApiDocuments.Scalar).Where(t => t is not null).Select(t => t!).ToList() ?? new List<string>();

        var extension = Extension(operation);
        var spec = SpecOverride(operationId, method, path);
        var group = spec?.Group ?? extension?.Group ?? tags.FirstOrDefault();

        if (LeftOutBecause(operation, method, path, operationId, tags, group, extension, spec) is { } why)
        {
            pathItem.File.Reader.Report(SpecDiagnostics.OperationLeftOut, at, label, why);
            _result.Outcomes.Add(new OperationOutcome(method, path, operationId, OperationFate.LeftOut, null, group, why));
            return;
        }
        if (Array.IndexOf(Callable, method) < 0)
        {
            const string NotCallable = " answers carry no body a model could use; only GET, POST, PUT, PATCH and DELETE become tools";
            pathItem.File.Reader.Report(SpecDiagnostics.OperationSkipped, methodKey, label, method + NotCallable);
            _result.Outcomes.Add(new OperationOutcome(method, path, operationId, OperationFate.Skipped, null, group, method + NotCallable));
            return;
        }

        ToolModel tool;
        try
        {
            tool = BuildTool(pathItem, path, method, operation, operationId, at, label, spec, extension);
        }
        catch (UnmappableException ex)
        {
            (ex.File ?? pathItem.File).Reader.Report(SpecDiagnostics.OperationSkipped, ex.At, label, ex.Message);
            _result.Outcomes.Add(new OperationOutcome(method, path, operationId, OperationFate.Skipped, null, group, ex.Message));
            return;
        }

        var derived = ToolNames.Derive(method, path, operationId, out var why2);
        var chosen = spec?.Name ?? extension?.Name;
        if (chosen is not null)
        {
            if (!ToolNames.IsValid(chosen))
            {
                (spec?.Name is not null ? _spec : (IReporter)pathItem.File.Reader).Report(SpecDiagnostics.InvalidToolName, spec?.Name is not null ? spec.Node : at, chosen, "MCP clients accept 1 to 64 letters, digits, '_' and '-'");
                _result.Outcomes.Add(new OperationOutcome(method, path, operationId, OperationFate.Skipped, null, group, "the name '" + chosen + "' is not a valid MCP tool name"));
                return;
            }
            derived = chosen;
            why2 = null;
        }
        var name = ToolNames.Unique(derived, _names);
        if (name != derived)
        {
            pathItem.File.Reader.Report(SpecDiagnostics.ToolNameCollision, at, label, name, derived);
            why2 = "the name '" + derived + "' is taken";
        }
        else if (why2 is not null)
        {
            pathItem.File.Reader.Report(SpecDiagnostics.ToolRenamed, at, label, name, why2);
        }
        _result.Outcomes.Add(new OperationOutcome(method, path, operationId, why2 is null ? OperationFate.Imported : OperationFate.Renamed, name, group, why2));
        _names.Add(name);
        // Only a scope the name's verb would not give is written down (the server's table holds the exceptions).
        var scope = tool.Scope ?? MethodScope(method);
        _result.Tools.Add(tool with { Name = name, Group = group, Scope = scope == Scopes.ForName(name) ? null : scope });
    }

    /// <summary>
    /// An imported operation's API-key scope, unless the spec gives one: what its HTTP method does, not the verb its
    /// name happens to start with (GitHub's <c>repos/get</c> reads): GET reads, DELETE is <c>admin</c> (as the
    /// <c>delete_</c> verb is), every other method writes.
    /// </summary>
    private static string MethodScope(string method) => method switch
    {
        "GET" => Scopes.Read,
        "DELETE" => Scopes.Admin,
        _ => Scopes.Write,
    };

    private OperationOverride? SpecOverride(string? operationId, string method, string path)
    {
        OperationOverride? found = null;
        if (operationId is not null && _options.Operations.TryGetValue(operationId, out var byId)) found = byId;
        else if (_options.Operations.TryGetValue(method + " " + path, out var byRoute)) found = byRoute;
        if (found is not null) found.Used = true;
        return found;
    }

    /// <summary>Null when the operation is imported; otherwise why the selection leaves it out.</summary>
    private string? LeftOutBecause(YamlMappingNode operation, string method, string path, string? operationId, List<string> tags, string? group, OperationOverride? extension, OperationOverride? spec)
    {
        if (spec?.Include == false) return "the spec's openapi.operations entry says include: false";
        if (spec?.Include != true)
        {
            if (extension?.Include == false) return "the document's x-mcp extension excludes it";
            if (OpenApiDocuments.Child(operation, "deprecated") is YamlScalarNode { Value: "true" } && !_options.Deprecated) return "it is deprecated (openapi.deprecated: true imports deprecated operations)";
            var rule = _options.Rules.FirstOrDefault(r => r.Matches(method, path, operationId, tags));
            if (rule is not null)
            {
                rule.Matched = true;
                if (!rule.Include) return "an exclude rule of openapi.select matches it";
            }
            else if (_options.Rules.Any(r => r.Include))
            {
                return "no include rule of openapi.select matches it";
            }
        }
        if (_options.Toolsets is { } toolsets && (group is null || !toolsets.Any(t => t.Name == group)))
        {
            return "its toolset '" + (group ?? "(none: no tag)") + "' is not one of openapi.toolsets (" + string.Join(", ", toolsets.Select(t => t.Name)) + ")";
        }
        return null;
    }

    /// <summary>The document's own <c>x-mcp</c> (or Speakeasy's <c>x-speakeasy-mcp</c>) on an operation: read leniently.</summary>
    private static OperationOverride? Extension(YamlMappingNode operation)
    {
        var node = OpenApiDocuments.Child(operation, "x-mcp") ?? OpenApiDocuments.Child(operation, "x-speakeasy-mcp");
        if (node is YamlScalarNode { Value: "false" }) return new OperationOverride { Include = false, Node = node };
        if (node is not YamlMappingNode m) return null;
        string? Get(string key) => OpenApiDocuments.Scalar(OpenApiDocuments.Child(m, key));
        bool? Flag(YamlNode? n) => OpenApiDocuments.Scalar(n) switch { "true" => true, "false" => false, _ => null };
        var result = new OperationOverride
        {
            Node = m,
            Name = Get("name"),
            Title = Get("title"),
            Description = Get("description"),
            Group = Get("toolset") ?? Get("group"),
        };
        if (Flag(OpenApiDocuments.Child(m, "disabled")) == true || Flag(OpenApiDocuments.Child(m, "exclude")) == true || Flag(OpenApiDocuments.Child(m, "include")) == false) result.Include = false;
        var annotations = OpenApiDocuments.Child(m, "annotations");
        result.ReadOnly = Flag(OpenApiDocuments.Child(annotations, "readOnly") ?? OpenApiDocuments.Child(annotations, "readOnlyHint"));
        result.Destructive = Flag(OpenApiDocuments.Child(annotations, "destructive") ?? OpenApiDocuments.Child(annotations, "destructiveHint"));
        result.Idempotent = Flag(OpenApiDocuments.Child(annotations, "idempotent") ?? OpenApiDocuments.Child(annotations, "idempotentHint"));
        result.OpenWorld = Flag(OpenApiDocuments.Child(annotations, "openWorld") ?? OpenApiDocuments.Child(annotations, "openWorldHint"));
        return result;
    }

    private ToolModel BuildTool(Located pathItem, string path, string method, YamlMappingNode operation, string? operationId, YamlNode at, string label, OperationOverride? spec, OperationOverride? extension)
    {
        var build = new SchemaBuild(SchemaSide.Input);
        var arguments = new List<OperationArgument>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        string Claim(string wanted, string prefix)
        {
            var name = spec is not null && spec.Rename.TryGetValue(wanted, out var renamed) ? renamed : wanted;
            if (spec is not null && spec.Rename.ContainsKey(wanted)) spec.Rename.Remove(wanted);
            if (Taken(name, keys)) name = prefix + "_" + name;
            for (var n = 2; Taken(name, keys); n++) name = wanted + "_" + n.ToString(CultureInfo.InvariantCulture);
            keys.Add(Identifiers.Pascal(name));
            keys.Add(ParameterKey(name));
            return name;
        }

        // Path-level parameters, then the operation's own, which replace those of the same name and place.
        var parameters = new List<Located>();
        foreach (var source in new[] { (pathItem.File, OpenApiDocuments.Child(pathItem.Node, "parameters")), (pathItem.File, OpenApiDocuments.Child(operation, "parameters")) })
        {
            if (source.Item2 is not YamlSequenceNode list) continue;
            foreach (var item in list.Children)
            {
                if (_documents.Deref(source.Item1, item, "") is not { } parameter) throw new UnmappableException("a parameter's $ref leads nowhere", item, source.Item1);
                var key = (OpenApiDocuments.Scalar(OpenApiDocuments.Child(parameter.Node, "in")), OpenApiDocuments.Scalar(OpenApiDocuments.Child(parameter.Node, "name")));
                parameters.RemoveAll(p => (OpenApiDocuments.Scalar(OpenApiDocuments.Child(p.Node, "in")), OpenApiDocuments.Scalar(OpenApiDocuments.Child(p.Node, "name"))) == key);
                parameters.Add(parameter);
            }
        }

        var mappings = new List<ParameterMapping>();
        var formFields = new List<Located>();
        YamlNode? bodySchema = null;
        OpenApiFile bodyFile = pathItem.File;
        var bodyRequired = false;
        YamlNode bodyAt = at;
        string? mediaType = null;
        YamlNode? encodings = null;
        foreach (var parameter in parameters)
        {
            var p = parameter.Node;
            var wire = OpenApiDocuments.Scalar(OpenApiDocuments.Child(p, "name")) ?? throw new UnmappableException("a parameter has no name", p, parameter.File);
            var place = OpenApiDocuments.Scalar(OpenApiDocuments.Child(p, "in")) ?? throw new UnmappableException("parameter '" + wire + "' has no 'in'", p, parameter.File);
            var required = place == "path" || OpenApiDocuments.Child(p, "required") is YamlScalarNode { Value: "true" };
            if (place == "body")
            {
                bodySchema = OpenApiDocuments.Child(p, "schema");
                bodyFile = parameter.File;
                bodyRequired = required;
                bodyAt = p;
                mediaType = "application/json";
                continue;
            }
            if (place == "formData")
            {
                formFields.Add(parameter);
                continue;
            }
            var location = place switch
            {
                "path" => ParameterLocation.Path,
                "query" => ParameterLocation.Query,
                "header" => ParameterLocation.Header,
                "cookie" => ParameterLocation.Cookie,
                _ => throw new UnmappableException("parameter '" + wire + "' is in '" + place + "', which is not path, query, header or cookie", p, parameter.File),
            };
            // OpenAPI: these headers are described by other parts of the document and a parameter for them is ignored.
            if (location == ParameterLocation.Header && wire.ToLowerInvariant() is "accept" or "content-type" or "authorization") continue;

            YamlNode schema;
            ParameterStyle style;
            bool explode;
            var allowReserved = false;
            if (_swagger2)
            {
                schema = _schemas.Convert(build, parameter.File, SwaggerSchema(p));
                (style, explode) = DefaultStyle(location);
                if (IsType(schema, "array"))
                {
                    var format = OpenApiDocuments.Scalar(OpenApiDocuments.Child(p, "collectionFormat")) ?? "csv";
                    (style, explode) = format switch
                    {
                        "multi" when location == ParameterLocation.Query => (ParameterStyle.Form, true),
                        "csv" => (style, false),
                        "ssv" when location == ParameterLocation.Query => (ParameterStyle.SpaceDelimited, false),
                        "pipes" when location == ParameterLocation.Query => (ParameterStyle.PipeDelimited, false),
                        _ => throw new UnmappableException(place + " parameter '" + wire + "' is an array in collectionFormat " + format + ", which has no OpenAPI 3 serialisation this build sends", p, parameter.File),
                    };
                }
            }
            else
            {
                if (OpenApiDocuments.Child(p, "schema") is not { } raw)
                {
                    // Described by 'content': one media type whose serialisation is the value, sent as a single
                    // string in its place. JSON is serialised; a text type takes the argument as it is.
                    var media = OpenApiDocuments.Entries(OpenApiDocuments.Child(p, "content")).ToList();
                    if (media.Count != 1) throw new UnmappableException("parameter '" + wire + "' has neither a schema nor exactly one 'content' media type", p, parameter.File);
                    var (mediaKey, _, mediaValue) = media[0];
                    var json = IsJson(mediaKey);
                    if (!json && !mediaKey.StartsWith("text/", StringComparison.OrdinalIgnoreCase)) throw new UnmappableException("parameter '" + wire + "' is serialised as " + mediaKey + ", which is neither JSON nor text", p, parameter.File);
                    schema = _schemas.Convert(build, parameter.File, OpenApiDocuments.Child(mediaValue, "schema") ?? new YamlMappingNode());
                    if (build.Problem is { } contentProblem) throw new UnmappableException("parameter '" + wire + "': " + contentProblem.Reason, contentProblem.At, contentProblem.File);
                    if (!json) schema = new YamlMappingNode { { OpenApiSchemas.Text("type"), OpenApiSchemas.Text("string") } };
                    schema = WithDescription(schema, OpenApiDocuments.Child(p, "description"));
                    var contentName = Claim(wire, place);
                    arguments.Add(new OperationArgument(wire, place, contentName, schema, required, p));
                    mappings.Add(new ParameterMapping(wire, contentName) { In = location, Style = DefaultStyle(location).Style, Explode = false, Serialized = json });
                    continue;
                }
                schema = _schemas.Convert(build, parameter.File, raw);
                var styleText = OpenApiDocuments.Scalar(OpenApiDocuments.Child(p, "style"));
                style = styleText is null ? DefaultStyle(location).Style : ParseStyle(styleText) ?? throw new UnmappableException(place + " parameter '" + wire + "' has style '" + styleText + "', which is not an OpenAPI style", p, parameter.File);
                if (!StyleAllowed(location, style)) throw new UnmappableException(place + " parameter '" + wire + "' has style '" + styleText + "', which OpenAPI does not allow in the " + place, p, parameter.File);
                explode = OpenApiDocuments.Scalar(OpenApiDocuments.Child(p, "explode")) is { } e ? e == "true" : style == ParameterStyle.Form;
                allowReserved = location == ParameterLocation.Query && OpenApiDocuments.Child(p, "allowReserved") is YamlScalarNode { Value: "true" };
            }
            if (build.Problem is { } problem) throw new UnmappableException("parameter '" + wire + "': " + problem.Reason, problem.At, problem.File);
            if (spec?.TakeHidden(wire) is { } fixedValue)
            {
                mappings.Add(new ParameterMapping(wire, "") { In = location, Style = style, Explode = explode, AllowReserved = allowReserved, Value = Literal(fixedValue) });
                continue;
            }
            schema = WithDescription(schema, OpenApiDocuments.Child(p, "description"));
            var name = Claim(wire, place);
            arguments.Add(new OperationArgument(wire, place, name, schema, required, p));
            mappings.Add(new ParameterMapping(wire, name) { In = location, Style = style, Explode = explode, AllowReserved = allowReserved });
        }

        if (!_swagger2 && OpenApiDocuments.Child(operation, "requestBody") is { } requestBody)
        {
            if (_documents.Deref(pathItem.File, requestBody, "") is not { } body) throw new UnmappableException("its request body's $ref leads nowhere", requestBody, pathItem.File);
            bodyAt = body.Node;
            bodyFile = body.File;
            bodyRequired = OpenApiDocuments.Child(body.Node, "required") is YamlScalarNode { Value: "true" };
            var content = OpenApiDocuments.Entries(OpenApiDocuments.Child(body.Node, "content")).ToList();
            if (content.Count == 0) throw new UnmappableException("its request body declares no media type", body.Node, body.File);
            // JSON when offered (which JSON type: JsonMediaType), then a form, multipart, text, and last any other (binary) type.
            var json = JsonMediaType(pathItem.File, content.Select(c => (c.Key, OpenApiDocuments.Child(c.Value, "schema"))));
            var chosen = json is not null ? content.First(c => c.Key == json) : content.OrderBy(c => Encoding(c.Key) switch { BodyEncoding.Form => 1, BodyEncoding.Multipart => 2, BodyEncoding.Text => 3, _ => 4 }).First();
            mediaType = chosen.Key;
            bodySchema = OpenApiDocuments.Child(chosen.Value, "schema") ?? new YamlMappingNode();
            encodings = OpenApiDocuments.Child(chosen.Value, "encoding");
        }
        else if (_swagger2 && (bodySchema is not null || formFields.Count > 0))
        {
            var consumes = ((OpenApiDocuments.Child(operation, "consumes") ?? OpenApiDocuments.Child(File.Root, "consumes")) as YamlSequenceNode)?.Children.Select(c => OpenApiDocuments.Scalar(c) ?? "").ToList() ?? new List<string>();
            if (formFields.Count > 0)
            {
                if (bodySchema is not null) throw new UnmappableException("it has both a body parameter and form fields, which cannot both be sent", at, pathItem.File);
                mediaType = consumes.FirstOrDefault(c => Encoding(c) == BodyEncoding.Multipart) ?? "application/x-www-form-urlencoded";
                if (formFields.Any(f => OpenApiDocuments.Scalar(OpenApiDocuments.Child(f.Node, "type")) == "file")) mediaType = "multipart/form-data";
                bodySchema = FormSchema(formFields);
                bodyRequired = true;
                bodyAt = formFields[0].Node;
            }
            else if (consumes.Count > 0)
            {
                // A body parameter is sent with a JSON type the operation consumes (not always application/json:
                // Kubernetes' PATCH takes only the patch types), or with its first type when none is JSON.
                mediaType = JsonMediaType(bodyFile, consumes.Select(c => (c, bodySchema))) ?? consumes[0];
            }
        }

        BodyModel? bodyModel = null;
        if (bodySchema is not null && mediaType is not null)
        {
            bodyModel = Body(build, bodyFile, bodySchema, mediaType, encodings, bodyRequired, bodyAt, arguments, Claim, pathItem.File, spec);
        }
        if (spec is not null && spec.Hidden.Count > 0)
        {
            var offered = string.Join(", ", arguments.Select(a => a.Wire).Distinct());
            foreach (var pair in spec.Hidden)
            {
                var why = arguments.Any(a => a.Wire == pair.Key)
                    ? "it is a JSON body field that is not a string or a file part, and a fixed value is sent as text (only parameters, form and multipart fields and string JSON fields can be hidden)"
                    : "the operation has no parameter or body field of that name (" + (offered.Length == 0 ? "it has none" : "it has: " + offered) + ")";
                _spec.Report(SpecDiagnostics.UnknownOperationArgument, pair.Value.Key, pair.Key, label, why);
            }
            spec.Hidden.Clear();
        }
        if (spec is not null && spec.Rename.Count > 0)
        {
            _spec.Report(SpecDiagnostics.SelectionUnused, spec.Node, "rename names '" + string.Join("', '", spec.Rename.Keys) + "', which " + label + " has no argument called");
        }

        var root = new YamlMappingNode { { OpenApiSchemas.Text("type"), OpenApiSchemas.Text("object") } };
        var propertiesNode = new YamlMappingNode();
        foreach (var argument in arguments) propertiesNode.Add(OpenApiSchemas.Text(argument.Name), argument.Schema);
        root.Add(OpenApiSchemas.Text("properties"), propertiesNode);
        var requiredList = arguments.Where(a => a.Required).Select(a => (YamlNode)OpenApiSchemas.Text(a.Name)).ToList();
        if (requiredList.Count > 0) root.Add(OpenApiSchemas.Text("required"), new YamlSequenceNode(requiredList));
        _schemas.AddDefinitions(build, root);
        if (build.Problem is { } late) throw new UnmappableException(late.Reason, late.At, late.File);

        // A document's default is what the API assumes when the argument is absent: it stays in the schema for the
        // model to read, but an omitted argument is left out of the request rather than sent with that value (which
        // would only repeat it, or fix a value the API may change, such as a page size).
        var read = ReadSchema(root, label + " input", at);
        var input = read with { Inputs = read.Inputs.Select(i => i with { DefaultJson = null, DefaultText = null }).ToList() };
        var http = new HttpModel(method, PathTemplate(path, mappings, at), new EquatableArray<ParameterMapping>(mappings.ToArray()), bodyModel);

        var summary = OpenApiDocuments.Scalar(OpenApiDocuments.Child(operation, "summary"));
        // An empty description (common in generated documents: description: '') says nothing; the summary is used.
        var description = OpenApiDocuments.Scalar(OpenApiDocuments.Child(operation, "description")) is { } text && text.Trim().Length > 0 ? text : null;
        var annotations = method switch
        {
            "GET" => new AnnotationsModel(true, null, null, null),
            "DELETE" => new AnnotationsModel(null, true, true, null),
            "PUT" => new AnnotationsModel(null, null, true, null),
            _ => AnnotationsModel.None,
        };
        if (extension is not null) annotations = extension.Apply(annotations);
        if (spec is not null) annotations = spec.Apply(annotations);

        AuthModel? auth = null;
        if (!_options.SpecUpstream && ReadSecurity(OpenApiDocuments.Child(operation, "security"), operation) is { } security && !Equals(security.Auth, _defaultSecurity?.Auth))
        {
            auth = security.Auth;
        }

        var output = OutputSchema(pathItem.File, operation, label, at);
        return new ToolModel
        {
            Title = spec?.Title ?? extension?.Title ?? (description is not null ? summary : null),
            Description = spec?.Description ?? extension?.Description ?? description ?? summary,
            Annotations = annotations,
            Inputs = new EquatableArray<InputModel>(input.Inputs.ToArray()),
            Kind = ToolKind.Http,
            Http = http,
            Errors = ErrorHints(pathItem.File, operation),
            Upstream = SpecParser.DefaultUpstream,
            Auth = auth,
            Scope = spec?.Scope,
            InputSchema = input.Schema,
            OutputSchema = output.Schema,
            OutputWrapped = output.Wrapped,
        };
    }

    private static bool Taken(string name, HashSet<string> keys) => keys.Contains(Identifiers.Pascal(name)) || keys.Contains(ParameterKey(name));

    /// <summary>What the typed client's parameter for this name would be (two names that give one would not compile).</summary>
    private static string ParameterKey(string name)
    {
        var id = Identifiers.Sanitize(name);
        return "p:" + char.ToLowerInvariant(id[0]) + id.Substring(1);
    }

    private static bool IsJson(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim().ToLowerInvariant();
        return type == "application/json" || type.EndsWith("+json", StringComparison.Ordinal) || type == "*/*" || type == "application/*";
    }

    private static bool IsType(YamlNode schema, string type) => OpenApiDocuments.Child(schema, "type") switch
    {
        YamlScalarNode s => s.Value == type,
        YamlSequenceNode list => list.Children.Any(c => OpenApiDocuments.Scalar(c) == type),
        _ => type == "object" && OpenApiDocuments.Child(schema, "properties") is not null,
    };

    private static YamlNode WithDescription(YamlNode schema, YamlNode? description)
    {
        if (description is null || schema is not YamlMappingNode m || OpenApiDocuments.Child(m, "description") is not null) return schema;
        var copy = new YamlMappingNode(m.Children);
        copy.Add(OpenApiSchemas.Text("description"), description);
        return copy;
    }

    /// <summary>The path with its <c>{name}</c> parts naming path parameters by wire name (as <see cref="HttpModel.Path"/> says).</summary>
    private static Template PathTemplate(string path, List<ParameterMapping> parameters, YamlNode at)
    {
        var parts = new List<TemplatePart>();
        var rest = path;
        while (rest.Length > 0)
        {
            var open = rest.IndexOf('{');
            var close = open < 0 ? -1 : rest.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                parts.Add(new TemplatePart(TemplatePartKind.Text, rest));
                break;
            }
            if (open > 0) parts.Add(new TemplatePart(TemplatePartKind.Text, rest.Substring(0, open)));
            var wire = rest.Substring(open + 1, close - open - 1);
            if (!parameters.Any(p => p.In == ParameterLocation.Path && p.WireName == wire))
            {
                throw new UnmappableException("its path has {" + wire + "}, and no path parameter of that name is declared", at);
            }
            parts.Add(new TemplatePart(TemplatePartKind.Input, wire));
            rest = rest.Substring(close + 1);
        }
        return new Template(path, new EquatableArray<TemplatePart>(parts.ToArray()));
    }

    /// <summary>
    /// Runs the raw-schema reader over a converted schema. Its errors make the operation unmappable; its warnings
    /// are reported, except about OpenAPI's formats (int32, int64, ...), which are annotations by the document's
    /// own definition. A warning about a node the conversion made is reported at the operation.
    /// </summary>
    private SchemaReadResult ReadSchema(YamlMappingNode root, string where, YamlNode at)
    {
        (string Message, YamlNode Node)? error = null;
        var warnings = new List<(Microsoft.CodeAnalysis.DiagnosticDescriptor, YamlNode, string[])>();
        var read = SchemaReader.Read(root, where, (descriptor, node, args) =>
        {
            if (descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            {
                error ??= (DiagnosticInfo.Create(descriptor, null, args).Message, node);
            }
            else if (!(descriptor == SpecDiagnostics.UncheckedKeyword && args.Length > 0 && args[0] == "format"))
            {
                warnings.Add((descriptor, node, args));
            }
        });
        if (read is null || error is not null)
        {
            throw new UnmappableException("its schema cannot be checked: " + (error?.Message ?? "it is not an object schema"), error is { } e && e.Node.Start.Line > 0 && IsRootNode(e.Node) ? e.Node : at);
        }
        foreach (var (descriptor, node, args) in warnings) Doc.Report(descriptor, node.Start.Line > 0 && IsRootNode(node) ? node : at, args);
        return read;
    }

    /// <summary>Whether a node can be reported at its own position in the root file (it is not from another file).</summary>
    private bool IsRootNode(YamlNode node) => _documents.Files.Count == 1;

    private YamlNode? FirstSuccess(OpenApiFile opFile, YamlMappingNode operation, out OpenApiFile file)
    {
        file = opFile;
        var responses = OpenApiDocuments.Entries(OpenApiDocuments.Child(operation, "responses"))
            .Where(r => r.Key.Length == 3 && r.Key[0] == '2')
            .OrderBy(r => r.Key.ToUpperInvariant().Replace('X', '9'), StringComparer.Ordinal)
            .ToList();
        foreach (var (_, _, value) in responses)
        {
            if (_documents.Deref(opFile, value, "") is not { } response) continue;
            file = response.File;
            if (_swagger2)
            {
                var produces = (OpenApiDocuments.Child(operation, "produces") ?? OpenApiDocuments.Child(File.Root, "produces")) as YamlSequenceNode;
                if (produces is { Children.Count: > 0 } && !produces.Children.Any(c => IsJson(OpenApiDocuments.Scalar(c) ?? ""))) return null;
                return OpenApiDocuments.Child(response.Node, "schema");
            }
            var json = OpenApiDocuments.Entries(OpenApiDocuments.Child(response.Node, "content")).FirstOrDefault(c => IsJson(c.Key));
            if (json.Key is not null) return OpenApiDocuments.Child(json.Value, "schema");
        }
        return null;
    }

    /// <summary>
    /// The first 2xx JSON response's schema. MCP's structured content is an object, so a schema of anything else
    /// (an array, a string, a union) is published wrapped as <c>{"result": schema}</c>, and the runtime wraps the
    /// answer the same way (<see cref="ToolModel.OutputWrapped"/>).
    /// </summary>
    private (RawSchemaModel? Schema, bool Wrapped) OutputSchema(OpenApiFile opFile, YamlMappingNode operation, string label, YamlNode at)
    {
        if (FirstSuccess(opFile, operation, out var file) is not { } schema) return (null, false);
        // Most operations answer with a schema others answer with too (a resource's get, create, replace and patch):
        // it is read once. Only a read that reported nothing is kept, so each operation still gets its own warnings.
        var key = schema is YamlMappingNode { Children.Count: 1 } only && OpenApiDocuments.Child(only, "$ref") is { } refNode && _documents.Resolve(file, refNode) is { } target ? target.Node : schema;
        if (_outputs.TryGetValue(key, out var known)) return known;
        var reported = DiagnosticCount();
        var output = ReadOutputSchema(file, schema, label, at);
        if (DiagnosticCount() == reported) _outputs[key] = output;
        return output;
    }

    /// <summary>Output schemas already read, by the schema node answered with (a <c>$ref</c>'s target).</summary>
    private readonly Dictionary<YamlNode, (RawSchemaModel? Schema, bool Wrapped)> _outputs = new(ReferenceComparer<YamlNode>.Instance);

    private int DiagnosticCount() => _documents.Files.Sum(f => f.Reader.Diagnostics.Count);

    private (RawSchemaModel? Schema, bool Wrapped) ReadOutputSchema(OpenApiFile file, YamlNode schema, string label, YamlNode at)
    {
        var build = new SchemaBuild(SchemaSide.Output);
        var converted = _schemas.Convert(build, file, schema);
        if (build.Problem is not null || converted is not YamlMappingNode map) return (null, false);
        var wrapped = !IsType(map, "object") || OpenApiDocuments.Child(map, "$ref") is not null || OpenApiDocuments.Child(map, "type") is YamlSequenceNode;
        YamlMappingNode root;
        if (wrapped)
        {
            root = new YamlMappingNode
            {
                { OpenApiSchemas.Text("type"), OpenApiSchemas.Text("object") },
                { OpenApiSchemas.Text("properties"), new YamlMappingNode { { OpenApiSchemas.Text("result"), map } } },
                { OpenApiSchemas.Text("required"), new YamlSequenceNode(OpenApiSchemas.Text("result")) },
            };
        }
        else
        {
            root = new YamlMappingNode(map.Children);
            if (OpenApiDocuments.Child(root, "type") is null) root.Add(OpenApiSchemas.Text("type"), OpenApiSchemas.Text("object"));
        }
        _schemas.AddDefinitions(build, root);
        if (build.Problem is not null) return (null, false);
        try
        {
            return (ReadSchema(root, label + " output", at).Schema, wrapped);
        }
        catch (UnmappableException ex)
        {
            Doc.Report(SpecDiagnostics.ConstructIgnored, ex.At, "the output schema of " + label, ex.Message.Replace("its schema", "it"));
            return (null, false);
        }
    }

    private EquatableArray<ErrorHintModel> ErrorHints(OpenApiFile opFile, YamlMappingNode operation)
    {
        var hints = new List<ErrorHintModel>();
        foreach (var (code, _, response) in OpenApiDocuments.Entries(OpenApiDocuments.Child(operation, "responses")))
        {
            if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 400 || status > 599) continue;
            var described = _documents.Deref(opFile, response, "")?.Node;
            if (OpenApiDocuments.Scalar(OpenApiDocuments.Child(described, "description")) is { Length: > 0 } text) hints.Add(new ErrorHintModel(status, text.Trim()));
        }
        return new EquatableArray<ErrorHintModel>(hints.OrderBy(h => h.Status).ToArray());
    }
}
