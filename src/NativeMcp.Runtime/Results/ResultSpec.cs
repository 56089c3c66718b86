using System.Collections.Generic;
using NativeMcp.Runtime.Binding;

namespace NativeMcp.Runtime.Results;

/// <summary>
/// How one tool turns its upstream answer into a result, from the spec (tool <c>errors</c>, <c>response</c>,
/// <c>pagination</c>, <c>output</c>). The generator emits one per tool; paths come pre-split into segments.
/// </summary>
public sealed class ResultSpec
{
    public required string ToolName { get; init; }

    public IReadOnlyDictionary<int, string>? ErrorHints { get; init; }

    /// <summary>Paths to keep, each split into segments: a property name, <c>*</c> (every item), or an index.</summary>
    public string[][]? Pick { get; init; }

    /// <summary>Property renames, applied at any depth: old name -> new name.</summary>
    public IReadOnlyDictionary<string, string>? Rename { get; init; }

    public bool DropNulls { get; init; }

    /// <summary>
    /// Paths removed from the answer, text and structured content alike, each split into segments: a property
    /// name, an index, <c>*</c> (any one property or item) or <c>**</c> (any depth, zero levels included) — so that
    /// <c>**.secret</c> removes every <c>secret</c> wherever the upstream puts one.
    /// </summary>
    public string[][]? Omit { get; init; }

    /// <summary>Past this many bytes of JSON, the result is cut down (valid JSON still) and says so.</summary>
    public int? MaxBytes { get; init; }

    /// <summary>Where the upstream puts its next-page cursor (segments), and the input that takes it back.</summary>
    public string[]? NextCursor { get; init; }

    public string? NextCursorInput { get; init; }

    /// <summary>The declared output schema's properties: the structured content must satisfy them.</summary>
    public InputField[]? Output { get; init; }

    /// <summary>A raw <c>outputSchema</c>, compiled: the structured content must be valid against it.</summary>
    public SchemaNode? OutputSchema { get; init; }

    /// <summary>
    /// The output schema is <c>{"result": ...}</c> around an answer that is not an object (an OpenAPI response of
    /// an array, a string, ...): the structured content is the answer under <c>result</c>.
    /// </summary>
    public bool WrapResult { get; init; }

    internal bool Shapes => Pick is not null || Rename is not null || DropNulls || Omit is not null;
}
