using NativeMcp.Generators.Common;

namespace NativeMcp.Generators.Model;

/// <summary>
/// The dynamic mode of an OpenAPI import (<c>openapi.mode: dynamic</c>): the operations that are called through
/// <c>search_operations</c>, <c>describe_operation</c> and <c>call_operation</c> instead of being listed, with the
/// search index the generator computed for them. Operation <c>i</c> is <see cref="Names"/>[i] everywhere.
/// </summary>
internal sealed record DynamicModel
{
    public EquatableArray<string> Names { get; init; } = EquatableArray<string>.Empty;
    /// <summary>One line per operation: its title, else the first line of its description.</summary>
    public EquatableArray<string> Summaries { get; init; } = EquatableArray<string>.Empty;
    /// <summary>Each operation's toolset (its group); "" when it has none.</summary>
    public EquatableArray<string> Toolsets { get; init; } = EquatableArray<string>.Empty;
    /// <summary>Every indexed term, sorted ordinally (the runtime finds a term and its prefixes by binary search).</summary>
    public EquatableArray<string> Terms { get; init; } = EquatableArray<string>.Empty;
    /// <summary>Where each term's postings start in <see cref="Postings"/>, counted in postings; one more entry than terms.</summary>
    public EquatableArray<int> TermStarts { get; init; } = EquatableArray<int>.Empty;
    /// <summary>Three bytes a posting: the operation (little-endian 16 bits), then the term's weight in it (1-255).</summary>
    public EquatableArray<byte> Postings { get; init; } = EquatableArray<byte>.Empty;
    /// <summary>Each operation's indexed length (the sum of its weights), for BM25's length normalisation.</summary>
    public EquatableArray<int> Lengths { get; init; } = EquatableArray<int>.Empty;
}
