using System;
using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

// Request bodies and parameter serialisations: OpenAPI's media types, styles and Swagger 2.0's collection formats
// mapped onto the model's BodyModel and ParameterMapping, so each is sent with its real encoding.
internal sealed partial class OpenApiImporter
{
    private static (ParameterStyle Style, bool Explode) DefaultStyle(ParameterLocation location) =>
        location is ParameterLocation.Path or ParameterLocation.Header ? (ParameterStyle.Simple, false) : (ParameterStyle.Form, true);

    private static ParameterStyle? ParseStyle(string text) => text switch
    {
        "simple" => ParameterStyle.Simple,
        "form" => ParameterStyle.Form,
        "label" => ParameterStyle.Label,
        "matrix" => ParameterStyle.Matrix,
        "spaceDelimited" => ParameterStyle.SpaceDelimited,
        "pipeDelimited" => ParameterStyle.PipeDelimited,
        "deepObject" => ParameterStyle.DeepObject,
        _ => null,
    };

    /// <summary>OpenAPI 3's styles per location (form-body properties take the query styles).</summary>
    private static bool StyleAllowed(ParameterLocation location, ParameterStyle style) => location switch
    {
        ParameterLocation.Path => style is ParameterStyle.Simple or ParameterStyle.Label or ParameterStyle.Matrix,
        ParameterLocation.Query => style is ParameterStyle.Form or ParameterStyle.SpaceDelimited or ParameterStyle.PipeDelimited or ParameterStyle.DeepObject,
        ParameterLocation.Header => style is ParameterStyle.Simple,
        _ => style is ParameterStyle.Form,
    };

    private static BodyEncoding Encoding(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim().ToLowerInvariant();
        if (IsJson(type)) return BodyEncoding.Json;
        if (type == "application/x-www-form-urlencoded") return BodyEncoding.Form;
        if (type.StartsWith("multipart/", StringComparison.Ordinal)) return BodyEncoding.Multipart;
        if (type.StartsWith("text/", StringComparison.Ordinal)) return BodyEncoding.Text;
        return BodyEncoding.Binary;
    }

    /// <summary>
    /// The JSON media type a body is sent with, from those offered, in the document's order: the first, except that
    /// <c>application/json-patch+json</c> (RFC 6902: its body is an array of operations) is passed over for a body
    /// whose schema is not an array while another JSON type is offered. Kubernetes lists it first for PATCH bodies
    /// whose schema is an object, which its merge-patch types take. A wildcard (<c>*/*</c>) is sent as
    /// application/json. Null when no JSON type is offered.
    /// </summary>
    private string? JsonMediaType(OpenApiFile file, IEnumerable<(string MediaType, YamlNode? Schema)> offered)
    {
        var json = offered.Where(o => Encoding(o.MediaType) == BodyEncoding.Json).ToList();
        if (json.Count == 0) return null;
        foreach (var (mediaType, schema) in json)
        {
            if (!IsJsonPatch(mediaType)) return mediaType;
            var resolved = schema is null ? null : _documents.Deref(file, schema, "")?.Node;
            if (resolved is not null && IsType(resolved, "array")) return mediaType;
        }
        return json[0].MediaType;
    }

    private static bool IsJsonPatch(string mediaType) => mediaType.Split(';')[0].Trim().Equals("application/json-patch+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>A Swagger 2.0 parameter's own schema keywords (it has no 'schema'); a file becomes binary content.</summary>
    private static YamlMappingNode SwaggerSchema(YamlNode parameter)
    {
        var schema = new YamlMappingNode();
        foreach (var (key, keyNode, value) in OpenApiDocuments.Entries(parameter))
        {
            if (Array.IndexOf(SwaggerSchemaKeys, key) < 0) continue;
            if (key == "type" && value is YamlScalarNode { Value: "file" })
            {
                schema.Add(keyNode, OpenApiSchemas.Text("string"));
                schema.Add(OpenApiSchemas.Text("format"), OpenApiSchemas.Text("binary"));
                continue;
            }
            schema.Add(keyNode, value);
        }
        return schema;
    }

    /// <summary>Swagger 2.0 <c>in: formData</c> parameters as the object schema of a form or multipart body.</summary>
    private static YamlMappingNode FormSchema(List<Located> fields)
    {
        var properties = new YamlMappingNode();
        var required = new List<YamlNode>();
        foreach (var field in fields)
        {
            var name = OpenApiDocuments.Scalar(OpenApiDocuments.Child(field.Node, "name")) ?? "";
            properties.Add(OpenApiSchemas.Text(name), WithDescription(SwaggerSchema(field.Node), OpenApiDocuments.Child(field.Node, "description")));
            if (OpenApiDocuments.Child(field.Node, "required") is YamlScalarNode { Value: "true" }) required.Add(OpenApiSchemas.Text(name));
        }
        var schema = new YamlMappingNode { { OpenApiSchemas.Text("type"), OpenApiSchemas.Text("object") }, { OpenApiSchemas.Text("properties"), properties } };
        if (required.Count > 0) schema.Add(OpenApiSchemas.Text("required"), new YamlSequenceNode(required));
        return schema;
    }

    private static bool IsBinary(YamlNode schema) =>
        IsType(schema, "string") && (OpenApiDocuments.Scalar(OpenApiDocuments.Child(schema, "format")) is "binary" or "byte" || OpenApiDocuments.Child(schema, "contentMediaType") is not null);

    private static Template Literal(string text) => new(text, new EquatableArray<TemplatePart>(new[] { new TemplatePart(TemplatePartKind.Text, text) }));

    private static YamlMappingNode Base64Schema(string description, string? mediaType)
    {
        var schema = new YamlMappingNode
        {
            { OpenApiSchemas.Text("type"), OpenApiSchemas.Text("string") },
            { OpenApiSchemas.Text("contentEncoding"), OpenApiSchemas.Text("base64") },
        };
        if (mediaType is not null) schema.Add(OpenApiSchemas.Text("contentMediaType"), OpenApiSchemas.Text(mediaType));
        schema.Add(OpenApiSchemas.Text("description"), OpenApiSchemas.Text(description));
        return schema;
    }

    /// <summary>
    /// The request body: a JSON, form or multipart object's properties become arguments (file parts of a multipart
    /// body take base64 strings); any other JSON value, a binary body (base64) and a text body are one argument.
    /// </summary>
    private BodyModel Body(SchemaBuild build, OpenApiFile file, YamlNode schemaNode, string mediaType, YamlNode? encodings, bool required, YamlNode at,
        List<OperationArgument> arguments, Func<string, string, string> claim, OpenApiFile opFile, OperationOverride? spec)
    {
        var encoding = Encoding(mediaType);
        var contentType = mediaType.Split(';')[0].Trim();
        if (contentType.Contains('*')) contentType = encoding == BodyEncoding.Json ? "application/json" : "application/octet-stream";
        var converted = _schemas.Convert(build, file, schemaNode);
        if (build.Problem is { } problem) throw new UnmappableException("its request body: " + problem.Reason, problem.At, problem.File);
        var properties = OpenApiDocuments.Child(converted, "properties") as YamlMappingNode;
        var isObject = properties is not null && (OpenApiDocuments.Child(converted, "type") is null || IsType(converted, "object"))
            && new[] { "$ref", "oneOf", "anyOf", "allOf" }.All(k => OpenApiDocuments.Child(converted, k) is null);

        BodyModel Whole(YamlNode schema)
        {
            var name = claim("body", "request");
            arguments.Add(new OperationArgument("body", "body", name, schema, required, at));
            return new BodyModel(encoding, contentType) { WholeInput = name };
        }

        switch (encoding)
        {
            case BodyEncoding.Binary:
                return Whole(Base64Schema("The request body (" + contentType + "), base64-encoded", contentType));
            case BodyEncoding.Text:
                return Whole(IsType(converted, "string") ? WithDescription(converted, OpenApiSchemas.Text("The request body (" + contentType + ")")) : new YamlMappingNode { { OpenApiSchemas.Text("type"), OpenApiSchemas.Text("string") }, { OpenApiSchemas.Text("description"), OpenApiSchemas.Text("The request body (" + contentType + ")") } });
            case BodyEncoding.Json when !isObject:
                return Whole(WithDescription(converted, OpenApiSchemas.Text("The request body")));
        }
        if (!isObject)
        {
            throw new UnmappableException("its " + contentType + " request body is not an object with listed properties, so it has no fields to send", schemaNode, file);
        }

        var requiredNames = (OpenApiDocuments.Child(converted, "required") as YamlSequenceNode)?.Children.Select(OpenApiDocuments.Scalar).ToList() ?? new List<string?>();
        var mappings = new List<ParameterMapping>();
        foreach (var (property, _, value) in OpenApiDocuments.Entries(properties))
        {
            var schema = value;
            var fieldEncoding = OpenApiDocuments.Child(encodings, property);
            var mapping = new ParameterMapping(property, "");
            if (encoding is BodyEncoding.Form or BodyEncoding.Multipart)
            {
                var styleText = OpenApiDocuments.Scalar(OpenApiDocuments.Child(fieldEncoding, "style"));
                var style = styleText is null ? ParameterStyle.Form : ParseStyle(styleText) ?? throw new UnmappableException("body field '" + property + "' has style '" + styleText + "', which is not an OpenAPI style", fieldEncoding!, opFile);
                if (!StyleAllowed(ParameterLocation.Query, style)) throw new UnmappableException("body field '" + property + "' has style '" + styleText + "', which a form body does not take", fieldEncoding!, opFile);
                var explode = OpenApiDocuments.Scalar(OpenApiDocuments.Child(fieldEncoding, "explode")) is { } e ? e == "true" : style == ParameterStyle.Form;
                var partType = OpenApiDocuments.Scalar(OpenApiDocuments.Child(fieldEncoding, "contentType"))?.Split(',')[0].Trim();
                mapping = mapping with
                {
                    Style = style,
                    Explode = explode,
                    AllowReserved = OpenApiDocuments.Child(fieldEncoding, "allowReserved") is YamlScalarNode { Value: "true" },
                    ContentType = encoding == BodyEncoding.Multipart ? partType : null,
                };
                if (encoding == BodyEncoding.Multipart && IsType(value, "array") && OpenApiDocuments.Child(value, "items") is { } items && IsBinary(items))
                {
                    throw new UnmappableException("multipart field '" + property + "' is a list of files, and a file part takes one base64 argument", schemaNode, file);
                }
                if (encoding == BodyEncoding.Multipart && IsBinary(value))
                {
                    var mediaTypeOfFile = partType ?? OpenApiDocuments.Scalar(OpenApiDocuments.Child(value, "contentMediaType"));
                    schema = Base64Schema((OpenApiDocuments.Scalar(OpenApiDocuments.Child(value, "description")) is { } d ? d + " " : "") + "(file content, base64-encoded)", mediaTypeOfFile);
                    mapping = mapping with { File = new FilePartModel(null, mediaTypeOfFile is null ? null : Literal(mediaTypeOfFile)), ContentType = null };
                }
            }
            // A hidden field is sent as fixed text: any form or multipart field, or a JSON field that is a string
            // (a fixed JSON number or object would be sent as a string, so it stays an argument and is reported).
            if (mapping.File is null && (encoding != BodyEncoding.Json || IsType(value, "string")) && spec?.TakeHidden(property) is { } fixedValue)
            {
                mappings.Add(mapping with { Value = Literal(fixedValue) });
                continue;
            }
            var name = claim(property, "body");
            arguments.Add(new OperationArgument(property, "body", name, schema, required && requiredNames.Contains(property), at));
            mappings.Add(mapping with { InputName = name });
        }
        return new BodyModel(encoding, contentType) { Properties = new EquatableArray<ParameterMapping>(mappings.ToArray()) };
    }
}
