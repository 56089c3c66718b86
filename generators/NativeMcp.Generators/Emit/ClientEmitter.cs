using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Emit;

/// <summary>The typed upstream client: one method per operation, typed parameters, no reflection.</summary>
internal static class ClientEmitter
{
    private const string Upstream = "global::NativeMcp.Runtime.Upstream";

    public static string Emit(SpecModel spec, string ns)
    {
        var w = new SourceWriter().Header();
        var className = spec.Names.ClientClass;
        w.Line("namespace " + ns + ";");
        w.Line();
        w.Line("/// <summary>Typed client for the " + CSharp.Xml(spec.Server.Title ?? spec.Server.Name) + " API: one method per operation of the spec.</summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"NativeMcp.Generators\", \"1.0.0\")]");
        w.Line("internal sealed class " + className);
        w.Line("{");
        w.Line("private readonly global::NativeMcp.Runtime.Hosting.EnvironmentValues _env;");
        foreach (var u in spec.Upstreams) w.Line("private readonly " + Upstream + ".UpstreamClient " + Field(u) + ";");
        // A tool's own auth lives as long as the client, so that an OAuth2 token is cached across calls.
        foreach (var tool in spec.Tools.Where(t => t.Auth is not null && t.Kind == ToolKind.Http)) w.Line("private readonly " + Upstream + ".UpstreamAuth " + AuthField(tool) + ";");
        w.Line();
        var parameters = spec.Upstreams.Select(u => ", " + Upstream + ".UpstreamClient " + ServerEmitter.UpstreamVariable(u));
        w.Line("public " + className + "(global::NativeMcp.Runtime.Hosting.EnvironmentValues env" + string.Concat(parameters) + ")");
        w.Line("{");
        w.Line("_env = env;");
        foreach (var u in spec.Upstreams) w.Line(Field(u) + " = " + ServerEmitter.UpstreamVariable(u) + ";");
        foreach (var tool in spec.Tools.Where(t => t.Auth is not null && t.Kind == ToolKind.Http)) w.Line(AuthField(tool) + " = " + AuthEmitter.Expression(tool.Auth!, "env") + ";");
        w.Line("}");
        foreach (var tool in spec.Tools.Where(t => t.Kind == ToolKind.Http))
        {
            w.Line();
            EmitMethod(w, tool, Field(spec, tool.Upstream));
        }
        foreach (var resource in spec.Resources.Where(r => r.Source == ResourceSource.Http))
        {
            w.Line();
            EmitResourceMethod(w, resource, Field(spec, resource.Upstream));
        }
        w.Line("}");
        return w.ToString();
    }


    /// <summary>A resource read: the URI template's variables are the (string) parameters.</summary>
    private static void EmitResourceMethod(SourceWriter w, ResourceModel resource, string upstreamField)
    {
        var http = resource.Http!;
        var inputs = resource.Variables.Select((v, i) => new InputModel { Name = v, Type = InputKind.String, Required = true, Parameter = resource.VariableParameters[i] })
            .ToDictionary(i => i.Name);
        var parameters = resource.VariableParameters.Select(p => "string " + p)
            .Concat(new[] { "global::System.Threading.CancellationToken cancellationToken = default" });
        w.Line("/// <summary><c>" + http.Method + " " + CSharp.Xml(http.Path.Source) + "</c> (resource <c>" + CSharp.Xml(resource.Uri) + "</c>).</summary>");
        w.Line("public global::System.Threading.Tasks.Task<" + Upstream + ".UpstreamResponse> " + resource.ClientMethod + "(" + string.Join(", ", parameters) + ")");
        w.Line("{");
        EmitRequest(w, http, inputs);
        w.Line("return " + upstreamField + ".SendAsync(request, cancellationToken);");
        w.Line("}");
    }

    private static void EmitRequest(SourceWriter w, HttpModel http, Dictionary<string, InputModel> inputs)
    {
        w.Line("var request = new " + Upstream + ".UpstreamRequest(global::System.Net.Http.HttpMethod." + Pascal(http.Method) + ", " + PathExpression(http, inputs) + ");");
        foreach (var parameter in http.Parameters)
        {
            switch (parameter.In)
            {
                case ParameterLocation.Query: EmitQuery(w, "request.Query", parameter, inputs); break;
                case ParameterLocation.Header: EmitHeader(w, parameter, inputs); break;
                case ParameterLocation.Cookie: EmitCookie(w, parameter, inputs); break;
            }
        }
        if (http.Body is { } body) EmitBody(w, body, inputs);
    }

    private static void EmitMethod(SourceWriter w, ToolModel tool, string upstreamField)
    {
        var http = tool.Http!;
        var inputs = tool.Inputs.ToDictionary(i => i.Name);
        var parameters = tool.Inputs.Select(i => i.ClrType + " " + i.Parameter)
            .Concat(new[] { "global::System.Threading.CancellationToken cancellationToken = default" });

        w.Line("/// <summary><c>" + http.Method + " " + CSharp.Xml(http.Path.Source) + "</c> (tool <c>" + CSharp.Xml(tool.Name) + "</c>).</summary>");
        w.Line("public global::System.Threading.Tasks.Task<" + Upstream + ".UpstreamResponse> " + tool.ClientMethod + "(" + string.Join(", ", parameters) + ")");
        w.Line("{");
        EmitRequest(w, http, inputs);
        if (tool.Auth is not null) w.Line("request.Auth = " + AuthField(tool) + ";");
        if (tool.TimeoutMilliseconds is { } timeout) w.Line("request.Timeout = " + ServerEmitter.Ms(timeout) + ";");
        // Retried only when repeating is safe: an idempotent method (the default), an idempotent tool, or a
        // tool the spec marks with retry: true. retry: false turns it off for any method.
        if (tool.Retry is { } retry) w.Line("request.Retryable = " + CSharp.Bool(retry) + ";");
        else if (tool.Annotations.Idempotent == true && http.Method is "POST" or "PATCH") w.Line("request.Retryable = true;");
        w.Line("return " + upstreamField + ".SendAsync(request, cancellationToken);");
        w.Line("}");
    }

    private static string Field(UpstreamModel upstream) => "_upstream" + upstream.Identifier;

    private static string Field(SpecModel spec, string upstream) => Field(spec.Upstreams.First(u => u.Name == upstream));

    private static string AuthField(ToolModel tool) => "_auth" + tool.Identifier;

    private static string Pascal(string method) => method.Substring(0, 1) + method.Substring(1).ToLowerInvariant();

    /// <summary>Path segments by their style; literal text is the spec's own.</summary>
    private static string PathExpression(HttpModel http, Dictionary<string, InputModel> inputs) =>
        string.Join(" + ", http.Path.Parts.Select(part => part.Kind switch
        {
            TemplatePartKind.Text => CSharp.Literal(part.Value),
            TemplatePartKind.Env => "_env[" + CSharp.Literal(part.Value) + "]",
            _ => PathValue(http.In(ParameterLocation.Path).First(p => p.WireName == part.Value), inputs),
        }));

    private static string PathValue(ParameterMapping parameter, Dictionary<string, InputModel> inputs)
    {
        if (parameter.Value is { } template) return "global::System.Uri.EscapeDataString(" + TemplateExpression(template, inputs) + ")";
        var input = inputs[parameter.InputName];
        if (parameter.Serialized) return "global::System.Uri.EscapeDataString(" + SerializedText(input) + " ?? \"\")";
        if (IsJson(input))
        {
            return Upstream + ".StyledParameters.Path(" + CSharp.Literal(parameter.WireName) + ", " + input.Parameter + (input.AlwaysSet ? "" : ".Value") + ", " + Style(parameter.Style) + ", " + CSharp.Bool(parameter.Explode) + ")";
        }
        var text = AsString(input, input.Parameter);
        return parameter.Style == ParameterStyle.Simple
            ? "global::System.Uri.EscapeDataString(" + text + ")"
            : Upstream + ".StyledParameters.Path(" + CSharp.Literal(parameter.WireName) + ", " + text + ", " + Style(parameter.Style) + ", " + CSharp.Bool(parameter.Explode) + ")";
    }

    private static bool IsJson(InputModel input) => input.Type is InputKind.Array or InputKind.Object;

    /// <summary>An input's JSON text as string? (null when an optional input was not given), for parameters described by a JSON media type.</summary>
    private static string SerializedText(InputModel input)
    {
        var p = input.Parameter;
        return input.Type switch
        {
            InputKind.String => input.AlwaysSet ? "global::NativeMcp.Runtime.Results.JsonValues.StringText(" + p + ")" : "(" + p + " is null ? null : global::NativeMcp.Runtime.Results.JsonValues.StringText(" + p + "))",
            InputKind.Array or InputKind.Object => input.AlwaysSet ? p + ".GetRawText()" : p + "?.GetRawText()",
            _ => TextOrNull(input),
        };
    }

    private static string Style(ParameterStyle style) => "global::NativeMcp.Runtime.Vocabulary.ParameterStyle." + style;

    /// <summary>A scalar input as string? text: null when an optional input was not given.</summary>
    private static string TextOrNull(InputModel input)
    {
        var p = input.Parameter;
        return input.Type switch
        {
            InputKind.String => p,
            InputKind.Integer => input.AlwaysSet ? p + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture)" : p + "?.ToString(global::System.Globalization.CultureInfo.InvariantCulture)",
            InputKind.Number => input.AlwaysSet ? p + ".ToString(\"R\", global::System.Globalization.CultureInfo.InvariantCulture)" : p + "?.ToString(\"R\", global::System.Globalization.CultureInfo.InvariantCulture)",
            _ => input.AlwaysSet ? "(" + p + " ? \"true\" : \"false\")" : "(" + p + " is null ? null : " + p + ".Value ? \"true\" : \"false\")",
        };
    }

    /// <summary>A query or form-body pair: fixed values as given, scalars as <c>name=value</c>, arrays and objects by style.</summary>
    private static void EmitQuery(SourceWriter w, string target, ParameterMapping parameter, Dictionary<string, InputModel> inputs)
    {
        var name = CSharp.Literal(parameter.WireName);
        if (parameter.Value is { } template)
        {
            w.Line(target + ".Add(" + name + ", " + TemplateExpression(template, inputs) + (parameter.AllowReserved ? ", true" : "") + ");");
            return;
        }
        var input = inputs[parameter.InputName];
        if (parameter.Serialized)
        {
            w.Line(target + ".Add(" + name + ", " + SerializedText(input) + ");");
        }
        else if (IsJson(input))
        {
            w.Line(target + ".Add(" + name + ", " + input.Parameter + ", " + Style(parameter.Style) + ", " + CSharp.Bool(parameter.Explode) + ", " + CSharp.Bool(parameter.AllowReserved) + ");");
        }
        else if (parameter.AllowReserved)
        {
            w.Line(target + ".Add(" + name + ", " + TextOrNull(input) + ", true);");
        }
        else
        {
            w.Line(target + ".Add(" + name + ", " + input.Parameter + ");");
        }
    }

    private static void EmitCookie(SourceWriter w, ParameterMapping parameter, Dictionary<string, InputModel> inputs)
    {
        var name = CSharp.Literal(parameter.WireName);
        if (parameter.Value is { } template)
        {
            w.Line("request.AddCookie(" + name + ", " + TemplateExpression(template, inputs) + ");");
            return;
        }
        var input = inputs[parameter.InputName];
        w.Line(parameter.Serialized ? "request.AddCookie(" + name + ", " + SerializedText(input) + ");" : IsJson(input)
            ? "request.AddCookie(" + name + ", " + input.Parameter + ", " + CSharp.Bool(parameter.Explode) + ");"
            : "request.AddCookie(" + name + ", " + TextOrNull(input) + ");");
    }

    /// <summary>A template over string inputs (resource query values): literal text, env and variables.</summary>
    private static string TemplateExpression(Template template, Dictionary<string, InputModel> inputs)
    {
        if (template.Parts.IsEmpty) return "\"\"";
        return string.Join(" + ", template.Parts.Select(part => part.Kind switch
        {
            TemplatePartKind.Text => CSharp.Literal(part.Value),
            TemplatePartKind.Env => "_env[" + CSharp.Literal(part.Value) + "]",
            _ => inputs[part.Value].Parameter,
        }));
    }

    private static string AsString(InputModel input, string expression) => input.Type switch
    {
        InputKind.String => expression,
        InputKind.Integer or InputKind.Number => expression + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture)",
        InputKind.Boolean => "(" + expression + " ? \"true\" : \"false\")",
        _ => expression + ".GetRawText()",
    };

    private static void EmitHeader(SourceWriter w, ParameterMapping parameter, Dictionary<string, InputModel> inputs)
    {
        if (parameter.Value is { } template)
        {
            EmitHeader(w, new HeaderModel(parameter.WireName, template), inputs);
            return;
        }
        var input = inputs[parameter.InputName];
        var value = parameter.Serialized ? SerializedText(input) : IsJson(input)
            ? Upstream + ".StyledParameters.Header(" + input.Parameter + ", " + CSharp.Bool(parameter.Explode) + ")"
            : TextOrNull(input);
        w.Line("if (" + value + " is { } headerValue" + input.Member + ")");
        w.Line("{");
        w.Line("request.Headers.Add(new(" + CSharp.Literal(parameter.WireName) + ", headerValue" + input.Member + "));");
        w.Line("}");
    }

    private static void EmitHeader(SourceWriter w, HeaderModel header, Dictionary<string, InputModel> inputs)
    {
        // A header whose inputs were not given is left out, rather than sent half-filled.
        var optional = header.Value.Parts
            .Where(p => p.Kind == TemplatePartKind.Input && !inputs[p.Value].AlwaysSet)
            .Select(p => inputs[p.Value].Parameter + " is not null").ToArray();
        var value = string.Join(" + ", header.Value.Parts.Select(part => part.Kind switch
        {
            TemplatePartKind.Text => CSharp.Literal(part.Value),
            TemplatePartKind.Env => "_env[" + CSharp.Literal(part.Value) + "]",
            _ => AsString(inputs[part.Value], inputs[part.Value].Parameter + (inputs[part.Value].AlwaysSet || inputs[part.Value].Type == InputKind.String ? "" : ".Value")),
        }));
        if (value.Length == 0) value = "\"\"";
        var add = "request.Headers.Add(new(" + CSharp.Literal(header.Name) + ", " + value + "));";
        if (optional.Length == 0)
        {
            w.Line(add);
        }
        else
        {
            w.Line("if (" + string.Join(" && ", optional) + ")");
            w.Line("{");
            w.Line(add);
            w.Line("}");
        }
    }

    private static void EmitBody(SourceWriter w, BodyModel body, Dictionary<string, InputModel> inputs)
    {
        var contentType = CSharp.Literal(body.ContentType);
        var whole = body.WholeInput is { } wholeName ? inputs[wholeName] : null;
        switch (body.Encoding)
        {
            case BodyEncoding.Json when whole is not null:
                w.Line("if (" + (whole.AlwaysSet ? "true" : whole.Parameter + " is not null") + ")");
                w.Line("{");
                w.Line("var buffer = new global::System.Buffers.ArrayBufferWriter<byte>(256);");
                w.Line("using (var writer = new global::System.Text.Json.Utf8JsonWriter(buffer))");
                w.Line("{");
                w.Line(JsonValue(whole));
                w.Line("}");
                w.Line("request.SetBody(buffer.WrittenSpan.ToArray(), " + JsonContentType(body) + ");");
                w.Line("}");
                break;
            case BodyEncoding.Json:
                EmitJsonObject(w, body, inputs);
                break;
            case BodyEncoding.Form:
                w.Line("var form = new " + Upstream + ".QueryString();");
                foreach (var property in body.Properties) EmitQuery(w, "form", property, inputs);
                w.Line("request.SetBody(global::System.Text.Encoding.UTF8.GetBytes(form.ToFormText()), " + contentType + ");");
                break;
            case BodyEncoding.Multipart:
                w.Line("var multipart = new " + Upstream + ".MultipartBody();");
                foreach (var property in body.Properties) EmitPart(w, property, inputs);
                w.Line("request.Invalid ??= multipart.Invalid;");
                w.Line("request.SetBody(multipart.ToBytes(), multipart.ContentType);");
                break;
            case BodyEncoding.Binary:
                w.Line("request.SetBase64Body(" + CSharp.Literal(whole!.Name) + ", " + whole.Parameter + ", " + contentType + ");");
                break;
            case BodyEncoding.Text:
                w.Line("if (" + TextOrNull(whole!) + " is { } bodyText)");
                w.Line("{");
                w.Line("request.SetBody(global::System.Text.Encoding.UTF8.GetBytes(bodyText), " + contentType + ");");
                w.Line("}");
                break;
        }
    }

    /// <summary>application/json as the runtime has always sent it; another JSON type (<c>+json</c>) as declared.</summary>
    private static string JsonContentType(BodyModel body) =>
        body.ContentType == "application/json" ? "\"application/json; charset=utf-8\"" : CSharp.Literal(body.ContentType);

    private static string JsonValue(InputModel input)
    {
        var value = input.AlwaysSet || input.Type == InputKind.String ? input.Parameter : input.Parameter + ".Value";
        return input.Type switch
        {
            InputKind.String => "writer.WriteStringValue(" + value + ");",
            InputKind.Integer or InputKind.Number => "writer.WriteNumberValue(" + value + ");",
            InputKind.Boolean => "writer.WriteBooleanValue(" + value + ");",
            _ => value + ".WriteTo(writer);",
        };
    }

    private static void EmitPart(SourceWriter w, ParameterMapping property, Dictionary<string, InputModel> inputs)
    {
        var name = CSharp.Literal(property.WireName);
        var contentType = property.ContentType is { } ct ? CSharp.Literal(ct) : "null";
        if (property.Value is { } template)
        {
            w.Line("multipart.Add(" + name + ", " + TemplateExpression(template, inputs) + ", " + contentType + ");");
            return;
        }
        var input = inputs[property.InputName];
        if (property.File is { } file)
        {
            var fileName = file.FileName is { } fn ? TemplateExpression(fn, inputs) : "null";
            var fileType = file.ContentType is { } ft ? TemplateExpression(ft, inputs) : "null";
            w.Line("multipart.AddFile(" + name + ", " + CSharp.Literal(input.Name) + ", " + input.Parameter + ", " + fileName + ", " + fileType + ");");
        }
        else
        {
            w.Line("multipart.Add(" + name + ", " + (IsJson(input) ? input.Parameter : TextOrNull(input)) + ", " + contentType + ");");
        }
    }

    private static void EmitJsonObject(SourceWriter w, BodyModel body, Dictionary<string, InputModel> inputs)
    {
        w.Line("var buffer = new global::System.Buffers.ArrayBufferWriter<byte>(256);");
        w.Line("using (var writer = new global::System.Text.Json.Utf8JsonWriter(buffer))");
        w.Line("{");
        w.Line("writer.WriteStartObject();");
        foreach (var mapping in body.Properties)
        {
            var wire = CSharp.Literal(mapping.WireName);
            if (mapping.Value is { } template)
            {
                w.Line("writer.WriteString(" + wire + ", " + TemplateExpression(template, inputs) + ");");
                continue;
            }
            var input = inputs[mapping.InputName];
            var name = input.Parameter;
            var always = input.AlwaysSet;
            var value = always || input.Type == InputKind.String ? name : name + ".Value";
            var write = input.Type switch
            {
                InputKind.String => "writer.WriteString(" + wire + ", " + value + ");",
                InputKind.Integer or InputKind.Number => "writer.WriteNumber(" + wire + ", " + value + ");",
                InputKind.Boolean => "writer.WriteBoolean(" + wire + ", " + value + ");",
                _ => "writer.WritePropertyName(" + wire + "); " + value + ".WriteTo(writer);",
            };
            if (always)
            {
                w.Line(write);
            }
            else
            {
                w.Line("if (" + name + " is not null)");
                w.Line("{");
                w.Line(write);
                w.Line("}");
            }
        }
        w.Line("writer.WriteEndObject();");
        w.Line("}");
        w.Line("request.JsonBody = buffer.WrittenSpan.ToArray();");
    }
}
