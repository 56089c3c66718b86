using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Emit;

/// <summary>Resources and resource templates: protocol metadata and one reader per resource.</summary>
internal static class ResourceEmitter
{
    private const string Protocol = "global::ModelContextProtocol.Protocol";
    private const string Primitives = "global::NativeMcp.Runtime.Primitives";

    public static string ClassName(SpecModel spec) => Naming.Pascal(spec.Server.Name) + "Resources";

    public static string Emit(SpecModel spec, string ns, ISet<string> implemented)
    {
        var w = new SourceWriter().Header();
        var client = ClientEmitter.ClassName(spec);
        var assembly = "typeof(" + ServerEmitter.ClassName(spec) + ").Assembly";
        w.Line("namespace " + ns + ";");
        w.Line();
        w.Line("/// <summary>The resources of the spec, each read by its own method.</summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"NativeMcp.Generators\", \"1.0.0\")]");
        w.Line("internal static class " + ClassName(spec));
        w.Line("{");
        w.Line("public static void Register(global::ModelContextProtocol.Server.McpServerResourceCollection resources, " + client + " api)");
        w.Line("{");
        foreach (var resource in Registered(spec, implemented))
        {
            w.Line("resources.Add(new " + Primitives + ".SpecResource(");
            w.Line("    new " + Protocol + ".ResourceTemplate { UriTemplate = " + Naming.Literal(resource.Uri) + ", Name = " + Naming.Literal(resource.Name) +
                (resource.Title is null ? "" : ", Title = " + Naming.Literal(resource.Title)) +
                (resource.Description is null ? "" : ", Description = " + Naming.Literal(resource.Description)) +
                ", MimeType = " + Naming.Literal(resource.MimeType) + " },");
            w.Line("    (request, uri, variables, cancellationToken) => " + ReaderName(resource) + "(api, request, uri, variables, cancellationToken)));");
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
        spec.Resources.Where(r => r.Source != ResourceSource.Handler || implemented.Contains(HandlersEmitter.Key(spec, HandlerMethod(r))));

    public static string HandlerMethod(ResourceModel resource) => Naming.Pascal(resource.Name) + "ResourceAsync";

    private static string ReaderName(ResourceModel resource) => "Read" + Naming.Pascal(resource.Name) + "Async";

    private static void EmitReader(SourceWriter w, SpecModel spec, ResourceModel resource, string assembly)
    {
        var async = resource.Source is ResourceSource.Http;
        w.Line("/// <summary>Reads <c>" + ToolEmitter.Xml(resource.Uri) + "</c>.</summary>");
        w.Line("private static " + (async ? "async " : "") + "global::System.Threading.Tasks.ValueTask<" + Protocol + ".ReadResourceResult> " + ReaderName(resource) + "(");
        w.Line("    " + ClientEmitter.ClassName(spec) + " api,");
        w.Line("    global::ModelContextProtocol.Server.RequestContext<" + Protocol + ".ReadResourceRequestParams> request,");
        w.Line("    string uri,");
        w.Line("    global::System.Collections.Generic.IReadOnlyDictionary<string, string?> variables,");
        w.Line("    global::System.Threading.CancellationToken cancellationToken)");
        w.Line("{");
        var variables = resource.Variables.Select(v => "variables[" + Naming.Literal(v) + "]!").ToList();
        switch (resource.Source)
        {
            case ResourceSource.Http:
                var arguments = string.Join(", ", variables.Concat(new[] { "cancellationToken" }));
                w.Line("var response = await api." + ClientEmitter.ResourceMethodName(resource) + "(" + arguments + ").ConfigureAwait(false);");
                w.Line("return " + Primitives + ".Contents.FromUpstream(response, uri, " + Naming.Literal(resource.MimeType) + ");");
                break;
            case ResourceSource.Text:
                w.Line("return new(" + Primitives + ".Contents.ReadText(uri, " + Naming.Literal(resource.MimeType) + ", " + ContentEmitter.Render(resource.Text!, "variables") + "));");
                break;
            case ResourceSource.File:
                w.Line("return new(" + Primitives + ".Contents.Read(" + Primitives + ".Contents.FileContents(" + assembly + ", uri, " + Naming.Literal(resource.Asset) + ", " + Naming.Literal(resource.MimeType) + ")));");
                break;
            default:
                var handlerArgs = string.Join(", ", new[] { "request", "uri" }.Concat(variables).Concat(new[] { "cancellationToken" }));
                w.Line("return " + HandlersEmitter.ClassName(spec) + "." + HandlerMethod(resource) + "(" + handlerArgs + ");");
                break;
        }
        w.Line("}");
    }
}
