using System;
using System.Text.Json;
using System.Text.RegularExpressions;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Binding;

/// <summary>The JSON Schema <c>type</c> keyword: one name or several (<c>[string, "null"]</c>).</summary>
[Flags]
public enum SchemaTypes
{
    /// <summary>No <c>type</c> keyword: any JSON value.</summary>
    Any = 0,
    Null = 1,
    Boolean = 2,
    Object = 4,
    Array = 8,
    Number = 16,
    String = 32,
    Integer = 64,
}

/// <summary>
/// One compiled JSON Schema (draft 2020-12) with the assertion keywords the validator checks. The generator emits
/// the construction of these from the raw schema in the spec; <see cref="SchemaValidator"/> walks them. The schema
/// text itself is never read at run time. Annotations (title, description, default...) are only published.
/// </summary>
public sealed class SchemaNode
{
    private Regex? _regex;

    /// <summary>The boolean schema <c>true</c> (and an empty schema): every value is valid.</summary>
    public static readonly SchemaNode Anything = new();

    /// <summary>The boolean schema <c>false</c>: no value is valid.</summary>
    public static readonly SchemaNode Nothing = new() { RejectsAll = true };

    public bool RejectsAll { get; init; }

    public SchemaTypes Types { get; init; }

    public SchemaRef? Ref { get; init; }

    public SchemaNode[]? AllOf { get; init; }

    public SchemaNode[]? AnyOf { get; init; }

    public SchemaNode[]? OneOf { get; init; }

    public SchemaNode? Not { get; init; }

    public SchemaNode? If { get; init; }

    public SchemaNode? Then { get; init; }

    public SchemaNode? Else { get; init; }

    public JsonElement? Const { get; init; }

    public JsonElement[]? Enum { get; init; }

    // Objects.
    public SchemaProperty[]? Properties { get; init; }

    public string[]? Required { get; init; }

    /// <summary>The schema of properties neither <see cref="Properties"/> nor <see cref="PatternProperties"/> name; null: any.</summary>
    public SchemaNode? AdditionalProperties { get; init; }

    /// <summary>Each entry's <see cref="SchemaProperty.Name"/> is the regular expression.</summary>
    public SchemaProperty[]? PatternProperties { get; init; }

    public SchemaNode? PropertyNames { get; init; }

    public int? MinProperties { get; init; }

    public int? MaxProperties { get; init; }

    public SchemaDependency[]? DependentRequired { get; init; }

    public SchemaProperty[]? DependentSchemas { get; init; }

    // Arrays.
    public SchemaNode[]? PrefixItems { get; init; }

    /// <summary>The schema of the items after <see cref="PrefixItems"/>.</summary>
    public SchemaNode? Items { get; init; }

    public int? MinItems { get; init; }

    public int? MaxItems { get; init; }

    public bool UniqueItems { get; init; }

    public SchemaNode? Contains { get; init; }

    public int? MinContains { get; init; }

    public int? MaxContains { get; init; }

    // Numbers.
    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public double? ExclusiveMinimum { get; init; }

    public double? ExclusiveMaximum { get; init; }

    public double? MultipleOf { get; init; }

    // Strings.
    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public string? Pattern { get; init; }

    public StringFormat Format { get; init; }

    internal Regex PatternRegex => _regex ??= ArgumentRules.Pattern(Pattern!);
}

/// <summary>A named subschema: a property, a pattern property (the name is the pattern), or a dependent schema.</summary>
public sealed class SchemaProperty
{
    private Regex? _regex;

    public SchemaProperty(string name, SchemaNode schema)
    {
        Name = name;
        Schema = schema;
    }

    public string Name { get; }

    public SchemaNode Schema { get; }

    internal Regex NameRegex => _regex ??= ArgumentRules.Pattern(Name);
}

/// <summary><c>dependentRequired</c>: when <see cref="Name"/> is present, so must be every one of <see cref="Required"/>.</summary>
public sealed class SchemaDependency
{
    public SchemaDependency(string name, string[] required)
    {
        Name = name;
        Required = required;
    }

    public string Name { get; }

    public string[] Required { get; }
}

/// <summary>
/// A resolved <c>$ref</c>: a slot of the array that holds its schema's targets. The generator fills the slots after
/// building the nodes that point at them, so recursive schemas (a tree node whose children are tree nodes) are
/// plain data, and a slot is read when a call first follows the reference.
/// </summary>
public sealed class SchemaRef
{
    private readonly SchemaNode[] _targets;
    private readonly int _index;

    public SchemaRef(string reference, SchemaNode[] targets, int index)
    {
        Reference = reference;
        _targets = targets;
        _index = index;
    }

    /// <summary>The reference as written, e.g. <c>#/$defs/address</c>.</summary>
    public string Reference { get; }

    public SchemaNode Target => _targets[_index];
}

/// <summary>Constant JSON values of a compiled schema (<c>const</c>, <c>enum</c>), parsed once.</summary>
public static class SchemaValues
{
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A JSON string value (a property name, checked against <c>propertyNames</c>).</summary>
    internal static JsonElement String(string value)
    {
        using var scratch = ScratchJson.Rent();
        scratch.Writer.WriteStringValue(value);
        using var document = JsonDocument.Parse(scratch.Written);
        return document.RootElement.Clone();
    }
}
