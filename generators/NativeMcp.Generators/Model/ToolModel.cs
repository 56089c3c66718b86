namespace NativeMcp.Generators.Model;

/// <summary>Where a tool's result comes from.</summary>
internal enum ToolKind
{
    /// <summary>An upstream HTTP call (<c>http</c>).</summary>
    Http,
    /// <summary>A template over the arguments (<c>result</c>).</summary>
    Static,
    /// <summary>Hand-written C# (<c>handler: csharp</c>).</summary>
    Handler,
}

internal sealed record ToolModel(
    string Name,
    string? Title,
    string? Description,
    string? Group,
    AnnotationsModel Annotations,
    EquatableArray<InputModel> Inputs,
    ToolKind Kind,
    HttpModel? Http,
    EquatableArray<ContentModel> Result,
    EquatableArray<ErrorHintModel> Errors,
    string Upstream,
    AuthModel? Auth,
    int? TimeoutMilliseconds,
    bool? Retry,
    ResponseModel? Response,
    PaginationModel? Pagination,
    EquatableArray<InputModel> Output,
    string? Scope = null)
{
    /// <summary>A raw <c>inputSchema</c>: published as written and validated by its compiled model; <see cref="Inputs"/> are its top-level properties.</summary>
    public Schema.RawSchemaModel? InputSchema { get; init; }

    /// <summary>A raw <c>outputSchema</c>, instead of the <c>output</c> shorthand.</summary>
    public Schema.RawSchemaModel? OutputSchema { get; init; }
}

/// <summary>A path into a JSON answer, split at compile time: property names, "*" for every item, or indexes.</summary>
internal sealed record JsonPathModel(string Source, EquatableArray<string> Segments);

internal sealed record RenameModel(string From, string To);

/// <summary>The tool's <c>response</c> shaping.</summary>
internal sealed record ResponseModel(EquatableArray<JsonPathModel> Pick, EquatableArray<RenameModel> Rename, bool DropNulls, int? MaxBytes);

/// <summary>Where the next-page cursor is in the answer, and which input takes it back.</summary>
internal sealed record PaginationModel(JsonPathModel Next, string Input);

internal sealed record AnnotationsModel(bool? ReadOnly, bool? Destructive, bool? Idempotent, bool? OpenWorld)
{
    public bool IsEmpty => ReadOnly is null && Destructive is null && Idempotent is null && OpenWorld is null;
}

internal enum InputType
{
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    /// <summary>Any JSON value: a raw schema's top-level property that is not of one scalar type (bound as JSON).</summary>
    Json,
}

/// <summary>
/// One argument (or a nested property / array item) with every constraint the spec declares. A default is kept as
/// JSON (for the schema) and, for strings, as its text (for the C# literal).
/// </summary>
internal sealed record InputModel(
    string Name,
    InputType Type,
    string? Description,
    bool Required,
    string? DefaultJson,
    EquatableArray<string> Enum,
    string? Minimum,
    string? Maximum,
    int? MinLength,
    int? MaxLength,
    string? Pattern,
    string? Format,
    InputModel? Items,
    EquatableArray<InputModel> Properties,
    int? MinItems,
    int? MaxItems,
    string? DefaultText = null);

/// <summary>How an upstream name (query key or JSON body property) maps onto a tool input.</summary>
internal sealed record ParameterMapping(string WireName, string InputName);

/// <param name="QueryTemplates">Resources only: query values as templates over the URI variables.</param>
internal sealed record HttpModel(
    string Method,
    Template Path,
    EquatableArray<ParameterMapping> Query,
    EquatableArray<HeaderModel> Headers,
    EquatableArray<ParameterMapping> Body,
    EquatableArray<HeaderModel> QueryTemplates = default);
