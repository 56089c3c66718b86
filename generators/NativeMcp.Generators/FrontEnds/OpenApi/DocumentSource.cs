using System;
using System.Collections.Generic;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>
/// The files an OpenAPI import may read, by normalised path. In a build these are the AdditionalFiles marked
/// <c>NativeMcpOpenApi="true"</c> (the MSBuild glue adds every YAML and JSON file below a spec's folder), so that
/// editing one is a change the generator sees; nothing else is read, and never the network.
/// </summary>
internal interface IDocumentSource
{
    /// <summary>The file's text, or null when it is not an input of this build.</summary>
    string? Read(string path);
}

/// <summary>A fixed set of files, by normalised path.</summary>
internal sealed class DocumentSet : IDocumentSource
{
    public static readonly DocumentSet None = new(Array.Empty<KeyValuePair<string, Func<string?>>>());

    private readonly Dictionary<string, Func<string?>> _files = new(StringComparer.Ordinal);

    /// <param name="files">Path and a reader of its text: only the files an import reaches are read.</param>
    public DocumentSet(IEnumerable<KeyValuePair<string, Func<string?>>> files)
    {
        foreach (var file in files) _files[DocumentPaths.Normalize(file.Key)] = file.Value;
    }

    public string? Read(string path) => _files.TryGetValue(DocumentPaths.Normalize(path), out var read) ? read() : null;
}

/// <summary>Paths as the import compares them: forward slashes, no "." or ".." segments.</summary>
internal static class DocumentPaths
{
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 1) parts.RemoveAt(parts.Count - 1);
            }
            else if (part != "." && (part.Length > 0 || parts.Count == 0))
            {
                parts.Add(part);
            }
        }
        return string.Join("/", parts);
    }

    public static string Directory(string path)
    {
        var normal = Normalize(path);
        var slash = normal.LastIndexOf('/');
        return slash < 0 ? "" : normal.Substring(0, slash);
    }

    /// <summary><paramref name="relative"/> read from the folder of <paramref name="from"/>.</summary>
    public static string Combine(string from, string relative) =>
        Normalize(relative.StartsWith("/", StringComparison.Ordinal) || Directory(from).Length == 0 ? relative : Directory(from) + "/" + relative);

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or below it.</summary>
    public static bool IsWithin(string path, string folder)
    {
        var p = Normalize(path);
        var f = Normalize(folder).TrimEnd('/');
        return f.Length == 0 || p.StartsWith(f + "/", StringComparison.Ordinal);
    }
}
