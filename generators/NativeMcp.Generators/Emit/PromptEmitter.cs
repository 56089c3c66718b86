using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Emit;

/// <summary>Prompts: protocol metadata with arguments, and a builder per prompt for its messages.</summary>
internal static class PromptEmitter
{
    private const string Protocol = "global::ModelContextProtocol.Protocol";
    private const string Primitives = "global::NativeMcp.Runtime.Primitives";



    public static IEnumerable<PromptModel> Registered(SpecModel spec, ISet<string> implemented) =>
        spec.Prompts.Where(p => !p.Handler || implemented.Contains(HandlersEmitter.Key(spec, p.HandlerMethod)));

    public static string Emit(SpecModel spec, string ns, ISet<string> implemented)
    {
        var w = new SourceWriter().Header();
        var assembly = "typeof(" + spec.Names.ServerClass + ").Assembly";
        w.Line("namespace " + ns + ";");
        w.Line();
        w.Line("/// <summary>The prompts of the spec.</summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"NativeMcp.Generators\", \"1.0.0\")]");
        w.Line("internal static class " + spec.Names.PromptsClass);
        w.Line("{");
        w.Line("public static void Register(global::ModelContextProtocol.Server.McpServerPrimitiveCollection<global::ModelContextProtocol.Server.McpServerPrompt> prompts)");
        w.Line("{");
        foreach (var prompt in Registered(spec, implemented))
        {
            w.Line("prompts.Add(new " + Primitives + ".SpecPrompt(");
            w.Line("    new " + Protocol + ".Prompt");
            w.Line("    {");
            w.Line("        Name = " + CSharp.Literal(prompt.Name) + ",");
            if (prompt.Title is not null) w.Line("        Title = " + CSharp.Literal(prompt.Title) + ",");
            if (prompt.Description is not null) w.Line("        Description = " + CSharp.Literal(prompt.Description) + ",");
            if (!prompt.Arguments.IsEmpty)
            {
                w.Line("        Arguments =");
                w.Line("        [");
                foreach (var a in prompt.Arguments)
                {
                    w.Line("            new " + Protocol + ".PromptArgument { Name = " + CSharp.Literal(a.Name) +
                        (a.Description is null ? "" : ", Description = " + CSharp.Literal(a.Description)) +
                        ", Required = " + CSharp.Bool(a.Required) + " },");
                }
                w.Line("        ],");
            }
            w.Line("    },");
            var defaults = prompt.Arguments.Where(a => a.Default is not null).ToList();
            w.Line("    " + (defaults.Count == 0 ? "null" : "new global::System.Collections.Generic.Dictionary<string, string> { " +
                string.Join(", ", defaults.Select(a => "[" + CSharp.Literal(a.Name) + "] = " + CSharp.Literal(a.Default))) + " }") + ",");
            w.Line("    " + prompt.BuilderMethod + "));");
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


    private static void EmitBuilder(SourceWriter w, SpecModel spec, PromptModel prompt, string assembly)
    {
        var async = prompt.Messages.Any(m => ContentEmitter.NeedsAwait(m.Content));
        w.Line("private static " + (async ? "async " : "") + "global::System.Threading.Tasks.ValueTask<" + Protocol + ".GetPromptResult> " + prompt.BuilderMethod + "(");
        w.Line("    global::ModelContextProtocol.Server.RequestContext<" + Protocol + ".GetPromptRequestParams> request,");
        w.Line("    global::System.Collections.Generic.IReadOnlyDictionary<string, string?> values,");
        w.Line("    global::System.Threading.CancellationToken cancellationToken)");
        w.Line("{");
        if (prompt.Handler)
        {
            var arguments = prompt.Arguments.Select(a => "values[" + CSharp.Literal(a.Name) + "]" + (a.Required ? "!" : ""));
            w.Line("return " + spec.Names.HandlersClass + "." + prompt.HandlerMethod + "(" + string.Join(", ", new[] { "request" }.Concat(arguments).Concat(new[] { "cancellationToken" })) + ");");
        }
        else
        {
            w.Line("var result = new " + Protocol + ".GetPromptResult");
            w.Line("{");
            if (prompt.Description is not null) w.Line("Description = " + CSharp.Literal(prompt.Description) + ",");
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
