using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NativeMcp.Generators.Model;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>
/// The spec's <c>openapi</c> section as the importer uses it: which document, which operations, and how each is
/// shaped. It keeps YAML nodes to report at, so it is never a cache key itself: <see cref="Fingerprint"/> is its
/// value (what the import's result depends on) and <see cref="Anchors"/> its nodes, in an order that depends only
/// on that value, so that an import cached for one parse of the spec reports at the nodes of the next.
/// </summary>
internal sealed class ImportOptions
{
    public string DocumentPath { get; set; } = "";

    public YamlNode DocumentNode { get; set; } = new YamlScalarNode("");

    /// <summary>Ordered: the first rule an operation matches decides.</summary>
    public List<SelectRule> Rules { get; } = new();

    public bool Deprecated { get; set; }

    /// <summary><c>mode: dynamic</c>: the operations are searched, described and called through three meta tools, not listed.</summary>
    public bool Dynamic { get; set; }

    public YamlNode? ModeNode { get; set; }

    /// <summary>Build-time toolsets: when given, only operations in one of them (their x-mcp toolset, else their first tag).</summary>
    public List<(string Name, YamlNode Node)>? Toolsets { get; set; }

    /// <summary>Per operation (by operationId, or "METHOD /path"), what the spec changes.</summary>
    public Dictionary<string, OperationOverride> Operations { get; } = new(StringComparer.Ordinal);

    /// <summary>Derived environment variable name -> the name the spec chose.</summary>
    public Dictionary<string, string> EnvRenames { get; } = new(StringComparer.Ordinal);

    /// <summary>The first part of every derived environment variable name (the server name in upper snake case).</summary>
    public string EnvPrefix { get; set; } = "API";

    /// <summary>The spec declares its own upstream: the document's servers and security are not used.</summary>
    public bool SpecUpstream { get; set; }

    /// <summary>
    /// Every value above (no node, no position), unambiguously in one string: two parses of the openapi section
    /// with equal fingerprints import alike. A setting added to this class must be added here.
    /// </summary>
    public string Fingerprint()
    {
        var key = new FingerprintWriter();
        key.Add(DocumentPath).Add(EnvPrefix).Add(Deprecated).Add(SpecUpstream);
        key.Add(Rules.Count);
        foreach (var rule in Rules)
        {
            key.Add(rule.Include).Add(rule.Tag).Add(rule.Path?.ToString()).Add(rule.OperationId);
            key.Add(rule.Methods is null ? null : string.Join(",", rule.Methods.OrderBy(m => m, StringComparer.Ordinal)));
        }
        key.Add(Toolsets?.Count ?? -1);
        foreach (var (name, _) in Toolsets ?? new()) key.Add(name);
        key.Add(Operations.Count);
        foreach (var pair in Operations)
        {
            var o = pair.Value;
            key.Add(pair.Key).Add(o.Name).Add(o.Title).Add(o.Description).Add(o.Group).Add(o.Scope).Add(o.Include)
                .Add(o.ReadOnly).Add(o.Destructive).Add(o.Idempotent).Add(o.OpenWorld);
            key.Add(o.Rename.Count);
            foreach (var rename in o.Rename) key.Add(rename.Key).Add(rename.Value);
            key.Add(o.Hidden.Count);
            foreach (var hidden in o.Hidden) key.Add(hidden.Key).Add(hidden.Value.Value);
        }
        key.Add(EnvRenames.Count);
        foreach (var rename in EnvRenames) key.Add(rename.Key).Add(rename.Value);
        return key.ToString();
    }

    /// <summary>
    /// The spec nodes an import may report at, in an order that follows <see cref="Fingerprint"/>: the document,
    /// each rule, each operation's key and each of its hidden arguments' keys.
    /// </summary>
    public List<YamlNode> Anchors()
    {
        var anchors = new List<YamlNode> { DocumentNode };
        anchors.AddRange(Rules.Select(r => r.Node));
        foreach (var o in Operations.Values)
        {
            anchors.Add(o.Node);
            anchors.AddRange(o.Hidden.Values.Select(h => h.Key));
        }
        return anchors;
    }

    /// <summary>
    /// A copy to import with: the importer marks rules matched and claims renames and hidden arguments, and a cached
    /// request may be imported again (its document changed) after an earlier import consumed its options.
    /// </summary>
    public ImportOptions Copy()
    {
        var copy = new ImportOptions { DocumentPath = DocumentPath, DocumentNode = DocumentNode, Deprecated = Deprecated, EnvPrefix = EnvPrefix, SpecUpstream = SpecUpstream, Toolsets = Toolsets?.ToList() };
        copy.Rules.AddRange(Rules.Select(r => new SelectRule { Include = r.Include, Tag = r.Tag, Path = r.Path, Methods = r.Methods, OperationId = r.OperationId, Node = r.Node }));
        foreach (var pair in Operations) copy.Operations[pair.Key] = pair.Value.Copy();
        foreach (var pair in EnvRenames) copy.EnvRenames[pair.Key] = pair.Value;
        return copy;
    }
}

/// <summary>Values as length-prefixed fields, so that no two different sequences of values give one string.</summary>
internal sealed class FingerprintWriter
{
    private readonly StringBuilder _text = new();

    public FingerprintWriter Add(string? value)
    {
        if (value is null) _text.Append('~');
        else _text.Append(value.Length).Append(':').Append(value);
        _text.Append(';');
        return this;
    }

    public FingerprintWriter Add(bool? value) => Add(value is null ? null : value.Value ? "t" : "f");

    public FingerprintWriter Add(int value) => Add(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => _text.ToString();
}

/// <summary>One include/exclude rule: every key given must match.</summary>
internal sealed class SelectRule
{
    public bool Include { get; set; }

    public string? Tag { get; set; }

    public Regex? Path { get; set; }

    public HashSet<string>? Methods { get; set; }

    public string? OperationId { get; set; }

    public YamlNode Node { get; set; } = new YamlScalarNode("");

    public bool Matched { get; set; }

    public bool Matches(string method, string path, string? operationId, IReadOnlyList<string> tags) =>
        (Tag is null || System.Linq.Enumerable.Contains(tags, Tag))
        && (Path is null || Path.IsMatch(path))
        && (Methods is null || Methods.Contains(method))
        && (OperationId is null || OperationId == operationId);

    /// <summary>A path glob: <c>*</c> is one segment (or part of one), <c>**</c> any number of segments.</summary>
    public static Regex Glob(string glob)
    {
        var pattern = Regex.Escape(glob).Replace(@"\*\*", "\u0001").Replace(@"\*", "[^/]*").Replace("\u0001", ".*");
        return new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
    }
}

/// <summary>What the spec (or the document's <c>x-mcp</c>) changes about one operation's tool.</summary>
internal sealed class OperationOverride
{
    public string? Name { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    public string? Group { get; set; }

    public string? Scope { get; set; }

    public bool? Include { get; set; }

    public bool? ReadOnly { get; set; }

    public bool? Destructive { get; set; }

    public bool? Idempotent { get; set; }

    public bool? OpenWorld { get; set; }

    /// <summary>Argument name as the document gives it -> the name the tool publishes.</summary>
    public Dictionary<string, string> Rename { get; } = new(StringComparer.Ordinal);

    /// <summary>Argument name as the document gives it -> the value always sent; the argument is not published.</summary>
    public Dictionary<string, (string Value, YamlNode Key)> Hidden { get; } = new(StringComparer.Ordinal);

    public YamlNode Node { get; set; } = new YamlScalarNode("");

    public bool Used { get; set; }

    /// <summary>The fixed value for a hidden argument, claimed (each one is used once); null when it is not hidden.</summary>
    public string? TakeHidden(string wire)
    {
        if (!Hidden.TryGetValue(wire, out var found)) return null;
        Hidden.Remove(wire);
        return found.Value;
    }

    /// <summary>An unclaimed copy (see <see cref="ImportOptions.Copy"/>).</summary>
    public OperationOverride Copy()
    {
        var copy = new OperationOverride { Name = Name, Title = Title, Description = Description, Group = Group, Scope = Scope, Include = Include, ReadOnly = ReadOnly, Destructive = Destructive, Idempotent = Idempotent, OpenWorld = OpenWorld, Node = Node };
        foreach (var pair in Rename) copy.Rename[pair.Key] = pair.Value;
        foreach (var pair in Hidden) copy.Hidden[pair.Key] = pair.Value;
        return copy;
    }

    public AnnotationsModel Apply(AnnotationsModel a) => new(ReadOnly ?? a.ReadOnly, Destructive ?? a.Destructive, Idempotent ?? a.Idempotent, OpenWorld ?? a.OpenWorld);
}
