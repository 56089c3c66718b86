using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Binding;

/// <summary>
/// Reads and validates tool arguments from the raw <see cref="JsonElement"/>s of a <c>tools/call</c>.
/// Generated binders call one <c>Read*</c> per declared input; each checks type and every declared
/// constraint and records a message naming the field and the rule it broke.
/// </summary>
public static class ArgumentBinder
{
    private const int MaxEchoedLength = 60;

    /// <summary>Arguments the tool does not declare are rejected (the schema says additionalProperties: false).</summary>
    public static void RejectUnknown(IDictionary<string, JsonElement>? arguments, string[] known, ArgumentErrors errors)
    {
        if (arguments is null) return;
        foreach (var name in arguments.Keys)
        {
            if (Array.IndexOf(known, name) < 0)
            {
                errors.Add(name, known.Length == 0
                    ? "is not a parameter of this tool (it takes none)"
                    : "is not a parameter of this tool (expected one of: " + string.Join(", ", known) + ")");
            }
        }
    }

    public static string? ReadString(IDictionary<string, JsonElement>? arguments, InputField field, ArgumentErrors errors) =>
        TryGet(arguments, field, errors, out var value) && Validate(value, field, field.Name, errors) ? value.GetString() : null;

    public static long? ReadInteger(IDictionary<string, JsonElement>? arguments, InputField field, ArgumentErrors errors) =>
        TryGet(arguments, field, errors, out var value) && Validate(value, field, field.Name, errors) ? AsInteger(value) : null;

    public static double? ReadNumber(IDictionary<string, JsonElement>? arguments, InputField field, ArgumentErrors errors) =>
        TryGet(arguments, field, errors, out var value) && Validate(value, field, field.Name, errors) ? value.GetDouble() : null;

    public static bool? ReadBoolean(IDictionary<string, JsonElement>? arguments, InputField field, ArgumentErrors errors) =>
        TryGet(arguments, field, errors, out var value) && Validate(value, field, field.Name, errors) ? value.GetBoolean() : null;

    /// <summary>Arrays and objects stay JSON: they are validated in depth and passed through to the body.</summary>
    public static JsonElement? ReadJson(IDictionary<string, JsonElement>? arguments, InputField field, ArgumentErrors errors) =>
        TryGet(arguments, field, errors, out var value) && Validate(value, field, field.Name, errors) ? value : null;

    private static bool TryGet(IDictionary<string, JsonElement>? arguments, InputField field, ArgumentErrors errors, out JsonElement value)
    {
        if (arguments is not null && arguments.TryGetValue(field.Name, out value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            return true;
        }
        value = default;
        if (field.Required) errors.Add(field.Name, "is required");
        return false;
    }

    /// <summary>Checks one value against its field, recursing into array items and object properties.</summary>
    internal static bool Validate(JsonElement value, InputField field, string path, ArgumentErrors errors)
    {
        switch (field.Kind)
        {
            case InputKind.String:
                if (value.ValueKind != JsonValueKind.String) return TypeError(value, "a string", path, errors);
                return ValidateString(value.GetString()!, field, path, errors);

            case InputKind.Integer:
                if (value.ValueKind != JsonValueKind.Number) return TypeError(value, "an integer", path, errors);
                if (AsInteger(value) is not { } integer) return Fail(path, "must be an integer (got " + value.GetRawText() + ")", errors);
                return ValidateRange(integer, field, path, errors);

            case InputKind.Number:
                if (value.ValueKind != JsonValueKind.Number) return TypeError(value, "a number", path, errors);
                // .NET reads 1e400 as infinity; JSON Schema numbers are finite.
                if (!double.IsFinite(value.GetDouble())) return Fail(path, "must be a finite number (got " + value.GetRawText() + ")", errors);
                return ValidateRange(value.GetDouble(), field, path, errors);

            case InputKind.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return TypeError(value, "true or false", path, errors);
                return true;

            case InputKind.Array:
                if (value.ValueKind != JsonValueKind.Array) return TypeError(value, "an array", path, errors);
                return ValidateArray(value, field, path, errors);

            default:
                if (value.ValueKind != JsonValueKind.Object) return TypeError(value, "an object", path, errors);
                return ValidateObject(value, field, path, errors);
        }
    }

    /// <summary>3 and 3.0 are integers in JSON Schema; 3.5 and 1e30 (out of range) are not.</summary>
    private static long? AsInteger(JsonElement value)
    {
        if (value.TryGetInt64(out var integer)) return integer;
        return value.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18 ? (long)d : null;
    }

    private static bool ValidateString(string text, InputField field, string path, ArgumentErrors errors)
    {
        var ok = true;
        if (field.Enum is { } allowed && Array.IndexOf(allowed, text) < 0)
        {
            ok = Fail(path, "must be one of: " + string.Join(", ", allowed) + " (got " + Echo(text) + ")", errors);
        }
        if (field.MinLength is { } min && text.Length < min)
        {
            ok = Fail(path, "must be at least " + min + " characters long (got " + text.Length + ")", errors);
        }
        if (field.MaxLength is { } max && text.Length > max)
        {
            ok = Fail(path, "must be at most " + max + " characters long (got " + text.Length + ")", errors);
        }
        if (field.Pattern is not null && !MatchesPattern(text, field))
        {
            ok = Fail(path, "must match the pattern " + field.Pattern + " (got " + Echo(text) + ")", errors);
        }
        if (field.Format != StringFormat.None && !Formats.IsValid(text, field.Format))
        {
            ok = Fail(path, "must be " + Formats.Describe(field.Format) + " (got " + Echo(text) + ")", errors);
        }
        return ok;
    }

    private static bool MatchesPattern(string text, InputField field)
    {
        try
        {
            return field.PatternRegex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool ValidateRange(double value, InputField field, string path, ArgumentErrors errors)
    {
        var ok = true;
        if (field.Minimum is { } min && value < min) ok = Fail(path, "must be >= " + Number(min) + " (got " + Number(value) + ")", errors);
        if (field.Maximum is { } max && value > max) ok = Fail(path, "must be <= " + Number(max) + " (got " + Number(value) + ")", errors);
        return ok;
    }

    private static bool ValidateArray(JsonElement value, InputField field, string path, ArgumentErrors errors)
    {
        var ok = true;
        var count = value.GetArrayLength();
        if (field.MinItems is { } min && count < min) ok = Fail(path, "must contain at least " + min + " item" + (min == 1 ? "" : "s") + " (got " + count + ")", errors);
        if (field.MaxItems is { } max && count > max) ok = Fail(path, "must contain at most " + max + " item" + (max == 1 ? "" : "s") + " (got " + count + ")", errors);
        if (field.Items is { } items)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                ok &= Validate(item, items, path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", errors);
                index++;
            }
        }
        return ok;
    }

    private static bool ValidateObject(JsonElement value, InputField field, string path, ArgumentErrors errors)
    {
        // An object without declared properties is free-form.
        if (field.Properties is not { } properties) return true;
        var ok = true;
        foreach (var property in properties)
        {
            var childPath = path + "." + property.Name;
            if (value.TryGetProperty(property.Name, out var child) && child.ValueKind != JsonValueKind.Null)
            {
                ok &= Validate(child, property, childPath, errors);
            }
            else if (property.Required)
            {
                ok = Fail(childPath, "is required", errors);
            }
        }
        if (field.AllowAdditionalProperties) return ok;
        foreach (var member in value.EnumerateObject())
        {
            if (Array.FindIndex(properties, p => p.Name == member.Name) < 0)
            {
                ok = Fail(path + "." + member.Name, "is not a property of '" + path + "'", errors);
            }
        }
        return ok;
    }

    private static bool TypeError(JsonElement value, string expected, string path, ArgumentErrors errors) =>
        Fail(path, "must be " + expected + " (got " + KindName(value.ValueKind) + ")", errors);

    private static bool Fail(string path, string rule, ArgumentErrors errors)
    {
        errors.Add(path, rule);
        return false;
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Echo(string text) =>
        "\"" + (text.Length <= MaxEchoedLength ? text : text.Substring(0, MaxEchoedLength) + "...") + "\"";
}
