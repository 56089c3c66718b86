using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Emit;

/// <summary>
/// The partial declarations of hand-written handlers, for those the project implements. A handler the
/// project does not implement is reported at its spec line (NMCP018) and its primitive is left out, so
/// the build fails with that one error instead of a missing-implementation error in generated code.
/// </summary>
internal static class HandlersEmitter
{
    private const string Protocol = "global::ModelContextProtocol.Protocol";
    private const string Server = "global::ModelContextProtocol.Server";

    public static string ClassName(SpecModel spec) => Naming.Pascal(spec.Server.Name) + "Handlers";

    /// <summary>The key the syntax scan produces for an implemented method: "Class.Method".</summary>
    public static string Key(SpecModel spec, string method) => ClassName(spec) + "." + method;

    public static string? Emit(SpecModel spec, string ns, ISet<string> implemented)
    {
        var lines = new List<string>();
        foreach (var tool in spec.Tools.Where(t => t.Kind == ToolKind.Handler && implemented.Contains(Key(spec, ToolEmitter.HandlerMethod(t)))))
        {
            var parameters = tool.Inputs.Select(i => Naming.ClrType(i) + " " + Naming.Parameter(i.Name));
            lines.Add("/// <summary>Tool <c>" + ToolEmitter.Xml(tool.Name) + "</c>.</summary>");
            lines.Add("public static partial global::System.Threading.Tasks.ValueTask<" + Protocol + ".CallToolResult> " + ToolEmitter.HandlerMethod(tool) + "(" +
                string.Join(", ", new[] { Server + ".RequestContext<" + Protocol + ".CallToolRequestParams> request" }.Concat(parameters).Concat(new[] { "global::System.Threading.CancellationToken cancellationToken" })) + ");");
        }
        foreach (var resource in spec.Resources.Where(r => r.Source == ResourceSource.Handler && implemented.Contains(Key(spec, ResourceEmitter.HandlerMethod(r)))))
        {
            var parameters = resource.Variables.Select(v => "string " + Naming.Parameter(v));
            lines.Add("/// <summary>Resource <c>" + ToolEmitter.Xml(resource.Uri) + "</c>.</summary>");
            lines.Add("public static partial global::System.Threading.Tasks.ValueTask<" + Protocol + ".ReadResourceResult> " + ResourceEmitter.HandlerMethod(resource) + "(" +
                string.Join(", ", new[] { Server + ".RequestContext<" + Protocol + ".ReadResourceRequestParams> request", "string uri" }.Concat(parameters).Concat(new[] { "global::System.Threading.CancellationToken cancellationToken" })) + ");");
        }
        foreach (var prompt in spec.Prompts.Where(p => p.Handler && implemented.Contains(Key(spec, PromptEmitter.HandlerMethod(p)))))
        {
            var parameters = prompt.Arguments.Select(a => "string" + (a.Required ? " " : "? ") + Naming.Parameter(a.Name));
            lines.Add("/// <summary>Prompt <c>" + ToolEmitter.Xml(prompt.Name) + "</c>.</summary>");
            lines.Add("public static partial global::System.Threading.Tasks.ValueTask<" + Protocol + ".GetPromptResult> " + PromptEmitter.HandlerMethod(prompt) + "(" +
                string.Join(", ", new[] { Server + ".RequestContext<" + Protocol + ".GetPromptRequestParams> request" }.Concat(parameters).Concat(new[] { "global::System.Threading.CancellationToken cancellationToken" })) + ");");
        }
        if (lines.Count == 0) return null;

        var w = new SourceWriter().Header();
        w.Line("namespace " + ns + ";");
        w.Line();
        w.Line("/// <summary>The spec's hand-written handlers: implement each in a .cs file beside the spec.</summary>");
        w.Line("static partial class " + ClassName(spec));
        w.Line("{");
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0 && lines[i].StartsWith("///")) w.Line();
            w.Line(lines[i]);
        }
        w.Line("}");
        return w.ToString();
    }
}
