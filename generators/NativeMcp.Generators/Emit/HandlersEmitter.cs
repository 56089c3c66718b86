using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

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


    /// <summary>The key the syntax scan produces for an implemented method: "Class.Method".</summary>
    public static string Key(SpecModel spec, string method) => spec.Names.HandlersClass + "." + method;

    public static string? Emit(SpecModel spec, string ns, ISet<string> implemented)
    {
        var lines = new List<string>();
        foreach (var tool in spec.Tools.Where(t => t.Kind == ToolKind.Handler && implemented.Contains(Key(spec, t.HandlerMethod))))
        {
            var parameters = tool.Inputs.Select(i => i.ClrType + " " + i.Parameter);
            lines.Add("/// <summary>Tool <c>" + CSharp.Xml(tool.Name) + "</c>.</summary>");
            lines.Add("public static partial global::System.Threading.Tasks.ValueTask<" + Protocol + ".CallToolResult> " + tool.HandlerMethod + "(" +
                string.Join(", ", new[] { Server + ".RequestContext<" + Protocol + ".CallToolRequestParams> request" }.Concat(parameters).Concat(new[] { "global::System.Threading.CancellationToken cancellationToken" })) + ");");
        }
        foreach (var resource in spec.Resources.Where(r => r.Source == ResourceSource.Handler && implemented.Contains(Key(spec, r.HandlerMethod))))
        {
            var parameters = resource.VariableParameters.Select(p => "string " + p);
            lines.Add("/// <summary>Resource <c>" + CSharp.Xml(resource.Uri) + "</c>.</summary>");
            lines.Add("public static partial global::System.Threading.Tasks.ValueTask<" + Protocol + ".ReadResourceResult> " + resource.HandlerMethod + "(" +
                string.Join(", ", new[] { Server + ".RequestContext<" + Protocol + ".ReadResourceRequestParams> request", "string uri" }.Concat(parameters).Concat(new[] { "global::System.Threading.CancellationToken cancellationToken" })) + ");");
        }
        foreach (var prompt in spec.Prompts.Where(p => p.Handler && implemented.Contains(Key(spec, p.HandlerMethod))))
        {
            var parameters = prompt.Arguments.Select(a => "string" + (a.Required ? " " : "? ") + a.Parameter);
            lines.Add("/// <summary>Prompt <c>" + CSharp.Xml(prompt.Name) + "</c>.</summary>");
            lines.Add("public static partial global::System.Threading.Tasks.ValueTask<" + Protocol + ".GetPromptResult> " + prompt.HandlerMethod + "(" +
                string.Join(", ", new[] { Server + ".RequestContext<" + Protocol + ".GetPromptRequestParams> request" }.Concat(parameters).Concat(new[] { "global::System.Threading.CancellationToken cancellationToken" })) + ");");
        }
        if (lines.Count == 0) return null;

        var w = new SourceWriter().Header();
        w.Line("namespace " + ns + ";");
        w.Line();
        w.Line("/// <summary>The spec's hand-written handlers: implement each in a .cs file beside the spec.</summary>");
        w.Line("static partial class " + spec.Names.HandlersClass);
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
