using System.Text.RegularExpressions;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Binding;

/// <summary>
/// One declared argument with its constraints, emitted by the generator as a static object graph.
/// The binder reads it; nothing here is discovered by reflection.
/// </summary>
public sealed class InputField
{
    private Regex? _regex;

    public InputField(string name, InputKind kind)
    {
        Name = name;
        Kind = kind;
    }

    public string Name { get; }

    public InputKind Kind { get; }

    public bool Required { get; init; }

    public string[]? Enum { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public string? Pattern { get; init; }

    public StringFormat Format { get; init; }

    public InputField? Items { get; init; }

    public InputField[]? Properties { get; init; }

    public int? MinItems { get; init; }

    public int? MaxItems { get; init; }

    /// <summary>Whether an object may carry properties it does not declare (outputs: yes; inputs: no).</summary>
    public bool AllowAdditionalProperties { get; init; }

    /// <summary>Compiled on first use so that start-up pays nothing for patterns no call exercises.</summary>
    internal Regex PatternRegex => _regex ??= new Regex(Pattern!, RegexOptions.CultureInvariant, System.TimeSpan.FromMilliseconds(250));
}
