using System;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Emit;

/// <summary>
/// The dynamic mode's operation catalog: names, summaries, toolsets and the search index the resolver computed,
/// as a few literals the runtime decodes once (<c>OperationCatalog.FromCompiled</c>), and the registration of the
/// operations behind the three meta tools.
/// </summary>
internal static class DynamicEmitter
{
    private const string Dynamic = "global::NativeMcp.Runtime.Dynamic";

    public static string Emit(SpecModel spec, DynamicModel model, string ns)
    {
        var w = new SourceWriter().Header();
        w.Line("namespace " + ns + ";");
        w.Line();
        w.Line("/// <summary>The " + model.Names.Count + " operations served in dynamic mode and their search index, computed at compile time.</summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"NativeMcp.Generators\", \"1.0.0\")]");
        w.Line("internal static class " + spec.Names.OperationsClass);
        w.Line("{");
        w.Line("public static " + Dynamic + ".OperationCatalog CreateCatalog() => " + Dynamic + ".OperationCatalog.FromCompiled(");
        w.Line(string.Join(",\n", CatalogArguments(model).Select(CSharp.Literal)) + ");");
        w.Line("}");
        return w.ToString();
    }

    /// <summary>The arguments of <c>OperationCatalog.FromCompiled</c>, in its order: lists joined by '\n', numbers and postings in base64.</summary>
    public static string[] CatalogArguments(DynamicModel model) => new[]
    {
        string.Join("\n", model.Names),
        string.Join("\n", model.Summaries),
        string.Join("\n", model.Toolsets),
        string.Join("\n", model.Terms),
        Integers(model.TermStarts),
        Convert.ToBase64String(model.Postings.ToArray()),
        Integers(model.Lengths),
    };

    /// <summary>In <c>Register</c>: the operations' tools, held by the meta tools instead of listed.</summary>
    public static void EmitRegistration(SourceWriter w, SpecModel spec, System.Collections.Generic.IEnumerable<string> constructions)
    {
        w.Line("var operations = new " + Dynamic + ".OperationSet(" + spec.Names.OperationsClass + ".CreateCatalog, new global::ModelContextProtocol.Server.McpServerTool[]");
        w.Line("{");
        foreach (var construction in constructions) w.Line(construction + ",");
        w.Line("});");
        w.Line("foreach (var meta in operations.MetaTools()) tools.Add(meta);");
    }

    private static string Integers(EquatableArray<int> values)
    {
        var bytes = new byte[values.Count * 4];
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            bytes[4 * i] = (byte)v;
            bytes[4 * i + 1] = (byte)(v >> 8);
            bytes[4 * i + 2] = (byte)(v >> 16);
            bytes[4 * i + 3] = (byte)(v >> 24);
        }
        return Convert.ToBase64String(bytes);
    }
}
