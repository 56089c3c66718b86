using NativeMcp.Generators.Common;

namespace NativeMcp.Generators.Model;

/// <summary>
/// A raw JSON Schema from the spec (<c>inputSchema</c> / <c>outputSchema</c>): the JSON text to publish, exactly as
/// written, and the compiled assertions the runtime validator walks. Location-free and value-equatable.
/// </summary>
/// <param name="Targets">Every subschema a <c>$ref</c> points at, by JSON pointer ("" is the root itself).</param>
internal sealed record RawSchemaModel(string Json, SchemaModel Root, EquatableArray<SchemaTargetModel> Targets);

/// <summary>A <c>$ref</c> target: its JSON pointer in the document (e.g. <c>/$defs/node</c>) and its schema.</summary>
internal sealed record SchemaTargetModel(string Pointer, SchemaModel Schema);

internal sealed record SchemaPropertyModel(string Name, SchemaModel Schema);

internal sealed record SchemaDependencyModel(string Name, EquatableArray<string> Required);

/// <summary>
/// One subschema's assertion keywords (annotations are only published, so they are not here). Numbers are kept
/// as their JSON text; <see cref="Ref"/> is the pointer of a <see cref="RawSchemaModel.Targets"/> entry, so the model
/// stays a tree even when the schema is recursive.
/// </summary>
internal sealed record SchemaModel
{
    public static readonly SchemaModel True = new();

    public static readonly SchemaModel False = new() { RejectsAll = true };

    public bool RejectsAll { get; init; }

    /// <summary>Type names as written: string, integer, number, boolean, array, object, null. Empty: any.</summary>
    public EquatableArray<string> Types { get; init; } = EquatableArray<string>.Empty;

    public string? Ref { get; init; }

    /// <summary>The reference as written, for messages and the generated comment.</summary>
    public string? RefText { get; init; }

    public EquatableArray<SchemaModel> AllOf { get; init; } = EquatableArray<SchemaModel>.Empty;

    public EquatableArray<SchemaModel> AnyOf { get; init; } = EquatableArray<SchemaModel>.Empty;

    public EquatableArray<SchemaModel> OneOf { get; init; } = EquatableArray<SchemaModel>.Empty;

    public SchemaModel? Not { get; init; }

    public SchemaModel? If { get; init; }

    public SchemaModel? Then { get; init; }

    public SchemaModel? Else { get; init; }

    public string? ConstJson { get; init; }

    /// <summary>Null when there is no <c>enum</c> (an empty enum allows nothing).</summary>
    public EquatableArray<string>? EnumJson { get; init; }

    public EquatableArray<SchemaPropertyModel> Properties { get; init; } = EquatableArray<SchemaPropertyModel>.Empty;

    public EquatableArray<string> Required { get; init; } = EquatableArray<string>.Empty;

    public SchemaModel? AdditionalProperties { get; init; }

    public EquatableArray<SchemaPropertyModel> PatternProperties { get; init; } = EquatableArray<SchemaPropertyModel>.Empty;

    public SchemaModel? PropertyNames { get; init; }

    public int? MinProperties { get; init; }

    public int? MaxProperties { get; init; }

    public EquatableArray<SchemaDependencyModel> DependentRequired { get; init; } = EquatableArray<SchemaDependencyModel>.Empty;

    public EquatableArray<SchemaPropertyModel> DependentSchemas { get; init; } = EquatableArray<SchemaPropertyModel>.Empty;

    public EquatableArray<SchemaModel> PrefixItems { get; init; } = EquatableArray<SchemaModel>.Empty;

    public SchemaModel? Items { get; init; }

    public int? MinItems { get; init; }

    public int? MaxItems { get; init; }

    public bool UniqueItems { get; init; }

    public SchemaModel? Contains { get; init; }

    public int? MinContains { get; init; }

    public int? MaxContains { get; init; }

    public string? Minimum { get; init; }

    public string? Maximum { get; init; }

    public string? ExclusiveMinimum { get; init; }

    public string? ExclusiveMaximum { get; init; }

    public string? MultipleOf { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public string? Pattern { get; init; }

    /// <summary>Only formats the runtime checks (date, date-time, email, uri); others are warned about and dropped.</summary>
    public string? Format { get; init; }
}
