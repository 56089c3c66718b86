using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Emit;

/// <summary>Prompts: protocol metadata with arguments, and a builder per prompt for its messages.</summary>
internal static class PromptEmitter
{
    private const string Protocol = "global::ModelContextProtocol.Protocol";
    private const string Primitives = "global::NativeMcp.Runtime.Primitives";

    public static string ClassName(SpecModel spec) => Naming.Pascal(spec.Server.Name) + "Prompts";

    public static string HandlerMethod(PromptModel prompt) => Naming.Pascal(prompt.Name) + "PromptAsync";

    public static IEnumerable<PromptModel> Registered(SpecModel spec, ISet<string> implemented) =>
        spec.Prompts.Where(p => !p.Handler || implemented.Contains(HandlersEmitter.Key(spec, HandlerMethod(p))));

    public static string Emit(SpecModel spec, string ns, ISet<string> implemented)
    {
        var w = new SourceWriter().Header();
        var assembly = "typeof(" + ServerEmitter.ClassName(spec) + ").Assembly";
        w.Line("namespace " + ns + ";");
        w.Line();
        w.Line("/// <summary>The prompts of the spec.</summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"NativeMcp.Generators\", \"1.0.0\")]");
        w.Line("internal static class " + ClassName(spec));
        w.Line("{");
        w.Line("public static void Register(global::ModelContextProtocol.Server.McpServerPrimitiveCollection<global::ModelContextProtocol.Server.McpServerPrompt> prompts)");
        w.Line("{");
        foreach (var prompt in Registered(spec, implemented))
        {
            w.Line("prompts.Add(new " + Primitives + ".SpecPrompt(");
            w.Line("    new " + Protocol + ".Prompt");
            w.Line("    {");
            w.Line("        Name = " + Naming.Literal(prompt.Name) + ",");
            if (prompt.Title is not null) w.Line("        Title = " + Naming.Literal(prompt.Title) + ",");
            if (prompt.Description is not null) w.Line("        Description = " + Naming.Literal(prompt.Description) + ",");
            if (!prompt.Arguments.IsEmpty)
            {
                w.Line("        Arguments =");
                w.Line("        [");
                foreach (var a in prompt.Arguments)
                {
                    w.Line("            new " + Protocol + ".PromptArgument { Name = " + Naming.Literal(a.Name) +
                        (a.Description is null ? "" : ", Description = " + Naming.Literal(a.Description)) +
                        ", Required = " + Naming.Bool(a.Required) + " },");
                }
                w.Line("        ],");
            }
            w.Line("    },");
            var defaults = prompt.Arguments.Where(a => a.Default is not null).ToList();
            w.Line("    " + (defaults.Count == 0 ? "null" : "new global::System.Collections.Generic.Dictionary<string, string> { " +
                string.Join(", ", defaults.Select(a => "[" + Naming.Literal(a.Name) + "] = " + Naming.Literal(a.Default))) + " }") + ",");
            w.Line("    " + BuilderName(prompt) + "));");
        }
        w.Line("}");
        foreach (var prompt in Registered(spec, implemented))
        {
            w.Line();
            EmitBuilder(w, spec, prompt, assembly);
        }
        w.Line("}");
        return w.ToString();
    }

    private static string BuilderName(PromptModel prompt) => "Build" + Naming.Pascal(prompt.Name) + "Async";

    private static void EmitBuilder(SourceWriter w, SpecModel spec, PromptModel prompt, string assembly)
    {
        var async = prompt.Messages.Any(m => ContentEmitter.NeedsAwait(m.Content));
        w.Line("private static " + (async ? "async " : "") + "global::System.Threading.Tasks.ValueTask<" + Protocol + ".GetPromptResult> " + BuilderName(prompt) + "(");
        w.Line("    global::ModelContextProtocol.Server.RequestContext<" + Protocol + ".GetPromptRequestParams> request,");
        w.Line("    global::System.Collections.Generic.IReadOnlyDictionary<string, string?> values,");
        w.Line("    global::System.Threading.CancellationToken cancellationToken)");
        w.Line("{");
        if (prompt.Handler)
        {
            var arguments = prompt.Arguments.Select(a => "values[" + Naming.Literal(a.Name) + "]" + (a.Required ? "!" : ""));
            w.Line("return " + HandlersEmitter.ClassName(spec) + "." + HandlerMethod(prompt) + "(" + string.Join(", ", new[] { "request" }.Concat(arguments).Concat(new[] { "cancellationToken" })) + ");");
        }
        else
        {
            w.Line("var result = new " + Protocol + ".GetPromptResult");
            w.Line("{");
            if (prompt.Description is not null) w.Line("Description = " + Naming.Literal(prompt.Description) + ",");
            w.Line("Messages =");
            w.Line("[");
            foreach (var message in prompt.Messages)
            {
                var role = message.Role == "assistant" ? "Assistant" : "User";
                w.Line("new " + Protocol + ".PromptMessage { Role = " + Protocol + ".Role." + role + ", Content = " +
                    ContentEmitter.Expression(message.Content, "values", assembly, "request") + " },");
            }
            w.Line("],");
            w.Line("};");
            w.Line(async ? "return result;" : "return new(result);");
        }
        w.Line("}");
    }
}
