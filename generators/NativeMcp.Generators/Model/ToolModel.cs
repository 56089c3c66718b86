namespace NativeMcp.Generators.Model;

internal sealed record ToolModel(
    string Name,
    string? Title,
    string? Description,
    string? Group,
    AnnotationsModel Annotations,
    EquatableArray<InputModel> Inputs,
    HttpModel Http,
    EquatableArray<ErrorHintModel> Errors);

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
}

/// <summary>One argument (or a nested property / array item) with every constraint the spec declares.</summary>
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
    int? MaxItems);

/// <summary>How an upstream name (query key or JSON body property) maps onto a tool input.</summary>
internal sealed record ParameterMapping(string WireName, string InputName);

internal sealed record HttpModel(
    string Method,
    Template Path,
    EquatableArray<ParameterMapping> Query,
    EquatableArray<HeaderModel> Headers,
    EquatableArray<ParameterMapping> Body);
