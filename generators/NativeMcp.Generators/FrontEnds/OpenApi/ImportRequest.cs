using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NativeMcp.Generators.Common;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>
/// One <c>openapi</c> section of a spec, as the import's cache key: its settings and the spec's own tool names as a
/// value (<see cref="Key"/>). An edit elsewhere in the spec (the server's title, another tool, a comment, lines
/// moved) leaves the key equal, so the import is not run again.
/// </summary>
internal sealed class ImportRequest : IEquatable<ImportRequest>
{
    public ImportRequest(ImportOptions options, IEnumerable<string> takenNames)
    {
        Options = options;
        TakenNames = takenNames.ToList();
        Key = KeyOf(options, TakenNames);
        Folder = DocumentPaths.Directory(options.DocumentPath);
    }

    public string Key { get; }

    /// <summary>The document's folder: the files an import may read are there or below (<see cref="OpenApiDocuments"/>).</summary>
    public string Folder { get; }

    /// <summary>The section as parsed, with its nodes; not part of equality (the nodes' positions are not the import's business).</summary>
    public ImportOptions Options { get; }

    /// <summary>The spec's own tool names (in <see cref="Key"/>): an imported tool is renamed rather than clash with one.</summary>
    public IReadOnlyList<string> TakenNames { get; }

    public static string KeyOf(ImportOptions options, IEnumerable<string> takenNames) =>
        options.Fingerprint() + "|" + new FingerprintWriter().Add(string.Join("\n", takenNames.OrderBy(n => n, StringComparer.Ordinal)));

    public bool Equals(ImportRequest? other) => other is not null && Key == other.Key;

    public override bool Equals(object? obj) => Equals(obj as ImportRequest);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
}

/// <summary>
/// One file an import may read, by normalised path and content hash: equality never compares the texts (a large
/// document is megabytes), and the text is read only when an import runs.
/// </summary>
internal sealed class DocumentStamp : IEquatable<DocumentStamp>
{
    private readonly AdditionalText _file;

    private DocumentStamp(AdditionalText file, string path, string hash)
    {
        _file = file;
        Path = path;
        Hash = hash;
    }

    public string Path { get; }

    public string Hash { get; }

    /// <summary>Hashes the file's text once (the step that calls this runs again only for a file that changed).</summary>
    public static DocumentStamp Of(AdditionalText file, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken);
        var hash = text is null ? "" : text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Convert.ToBase64String(text.GetContentHash().ToArray());
        return new DocumentStamp(file, DocumentPaths.Normalize(file.Path), hash);
    }

    public string? Read() => _file.GetText()?.ToString();

    public bool Equals(DocumentStamp? other) => other is not null && Path == other.Path && Hash == other.Hash;

    public override bool Equals(object? obj) => Equals(obj as DocumentStamp);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Path) ^ StringComparer.Ordinal.GetHashCode(Hash);
}

/// <summary>An import's whole input: the request and the stamps of the files in its document's folder.</summary>
internal sealed record ImportInput(ImportRequest Request, EquatableArray<DocumentStamp> Files)
{
    public static ImportInput For(ImportRequest request, EquatableArray<DocumentStamp> all) =>
        new(request, EquatableArray.From(all.Where(f => DocumentPaths.IsWithin(f.Path, request.Folder))));

    public IDocumentSource Source => new DocumentSet(Files.Select(f => new KeyValuePair<string, Func<string?>>(f.Path, f.Read)));
}
