using System.Collections.Generic;
using System.Text.Json;

namespace NativeMcp.Runtime.Binding;

/// <summary>
/// Typed reads of a raw-schema tool's top-level arguments, after <see cref="SchemaValidator"/> has accepted them:
/// the schema has already checked every type and constraint, so these only convert. Absent is null.
/// </summary>
public static class SchemaArguments
{
    public static string? String(IDictionary<string, JsonElement>? arguments, string name) =>
        Get(arguments, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static long? Integer(IDictionary<string, JsonElement>? arguments, string name) =>
        Get(arguments, name) is { ValueKind: JsonValueKind.Number } value ? ArgumentRules.AsInteger(value) : null;

    public static double? Number(IDictionary<string, JsonElement>? arguments, string name) =>
        Get(arguments, name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    public static bool? Boolean(IDictionary<string, JsonElement>? arguments, string name) =>
        Get(arguments, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

    /// <summary>Any other schema (several types, a $ref, an object or array) binds as the JSON value itself, null included.</summary>
    public static JsonElement? Json(IDictionary<string, JsonElement>? arguments, string name) => Get(arguments, name);

    private static JsonElement? Get(IDictionary<string, JsonElement>? arguments, string name) =>
        arguments is not null && arguments.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Undefined ? value : null;
}
