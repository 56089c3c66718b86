using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Model;

namespace NativeMcp.Cli;

/// <summary>
/// What <c>nativemcp check</c> adds for a spec that imports OpenAPI documents: per document the operations, the
/// tools made, each renamed, left-out and skipped operation with why; then the size of <c>tools/list</c> for the
/// whole server and for each toolset a server narrowed with <c>--toolsets</c> would serve.
/// </summary>
internal static class ImportReportText
{
    public static void Write(ImportReport report, TextWriter output)
    {
        var o = report.Operations;
        output.WriteLine("openapi " + report.Document + ": " + o.Count + " operations, " + o.Count(x => x.Tool is not null) + " tools ("
            + o.Count(x => x.Fate == OperationFate.Renamed) + " renamed), " + o.Count(x => x.Fate == OperationFate.LeftOut) + " left out, "
            + o.Count(x => x.Fate == OperationFate.Skipped) + " skipped");
        foreach (var x in o.Where(x => x.Fate != OperationFate.Imported))
        {
            var fate = x.Fate switch { OperationFate.Renamed => "renamed ", OperationFate.LeftOut => "left out", _ => "skipped " };
            output.WriteLine("  " + fate + " " + x.Method + " " + x.Path + (x.OperationId is null ? "" : " (" + x.OperationId + ")")
                + (x.Tool is null ? "" : " -> " + x.Tool) + ": " + x.Why);
        }
    }

    public static void WriteSizes(SpecModel spec, IReadOnlyList<ImportReport> imports, TextWriter output)
    {
        output.WriteLine("tools/list: " + ListBytes(spec.Tools) + " bytes, " + spec.Tools.Count + " tools");
        foreach (var (toolset, tools) in Toolsets(spec))
        {
            output.WriteLine("  toolset " + toolset + ": " + ListBytes(tools) + " bytes, " + tools.Count + " tools");
        }
        var (bytes, count) = Dynamic(spec, imports);
        output.WriteLine("  dynamic mode" + (spec.Dynamic is null ? " (openapi.mode: dynamic)" : " (this spec's mode)") + ": " + bytes + " bytes, " + count + " tools");
    }

    /// <summary>
    /// tools/list in dynamic mode: the three meta tools in every imported operation's stead, beside the spec's own tools.
    /// For a spec in the other mode: what it would list with <c>openapi.mode: dynamic</c>.
    /// </summary>
    private static (int Bytes, int Tools) Dynamic(SpecModel spec, IReadOnlyList<ImportReport> imports)
    {
        var imported = new HashSet<string>(imports.SelectMany(r => r.Operations).Select(x => x.Tool).OfType<string>(), StringComparer.Ordinal);
        var own = spec.Tools.Where(t => !t.Dynamic && !imported.Contains(t.Name)).Select(t => t.ListJson).ToList();
        var entries = own.Concat(NativeMcp.Runtime.Dynamic.OperationSet.MetaToolEntries()).ToList();
        return (ListBytes(entries), entries.Count);
    }

    public static void WriteJson(Utf8JsonWriter w, IReadOnlyList<ImportReport> imports, SpecModel? spec)
    {
        w.WriteStartArray("imports");
        foreach (var report in imports)
        {
            w.WriteStartObject();
            w.WriteString("document", report.Document);
            w.WriteNumber("operations", report.Operations.Count);
            w.WriteNumber("tools", report.Operations.Count(x => x.Tool is not null));
            w.WriteStartArray("outcomes");
            foreach (var x in report.Operations)
            {
                w.WriteStartObject();
                w.WriteString("method", x.Method);
                w.WriteString("path", x.Path);
                if (x.OperationId is not null) w.WriteString("operationId", x.OperationId);
                w.WriteString("fate", x.Fate switch { OperationFate.Imported => "imported", OperationFate.Renamed => "renamed", OperationFate.LeftOut => "leftOut", _ => "skipped" });
                if (x.Tool is not null) w.WriteString("tool", x.Tool);
                if (x.Toolset is not null) w.WriteString("toolset", x.Toolset);
                if (x.Why is not null) w.WriteString("why", x.Why);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (spec is null) return;
        w.WriteStartObject("toolsListBytes");
        w.WriteNumber("all", ListBytes(spec.Tools));
        w.WriteNumber("dynamic", Dynamic(spec, imports).Bytes);
        foreach (var (toolset, tools) in Toolsets(spec)) w.WriteNumber(toolset, ListBytes(tools));
        w.WriteEndObject();
    }

    /// <summary>The tools of each group (toolset), by name; tools with no group are served only when no toolset is chosen.</summary>
    private static IEnumerable<(string Toolset, List<ToolModel> Tools)> Toolsets(SpecModel spec) =>
        spec.Tools.Where(t => t.Group is not null).GroupBy(t => t.Group!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.ToList()));

    /// <summary>UTF-8 bytes of the <c>tools/list</c> result <c>{"tools":[…]}</c> made of these compile-time entries.</summary>
    internal static int ListBytes(IEnumerable<ToolModel> tools) => ListBytes(tools.Select(t => t.ListJson));

    private static int ListBytes(IEnumerable<string> listEntries)
    {
        var entries = listEntries.ToList();
        return Encoding.UTF8.GetByteCount("{\"tools\":[]}") + entries.Sum(e => Encoding.UTF8.GetByteCount(e)) + Math.Max(0, entries.Count - 1);
    }
}
