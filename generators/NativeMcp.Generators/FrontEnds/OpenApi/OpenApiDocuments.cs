using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.FrontEnds.Spec;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>One file of an OpenAPI document (the root or one an external <c>$ref</c> reaches), parsed with positions.</summary>
internal sealed class OpenApiFile
{
    public OpenApiFile(string path, YamlNode root, SpecReader reader)
    {
        Path = path;
        Root = root;
        Reader = reader;
    }

    public string Path { get; }

    public YamlNode Root { get; }

    /// <summary>Reports at this file's lines and columns.</summary>
    public SpecReader Reader { get; }
}

/// <summary>A node and the file it is in: what a <c>$ref</c> resolves to. <see cref="Key"/> identifies it across files.</summary>
internal readonly record struct Located(OpenApiFile File, YamlNode Node, string Key);

/// <summary>
/// Every file of one OpenAPI document, read through <see cref="IDocumentSource"/> (YAML and JSON alike, with
/// YamlDotNet, so every node keeps its line and column), and the resolution of <c>$ref</c>s within and across
/// them. External references reach only files in the root document's folder or below it, never the network.
/// </summary>
internal sealed class OpenApiDocuments
{
    private const int MaxRefHops = 64;

    private readonly IDocumentSource _source;
    private readonly string _folder;
    private readonly Dictionary<string, OpenApiFile?> _files = new(StringComparer.Ordinal);
    private readonly List<OpenApiFile> _order = new();
    private readonly Dictionary<YamlNode, Located?> _resolved = new(ReferenceComparer<YamlNode>.Instance);

    private OpenApiDocuments(IDocumentSource source, string folder)
    {
        _source = source;
        _folder = folder;
    }

    public OpenApiFile? Root { get; private set; }

    /// <summary>Every file read, in the order first reached (their readers hold their diagnostics).</summary>
    public IReadOnlyList<OpenApiFile> Files => _order;

    /// <summary>Opens the root document; a missing or unreadable one is reported at <paramref name="at"/> by <paramref name="spec"/>.</summary>
    public static OpenApiDocuments Open(IDocumentSource source, string path, IReporter spec, YamlNode at)
    {
        var documents = new OpenApiDocuments(source, DocumentPaths.Directory(path));
        var text = source.Read(path);
        if (text is null)
        {
            spec.Report(SpecDiagnostics.DocumentUnreadable, at, path, "it is not an input of this build: put it in the spec's folder (or below it), where the NativeMcp build glue finds every .yaml, .yml and .json file");
            return documents;
        }
        documents.Root = documents.Parse(path, text, spec, at);
        return documents;
    }

    private OpenApiFile? Parse(string path, string text, IReporter reportTo, YamlNode? at)
    {
        var normal = DocumentPaths.Normalize(path);
        var reader = new SpecReader(normal);
        OpenApiFile? file = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                reportTo.Report(SpecDiagnostics.DocumentUnreadable, at, normal, "the file is empty");
            }
            else
            {
                file = new OpenApiFile(normal, stream.Documents[0].RootNode, reader);
            }
        }
        catch (YamlException ex)
        {
            reader.Report(SpecDiagnostics.DocumentUnreadable, ex.Start, ex.End, normal, "it is not valid YAML or JSON: " + FirstLine(ex.InnerException?.Message ?? ex.Message));
            file = null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            reportTo.Report(SpecDiagnostics.DocumentUnreadable, at, normal, "it is not valid YAML or JSON: " + FirstLine(ex.Message));
        }
        _files[normal] = file;
        // The reader is kept even for a file that failed to parse, so its syntax diagnostic is reported.
        _order.Add(file ?? new OpenApiFile(normal, new YamlScalarNode(""), reader));
        return file;
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n');
        return (newline < 0 ? message : message.Substring(0, newline)).Trim();
    }

    /// <summary>
    /// The node a <c>$ref</c> value names: <c>#/json/pointer</c> in the same file, <c>other.yaml</c> or
    /// <c>other.yaml#/pointer</c> beside it. Reports (at the reference) and returns null when it leads nowhere.
    /// </summary>
    public Located? Resolve(OpenApiFile from, YamlNode refNode)
    {
        // Each reference is resolved (and a bad one reported) once, however often schemas are walked.
        if (_resolved.TryGetValue(refNode, out var known)) return known;
        var result = ResolveOnce(from, refNode);
        _resolved[refNode] = result;
        return result;
    }

    private Located? ResolveOnce(OpenApiFile from, YamlNode refNode)
    {
        if (refNode is not YamlScalarNode { Value: { } text })
        {
            from.Reader.Report(SpecDiagnostics.UnresolvableRef, refNode, "?", "a $ref is a string");
            return null;
        }
        var hash = text.IndexOf('#');
        var filePart = hash < 0 ? text : text.Substring(0, hash);
        var pointer = hash < 0 ? "" : Uri.UnescapeDataString(text.Substring(hash + 1));
        var file = from;
        if (filePart.Length > 0)
        {
            if (filePart.Contains("://") || filePart.StartsWith("//", StringComparison.Ordinal))
            {
                from.Reader.Report(SpecDiagnostics.UnresolvableRef, refNode, text, "the build reads no network address; save the file beside the document and refer to it by a relative path");
                return null;
            }
            var target = DocumentPaths.Combine(from.Path, Uri.UnescapeDataString(filePart));
            if (!DocumentPaths.IsWithin(target, _folder))
            {
                from.Reader.Report(SpecDiagnostics.UnresolvableRef, refNode, text, "it leads out of the document's folder (" + _folder + "); only files beside the document or below it are read");
                return null;
            }
            if (!_files.TryGetValue(target, out var loaded))
            {
                var content = _source.Read(target);
                if (content is null)
                {
                    from.Reader.Report(SpecDiagnostics.UnresolvableRef, refNode, text, "'" + target + "' is not an input of this build");
                    _files[target] = null;
                    return null;
                }
                loaded = Parse(target, content, from.Reader, refNode);
            }
            if (loaded is null)
            {
                from.Reader.Report(SpecDiagnostics.UnresolvableRef, refNode, text, "'" + target + "' could not be read");
                return null;
            }
            file = loaded;
        }
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            from.Reader.Report(SpecDiagnostics.UnresolvableRef, refNode, text, "refer by JSON pointer (#/components/schemas/Name), not by anchor");
            return null;
        }
        var node = file.Root;
        foreach (var segment in JsonPointer.Segments(pointer))
        {
            node = node switch
            {
                YamlMappingNode m => Child(m, segment),
                YamlSequenceNode s when int.TryParse(segment, out var i) && i >= 0 && i < s.Children.Count => s.Children[i],
                _ => null,
            };
            if (node is null)
            {
                from.Reader.Report(SpecDiagnostics.UnresolvableRef, refNode, text, "nothing is at '" + segment + "' on that path in " + file.Path);
                return null;
            }
        }
        return new Located(file, node, file.Path + "#" + pointer);
    }

    /// <summary>
    /// Follows <c>$ref</c> until a node that is not one (parameters, responses, request bodies, path items).
    /// Null when a reference leads nowhere or the chain loops (reported).
    /// </summary>
    public Located? Deref(OpenApiFile file, YamlNode node, string key)
    {
        var current = new Located(file, node, key);
        for (var hop = 0; hop < MaxRefHops; hop++)
        {
            if (current.Node is not YamlMappingNode m || Child(m, "$ref") is not { } refNode) return current;
            if (Resolve(current.File, refNode) is not { } next) return null;
            current = next;
        }
        file.Reader.Report(SpecDiagnostics.UnresolvableRef, node, Scalar(Child((YamlMappingNode)node, "$ref")) ?? "?", "the chain of references does not end (" + MaxRefHops + " hops)");
        return null;
    }

    public static YamlNode? Child(YamlMappingNode mapping, string key)
    {
        foreach (var pair in mapping.Children)
        {
            if (pair.Key is YamlScalarNode { Value: { } k } && k == key) return pair.Value;
        }
        return null;
    }

    public static YamlNode? Child(YamlNode? node, string key) => node is YamlMappingNode m ? Child(m, key) : null;

    public static string? Scalar(YamlNode? node) => node is YamlScalarNode s ? s.Value : null;

    public static IEnumerable<(string Key, YamlScalarNode KeyNode, YamlNode Value)> Entries(YamlNode? node) =>
        node is YamlMappingNode m
            ? m.Children.Where(p => p.Key is YamlScalarNode { Value: not null }).Select(p => (((YamlScalarNode)p.Key).Value!, (YamlScalarNode)p.Key, p.Value))
            : Enumerable.Empty<(string, YamlScalarNode, YamlNode)>();
}
