using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

/// <summary>
/// Typed reads from YAML nodes. Every read that fails adds a located diagnostic and returns null, so a
/// parser can carry on and report every problem in one build instead of stopping at the first.
/// </summary>
internal sealed class SpecReader : IReporter
{
    private readonly string _filePath;
    private readonly List<DiagnosticInfo> _diagnostics = new();

    public SpecReader(string filePath) => _filePath = filePath;

    public IReadOnlyList<DiagnosticInfo> Diagnostics => _diagnostics;

    /// <summary>Warnings (a schema keyword that is not checked) do not stop code generation.</summary>
    public bool HasErrors => _diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);

    public void Report(DiagnosticDescriptor descriptor, YamlNode? node, params string[] args) =>
        _diagnostics.Add(new DiagnosticInfo(descriptor, new EquatableArray<string>(args), node is null ? null : Locate(node.Start, node.End)));

    public void Report(DiagnosticDescriptor descriptor, Mark start, Mark end, params string[] args) =>
        _diagnostics.Add(new DiagnosticInfo(descriptor, new EquatableArray<string>(args), Locate(start, end)));

    /// <summary>Diagnostics another reader made (one per file of an imported document), in order.</summary>
    public void AddAll(IEnumerable<DiagnosticInfo> diagnostics) => _diagnostics.AddRange(diagnostics);

    public LocationInfo Locate(Mark start, Mark end)
    {
        // YamlDotNet marks are 1-based; Roslyn's line positions are 0-based.
        var length = (int)System.Math.Max(0, end.Index - start.Index);
        return new LocationInfo(
            _filePath,
            (int)start.Index,
            length,
            (int)start.Line - 1,
            (int)start.Column - 1,
            (int)end.Line - 1,
            (int)end.Column - 1);
    }

    /// <summary>
    /// Reads a mapping's entries, reporting unknown and duplicate keys. Returns an ordered list of
    /// (key node, value node) for the known keys; a non-mapping value gets NMCP004.
    /// </summary>
    public MappingEntries? Mapping(YamlNode? node, string where, IReadOnlyCollection<string>? allowedKeys)
    {
        if (node is null) return null;
        if (node is not YamlMappingNode mapping)
        {
            Report(SpecDiagnostics.WrongType, node, where, "a mapping (key: value pairs)");
            return null;
        }

        var entries = new MappingEntries(mapping);
        foreach (var pair in mapping.Children)
        {
            if (pair.Key is not YamlScalarNode keyNode || keyNode.Value is null)
            {
                Report(SpecDiagnostics.WrongType, pair.Key, where + " key", "a plain string");
                continue;
            }

            var key = keyNode.Value;
            if (allowedKeys is not null && !allowedKeys.Contains(key))
            {
                Report(SpecDiagnostics.UnknownKey, keyNode, key, where, string.Join(", ", allowedKeys));
                continue;
            }

            if (!entries.TryAdd(key, keyNode, pair.Value))
            {
                Report(SpecDiagnostics.DuplicateKey, keyNode, key, where);
            }
        }
        return entries;
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string where)
    {
        if (node is null) return null;
        if (node is YamlSequenceNode sequence) return sequence;
        Report(SpecDiagnostics.WrongType, node, where, "a list");
        return null;
    }

    public string? String(YamlNode? node, string where)
    {
        if (node is null || IsNull(node)) return null;
        if (node is YamlScalarNode scalar) return scalar.Value;
        Report(SpecDiagnostics.WrongType, node, where, "a string");
        return null;
    }

    public bool? Bool(YamlNode? node, string where)
    {
        if (node is null || IsNull(node)) return null;
        if (node is YamlScalarNode { Style: ScalarStyle.Plain } scalar)
        {
            if (scalar.Value == "true") return true;
            if (scalar.Value == "false") return false;
        }
        Report(SpecDiagnostics.WrongType, node, where, "true or false");
        return null;
    }

    public int? Int(YamlNode? node, string where, int min = int.MinValue)
    {
        if (node is null || IsNull(node)) return null;
        if (node is YamlScalarNode { Style: ScalarStyle.Plain } scalar
            && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (value >= min) return value;
            Report(SpecDiagnostics.InvalidValue, node, where, "must be at least " + min.ToString(CultureInfo.InvariantCulture));
            return null;
        }
        Report(SpecDiagnostics.WrongType, node, where, "a whole number");
        return null;
    }

    /// <summary>A JSON number as written (kept as text so that 0.5 and 10 round-trip exactly into the schema).</summary>
    public string? Number(YamlNode? node, string where)
    {
        if (node is null || IsNull(node)) return null;
        if (node is YamlScalarNode { Style: ScalarStyle.Plain } scalar
            && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && !double.IsNaN(value) && !double.IsInfinity(value))
        {
            return JsonText.Number(value);
        }
        Report(SpecDiagnostics.WrongType, node, where, "a number");
        return null;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain } s && (s.Value is null || s.Value.Length == 0 || s.Value == "~" || s.Value == "null");
}

/// <summary>The known entries of one mapping, in document order.</summary>
internal sealed class MappingEntries
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new();
    private readonly List<string> _order = new();

    public MappingEntries(YamlMappingNode node) => Node = node;

    public YamlMappingNode Node { get; }

    public IEnumerable<(string Name, YamlScalarNode Key, YamlNode Value)> Entries =>
        _order.Select(k => (k, _entries[k].Key, _entries[k].Value));

    public bool TryAdd(string key, YamlScalarNode keyNode, YamlNode value)
    {
        if (_entries.ContainsKey(key)) return false;
        _entries.Add(key, (keyNode, value));
        _order.Add(key);
        return true;
    }

    public YamlNode? this[string key] => _entries.TryGetValue(key, out var e) ? e.Value : null;

    public YamlScalarNode? KeyNode(string key) => _entries.TryGetValue(key, out var e) ? e.Key : null;

    public bool Has(string key) => _entries.ContainsKey(key);
}
