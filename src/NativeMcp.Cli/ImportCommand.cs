using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NativeMcp.Generators.Declarations;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Cli;

/// <summary>
/// <c>nativemcp import &lt;document&gt; [-o spec.yaml] [--force]</c>: a starting spec that imports an OpenAPI document,
/// with every operation listed under <c>openapi.operations</c> by the tool name the build gives it, so the owner edits
/// the selection instead of writing it. The spec is checked with the build's own front end before it is written: a
/// document the build cannot read writes nothing and prints the build's diagnostics.
/// </summary>
internal static class ImportCommand
{
    public static int Run(string document, string? output, bool force, TextWriter stdout, TextWriter error)
    {
        if (!File.Exists(document))
        {
            error.WriteLine("nativemcp: no such file: " + document);
            return 2;
        }
        var specPath = Path.GetFullPath(output ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(document))!, Path.GetFileNameWithoutExtension(document) + ".nativemcp.yaml"));
        var documentPath = Path.GetFullPath(document);
        var relative = Path.GetRelativePath(Path.GetDirectoryName(specPath)!, documentPath).Replace('\\', '/');
        if (relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            error.WriteLine("nativemcp: " + specPath + " cannot import " + documentPath + ": a spec reads documents only from its own folder and below it; write the spec beside the document or above it");
            return 2;
        }
        if (File.Exists(specPath) && !force)
        {
            error.WriteLine("nativemcp: " + specPath + " exists; --force overwrites it");
            return 2;
        }

        var (title, version) = Info(documentPath);
        var name = ServerName(title);
        var head = Head(title, name, version, "./" + relative);
        // The spec the build would see, checked in memory: its import report lists the operations.
        var draft = SpecCheck.Run(specPath, head);
        if (draft.HasErrors || draft.Imports.Count != 1)
        {
            // The document's own diagnostics say what is wrong; the draft spec's follow from them (no server, no upstream).
            var inDocument = draft.Diagnostics.Where(d => d.Location is { } l && Path.GetFullPath(l.FilePath) != specPath).ToList();
            foreach (var d in inDocument.Count > 0 ? inDocument : draft.Diagnostics.ToList()) error.WriteLine(CheckCommand.Format(d));
            error.WriteLine("nativemcp: " + document + " cannot be imported; nothing written");
            return 1;
        }
        var text = head + Operations(draft.Imports[0]) + EnvironmentComment(draft);
        File.WriteAllText(specPath, text);
        var report = draft.Imports[0];
        stdout.WriteLine("wrote " + specPath + ": " + report.Operations.Count + " operations, "
            + report.Operations.Count(o => o.Tool is not null) + " tools; next: nativemcp check " + specPath);
        return 0;
    }

    /// <summary>The document's <c>info.title</c> and <c>info.version</c>, when it has them (a broken document is reported by the check).</summary>
    private static (string? Title, string? Version) Info(string path)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            var info = (stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode)?.Children
                .FirstOrDefault(p => p.Key is YamlScalarNode { Value: "info" }).Value as YamlMappingNode;
            string? Get(string key) => info?.Children.FirstOrDefault(p => p.Key is YamlScalarNode s && s.Value == key).Value is YamlScalarNode v ? v.Value : null;
            return (Get("title"), Get("version"));
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            return (null, null);
        }
    }

    /// <summary>The title in the server name's rules (<c>^[a-z][a-z0-9_-]*$</c>): lower case words joined by '-'.</summary>
    internal static string ServerName(string? title)
    {
        var sb = new StringBuilder();
        foreach (var c in title ?? "")
        {
            if (c < 128 && char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
            else if (sb.Length > 0 && sb[sb.Length - 1] != '-') sb.Append('-');
        }
        var name = sb.ToString().Trim('-');
        if (name.Length > 0 && !char.IsLetter(name[0])) name = "api-" + name;
        return name.Length == 0 ? "api" : name;
    }

    private static string Head(string? title, string name, string? version, string document) =>
        "# A starting spec for " + (title ?? "an API") + ", written by `nativemcp import` from " + document + ".\n"
        + "# Every operation of the document is listed under openapi.operations with the tool it becomes: rename one with\n"
        + "# name:, leave one out with include: false, or choose by tag and path with openapi.select (specs/README.md,\n"
        + "# \"OpenAPI import\"). Operations left out or skipped are the commented lines, with why.\n"
        + "nativemcp: 1\n"
        + "server:\n"
        + "  name: " + name + "\n"
        + "  version: " + Quote(version ?? "1.0.0") + "\n"
        + "  binary: " + name + "-mcp\n"
        + "openapi:\n"
        + "  document: " + Quote(document) + "\n";

    private static string Operations(ImportReport report)
    {
        if (report.Operations.Count == 0) return "";
        var sb = new StringBuilder("  operations:\n");
        foreach (var o in report.Operations)
        {
            var route = o.Method + " " + o.Path;
            switch (o.Fate)
            {
                case OperationFate.Imported:
                case OperationFate.Renamed:
                    sb.Append("    ").Append(Quote(o.Key)).Append(": { name: ").Append(o.Tool).Append(" }")
                      .Append("   # ").Append(route).Append(o.Toolset is null ? "" : ", toolset " + o.Toolset)
                      .Append(o.Why is null ? "" : "; renamed: " + o.Why).Append('\n');
                    break;
                case OperationFate.LeftOut:
                    sb.Append("    # ").Append(Quote(o.Key)).Append(": { include: true }   # ").Append(route).Append("; left out: ").Append(o.Why).Append('\n');
                    break;
                default:
                    sb.Append("    # ").Append(Quote(o.Key)).Append(": ").Append(route).Append("; skipped: ").Append(o.Why).Append('\n');
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The environment the server reads (base URL, credentials), as comments: the spec needs none of them.</summary>
    private static string EnvironmentComment(SpecCheck draft)
    {
        var env = draft.Spec.Model?.Env ?? default;
        if (env.Count == 0) return "";
        var sb = new StringBuilder("# Environment variables the server reads:\n");
        foreach (var v in env.OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            sb.Append("#   ").Append(v.Name).Append(v.Secret ? " (secret)" : "").Append(v.Required ? " (required)" : "")
              .Append(v.Default is null ? "" : " default " + v.Default).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A plain YAML scalar when it reads back as the same string, else a double-quoted one (JSON's escapes are YAML's).</summary>
    private static string Quote(string text) =>
        text.Length > 0 && text.All(c => c < 128 && (char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '/')) && (char.IsLetter(text[0]) || text[0] == '.') && text is not ("true" or "false" or "null" or "yes" or "no")
            ? text
            : "\"" + JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
}
