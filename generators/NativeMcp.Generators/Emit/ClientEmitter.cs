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
        foreach (var query in http.QueryTemplates)
        {
            w.Line("request.Query.Add(" + CSharp.Literal(query.Name) + ", " + TemplateExpression(query.Value, inputs) + ");");
        }
        w.Line("return " + upstreamField + ".SendAsync(request, cancellationToken);");
        w.Line("}");
    }

    private static void EmitRequest(SourceWriter w, HttpModel http, Dictionary<string, InputModel> inputs)
    {
        w.Line("var request = new " + Upstream + ".UpstreamRequest(global::System.Net.Http.HttpMethod." + Pascal(http.Method) + ", " + PathExpression(http.Path, inputs) + ");");
        foreach (var query in http.Query)
        {
            w.Line("request.Query.Add(" + CSharp.Literal(query.WireName) + ", " + inputs[query.InputName].Parameter + ");");
        }
        foreach (var header in http.Headers) EmitHeader(w, header, inputs);
        if (!http.Body.IsEmpty) EmitBody(w, http.Body, inputs);
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

    /// <summary>Path segments escaped with Uri.EscapeDataString; literal text is the spec's own.</summary>
    private static string PathExpression(Template path, Dictionary<string, InputModel> inputs) =>
        string.Join(" + ", path.Parts.Select(part => part.Kind switch
        {
            TemplatePartKind.Text => CSharp.Literal(part.Value),
            TemplatePartKind.Env => "_env[" + CSharp.Literal(part.Value) + "]",
            _ => "global::System.Uri.EscapeDataString(" + AsString(inputs[part.Value], inputs[part.Value].Parameter) + ")",
        }));

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

    private static void EmitBody(SourceWriter w, EquatableArray<ParameterMapping> body, Dictionary<string, InputModel> inputs)
    {
        w.Line("var buffer = new global::System.Buffers.ArrayBufferWriter<byte>(256);");
        w.Line("using (var writer = new global::System.Text.Json.Utf8JsonWriter(buffer))");
        w.Line("{");
        w.Line("writer.WriteStartObject();");
        foreach (var mapping in body)
        {
            var input = inputs[mapping.InputName];
            var name = input.Parameter;
            var wire = CSharp.Literal(mapping.WireName);
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
