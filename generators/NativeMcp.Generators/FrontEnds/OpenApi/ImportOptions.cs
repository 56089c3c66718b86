using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using NativeMcp.Generators.Model;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>
/// The spec's <c>openapi</c> section as the importer uses it: which document, which operations, and how each is
/// shaped. Lives only while the spec is parsed (it keeps YAML nodes to report at).
/// </summary>
internal sealed class ImportOptions
{
    public string DocumentPath { get; set; } = "";

    public YamlNode DocumentNode { get; set; } = new YamlScalarNode("");

    /// <summary>Ordered: the first rule an operation matches decides.</summary>
    public List<SelectRule> Rules { get; } = new();

    public bool Deprecated { get; set; }

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

    public YamlNode Node { get; set; } = new YamlScalarNode("");

    public bool Used { get; set; }

    public AnnotationsModel Apply(AnnotationsModel a) => new(ReadOnly ?? a.ReadOnly, Destructive ?? a.Destructive, Idempotent ?? a.Idempotent, OpenWorld ?? a.OpenWorld);
}
