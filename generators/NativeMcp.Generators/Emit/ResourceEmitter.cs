using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Emit;

/// <summary>Resources and resource templates: protocol metadata and one reader per resource.</summary>
internal static class ResourceEmitter
{
    private const string Protocol = "global::ModelContextProtocol.Protocol";
    private const string Primitives = "global::NativeMcp.Runtime.Primitives";


    public static string Emit(SpecModel spec, string ns, ISet<string> implemented)
    {
        var w = new SourceWriter().Header();
        var client = spec.Names.ClientClass;
        var assembly = "typeof(" + spec.Names.ServerClass + ").Assembly";
        w.Line("namespace " + ns + ";");
        w.Line();
        w.Line("/// <summary>The resources of the spec, each read by its own method.</summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"NativeMcp.Generators\", \"1.0.0\")]");
        w.Line("internal static class " + spec.Names.ResourcesClass);
        w.Line("{");
        w.Line("public static void Register(global::ModelContextProtocol.Server.McpServerResourceCollection resources, " + client + " api)");
        w.Line("{");
        foreach (var resource in Registered(spec, implemented))
        {
            w.Line("resources.Add(new " + Primitives + ".SpecResource(");
            w.Line("    new " + Protocol + ".ResourceTemplate { UriTemplate = " + CSharp.Literal(resource.Uri) + ", Name = " + CSharp.Literal(resource.Name) +
                (resource.Title is null ? "" : ", Title = " + CSharp.Literal(resource.Title)) +
                (resource.Description is null ? "" : ", Description = " + CSharp.Literal(resource.Description)) +
                ", MimeType = " + CSharp.Literal(resource.MimeType) + " },");
            w.Line("    (request, uri, variables, cancellationToken) => " + resource.ReaderMethod + "(api, request, uri, variables, cancellationToken)));");
        }
        w.Line("}");
        foreach (var resource in Registered(spec, implemented))
        {
            w.Line();
            EmitReader(w, spec, resource, assembly);
        }
        w.Line("}");
        return w.ToString();
    }

    public static IEnumerable<ResourceModel> Registered(SpecModel spec, ISet<string> implemented) =>
        spec.Resources.Where(r => r.Source != ResourceSource.Handler || implemented.Contains(HandlersEmitter.Key(spec, r.HandlerMethod)));



    private static void EmitReader(SourceWriter w, SpecModel spec, ResourceModel resource, string assembly)
    {
        var async = resource.Source is ResourceSource.Http;
        w.Line("/// <summary>Reads <c>" + CSharp.Xml(resource.Uri) + "</c>.</summary>");
        w.Line("private static " + (async ? "async " : "") + "global::System.Threading.Tasks.ValueTask<" + Protocol + ".ReadResourceResult> " + resource.ReaderMethod + "(");
        w.Line("    " + spec.Names.ClientClass + " api,");
        w.Line("    global::ModelContextProtocol.Server.RequestContext<" + Protocol + ".ReadResourceRequestParams> request,");
        w.Line("    string uri,");
        w.Line("    global::System.Collections.Generic.IReadOnlyDictionary<string, string?> variables,");
        w.Line("    global::System.Threading.CancellationToken cancellationToken)");
        w.Line("{");
        var variables = resource.Variables.Select(v => "variables[" + CSharp.Literal(v) + "]!").ToList();
        switch (resource.Source)
        {
            case ResourceSource.Http:
                var arguments = string.Join(", ", variables.Concat(new[] { "cancellationToken" }));
                w.Line("var response = await api." + resource.ClientMethod + "(" + arguments + ").ConfigureAwait(false);");
                w.Line("return " + Primitives + ".Contents.FromUpstream(response, uri, " + CSharp.Literal(resource.MimeType) + ");");
                break;
            case ResourceSource.Text:
                w.Line("return new(" + Primitives + ".Contents.ReadText(uri, " + CSharp.Literal(resource.MimeType) + ", " + ContentEmitter.Render(resource.Text!, "variables") + "));");
                break;
            case ResourceSource.File:
                w.Line("return new(" + Primitives + ".Contents.Read(" + Primitives + ".Contents.FileContents(" + assembly + ", uri, " + CSharp.Literal(resource.Asset) + ", " + CSharp.Literal(resource.MimeType) + ")));");
                break;
            default:
                var handlerArgs = string.Join(", ", new[] { "request", "uri" }.Concat(variables).Concat(new[] { "cancellationToken" }));
                w.Line("return " + spec.Names.HandlersClass + "." + resource.HandlerMethod + "(" + handlerArgs + ");");
                break;
        }
        w.Line("}");
    }
}
