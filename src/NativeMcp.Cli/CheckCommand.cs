using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;

namespace NativeMcp.Cli;

/// <summary><c>nativemcp check</c>: diagnostics as the compiler prints them, or the spec's whole surface as JSON.</summary>
internal static class CheckCommand
{
    /// <summary>
    /// One line per diagnostic in the compiler's (and MSBuild's) format, which editors and CI logs already
    /// recognize: <c>path(line,col): error NMCP005: message</c>, line and column counted from 1.
    /// </summary>
    public static void WriteText(SpecCheck check, TextWriter output)
    {
        foreach (var d in check.Diagnostics) output.WriteLine(Format(d));
        if (check.Spec.Model is { } spec)
        {
            output.WriteLine(check.Spec.Diagnostics.Count == 0 && !check.HasErrors
                ? spec.Server.Name + ": no errors; " + Counts(spec)
                : spec.Server.Name + ": " + check.Diagnostics.Count + " diagnostic(s)");
        }
        foreach (var import in check.Imports) ImportReportText.Write(import, output);
        if (check.Imports.Count > 0 && !check.HasErrors && check.Spec.Model is { } model) ImportReportText.WriteSizes(model, check.Imports, output);
    }

    public static string Format(DiagnosticInfo d)
    {
        var where = d.Location is { } l ? l.FilePath + "(" + (l.StartLine + 1) + "," + (l.StartColumn + 1) + ")" : "nativemcp";
        return where + ": " + Severity(d) + " " + d.Descriptor.Id + ": " + d.Message;
    }

    private static string Severity(DiagnosticInfo d) => d.Descriptor.DefaultSeverity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };

    private static string Counts(SpecModel spec) =>
        spec.Tools.Count + " tools, " + spec.Resources.Count(r => !r.IsTemplate) + " resources, "
        + spec.Resources.Count(r => r.IsTemplate) + " resource templates, " + spec.Prompts.Count + " prompts";

    /// <summary>
    /// <c>{"diagnostics":[…],"tools":[…],"resources":[…],"resourceTemplates":[…],"prompts":[…]}</c>. Each tool is its
    /// compile-time tools/list entry, byte for byte what the built server publishes.
    /// </summary>
    public static void WriteJson(SpecCheck check, TextWriter output)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("diagnostics");
            foreach (var d in check.Diagnostics) WriteDiagnostic(w, d);
            w.WriteEndArray();
            var spec = check.HasErrors ? null : check.Spec.Model;
            w.WriteStartArray("tools");
            foreach (var tool in spec?.Tools ?? default) w.WriteRawValue(tool.ListJson);
            w.WriteEndArray();
            // Every entry exactly as the resolver wrote it (Resolution/ToolJson, PrimitiveJson).
            w.WriteStartArray("resources");
            foreach (var r in spec?.Resources ?? default) if (!r.IsTemplate) w.WriteRawValue(r.ListJson);
            w.WriteEndArray();
            w.WriteStartArray("resourceTemplates");
            foreach (var r in spec?.Resources ?? default) if (r.IsTemplate) w.WriteRawValue(r.ListJson);
            w.WriteEndArray();
            w.WriteStartArray("prompts");
            foreach (var p in spec?.Prompts ?? default) w.WriteRawValue(p.ListJson);
            w.WriteEndArray();
            if (check.Imports.Count > 0) ImportReportText.WriteJson(w, check.Imports, spec);
            w.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteDiagnostic(Utf8JsonWriter w, DiagnosticInfo d)
    {
        w.WriteStartObject();
        w.WriteString("id", d.Descriptor.Id);
        w.WriteString("severity", Severity(d));
        w.WriteString("message", d.Message);
        if (d.Location is { } l)
        {
            w.WriteString("file", l.FilePath);
            w.WriteNumber("line", l.StartLine + 1);
            w.WriteNumber("column", l.StartColumn + 1);
            w.WriteNumber("endLine", l.EndLine + 1);
            w.WriteNumber("endColumn", l.EndColumn + 1);
        }
        w.WriteEndObject();
    }
}
