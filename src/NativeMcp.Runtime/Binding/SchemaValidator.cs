using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Binding;

/// <summary>
/// Checks a JSON value against a compiled <see cref="SchemaNode"/> tree (JSON Schema 2020-12 assertions) and names
/// every violation by its field path, with the same texts as the shorthand binder (<see cref="ArgumentRules"/>).
/// Paths: a tool's top-level argument is <c>name</c>, a nested one <c>address.city</c>, an item <c>tags[2]</c>;
/// the arguments object itself is <c>arguments</c>.
/// </summary>
public static class SchemaValidator
{
    public const string ArgumentsPath = "arguments";

    // Data nesting is bounded by the JSON reader; this bounds a schema that recurses without consuming data.
    private const int MaxDepth = 256;

    /// <summary>Validates a <c>tools/call</c>'s arguments (absent arguments are the empty object).</summary>
    public static bool ValidateArguments(IDictionary<string, JsonElement>? arguments, SchemaNode schema, ArgumentErrors errors)
    {
        // Checked as one JSON object, written and read in the thread's scratch: the errors keep only text.
        using var scratch = ScratchJson.Rent();
        scratch.WriteObject(arguments);
        using var document = JsonDocument.Parse(scratch.Written);
        return Check(document.RootElement, schema, "", errors, 0);
    }

    /// <summary>Validates a value whose own path is <paramref name="path"/> (e.g. <c>result</c> for structured content).</summary>
    public static bool Validate(JsonElement value, SchemaNode schema, string path, ArgumentErrors? errors) =>
        Check(value, schema, path, errors, 0);

    /// <summary>With <paramref name="errors"/> null, only answers whether the value is valid (for anyOf, not, contains...).</summary>
    private static bool Check(JsonElement value, SchemaNode schema, string path, ArgumentErrors? errors, int depth)
    {
        if (depth > MaxDepth) return Fail(path, "is nested too deeply to check", errors);
        if (schema.RejectsAll) return Fail(path, "is not allowed here", errors);
        if (schema.Types != SchemaTypes.Any && !CheckType(value, schema.Types, path, errors)) return false;

        var ok = true;
        if (schema.Ref is { } reference) ok &= Check(value, reference.Target, path, errors, depth + 1);
        if (schema.Const is { } constant && !JsonElement.DeepEquals(value, constant))
        {
            ok = Fail(path, "must be " + Shown(constant) + " (got " + Shown(value) + ")", errors);
        }
        if (schema.Enum is { } allowed && !allowed.Any(a => JsonElement.DeepEquals(value, a)))
        {
            ok = Fail(path, ArgumentRules.NotOneOf(string.Join(", ", allowed.Select(Listed)), Shown(value)), errors);
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                ok &= CheckString(value.GetString()!, schema, path, errors);
                break;
            case JsonValueKind.Number:
                ok &= CheckNumber(value, schema, path, errors);
                break;
            case JsonValueKind.Array:
                ok &= CheckArray(value, schema, path, errors, depth);
                break;
            case JsonValueKind.Object:
                ok &= CheckObject(value, schema, path, errors, depth);
                break;
        }
        return CheckApplicators(value, schema, path, errors, depth) && ok;
    }

    private static bool CheckType(JsonElement value, SchemaTypes types, string path, ArgumentErrors? errors)
    {
        var kind = value.ValueKind;
        var matches = kind switch
        {
            JsonValueKind.Null => types.HasFlag(SchemaTypes.Null),
            JsonValueKind.True or JsonValueKind.False => types.HasFlag(SchemaTypes.Boolean),
            JsonValueKind.Object => types.HasFlag(SchemaTypes.Object),
            JsonValueKind.Array => types.HasFlag(SchemaTypes.Array),
            JsonValueKind.String => types.HasFlag(SchemaTypes.String),
            JsonValueKind.Number => types.HasFlag(SchemaTypes.Number) || (types.HasFlag(SchemaTypes.Integer) && ArgumentRules.AsInteger(value) is not null),
            _ => false,
        };
        if (matches)
        {
            // .NET reads 1e400 as infinity; JSON Schema numbers are finite.
            return kind != JsonValueKind.Number || double.IsFinite(value.GetDouble()) || Fail(path, ArgumentRules.NotFinite(value), errors);
        }
        // A number that is not whole, where only integers are allowed: say so rather than "got a number".
        if (kind == JsonValueKind.Number && types == SchemaTypes.Integer)
        {
            return Fail(path, ArgumentRules.NotInteger(value), errors);
        }
        return Fail(path, ArgumentRules.Type(Expected(types), kind), errors);
    }

    private static string Expected(SchemaTypes types)
    {
        var names = new List<string>();
        if (types.HasFlag(SchemaTypes.String)) names.Add("a string");
        if (types.HasFlag(SchemaTypes.Integer) && !types.HasFlag(SchemaTypes.Number)) names.Add("an integer");
        if (types.HasFlag(SchemaTypes.Number)) names.Add("a number");
        if (types.HasFlag(SchemaTypes.Boolean)) names.Add("true or false");
        if (types.HasFlag(SchemaTypes.Array)) names.Add("an array");
        if (types.HasFlag(SchemaTypes.Object)) names.Add("an object");
        if (types.HasFlag(SchemaTypes.Null)) names.Add("null");
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[names.Count - 1];
    }

    private static bool CheckString(string text, SchemaNode schema, string path, ArgumentErrors? errors)
    {
        var ok = true;
        var length = schema.MinLength is not null || schema.MaxLength is not null ? ArgumentRules.Length(text) : 0;
        if (schema.MinLength is { } min && length < min) ok = Fail(path, ArgumentRules.TooShort(min, length), errors);
        if (schema.MaxLength is { } max && length > max) ok = Fail(path, ArgumentRules.TooLong(max, length), errors);
        if (schema.Pattern is { } pattern && !ArgumentRules.Matches(schema.PatternRegex, text)) ok = Fail(path, ArgumentRules.NoMatch(pattern, text), errors);
        if (schema.Format != StringFormat.None && !Formats.IsValid(text, schema.Format)) ok = Fail(path, ArgumentRules.BadFormat(schema.Format, text), errors);
        return ok;
    }

    private static bool CheckNumber(JsonElement value, SchemaNode schema, string path, ArgumentErrors? errors)
    {
        var number = value.GetDouble();
        var ok = true;
        if (schema.Minimum is { } min && number < min) ok = Fail(path, ArgumentRules.Below(min, number), errors);
        if (schema.Maximum is { } max && number > max) ok = Fail(path, ArgumentRules.Above(max, number), errors);
        if (schema.ExclusiveMinimum is { } xmin && number <= xmin) ok = Fail(path, ArgumentRules.NotAbove(xmin, number), errors);
        if (schema.ExclusiveMaximum is { } xmax && number >= xmax) ok = Fail(path, ArgumentRules.NotBelow(xmax, number), errors);
        if (schema.MultipleOf is { } factor && !IsMultiple(value, number, factor))
        {
            ok = Fail(path, "must be a multiple of " + ArgumentRules.Number(factor) + " (got " + value.GetRawText() + ")", errors);
        }
        return ok;
    }

    /// <summary>Decimal arithmetic where it fits, so that 0.3 is a multiple of 0.1 (in doubles it is not).</summary>
    private static bool IsMultiple(JsonElement value, double number, double factor)
    {
        if (value.TryGetDecimal(out var exact) && Math.Abs(factor) < 7.9e27 && Math.Abs(factor) > 1e-27)
        {
            return exact % (decimal)factor == 0m;
        }
        var quotient = number / factor;
        return double.IsFinite(quotient) && Math.Abs(quotient - Math.Round(quotient)) < 1e-9;
    }

    private static bool CheckArray(JsonElement value, SchemaNode schema, string path, ArgumentErrors? errors, int depth)
    {
        var ok = true;
        var count = value.GetArrayLength();
        if (schema.MinItems is { } min && count < min) ok = Fail(path, ArgumentRules.TooFewItems(min, count), errors);
        if (schema.MaxItems is { } max && count > max) ok = Fail(path, ArgumentRules.TooManyItems(max, count), errors);

        var index = 0;
        var matching = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            var itemSchema = schema.PrefixItems is { } prefix && index < prefix.Length ? prefix[index] : schema.Items;
            if (itemSchema is not null) ok &= Check(item, itemSchema, itemPath, errors, depth + 1);
            if (schema.Contains is { } contains && Check(item, contains, itemPath, null, depth + 1)) matching++;
            index++;
        }

        if (schema.Contains is not null)
        {
            var least = schema.MinContains ?? 1;
            if (matching < least)
            {
                ok = Fail(path, least == 1 && schema.MinContains is null
                    ? "must contain an item that matches 'contains' (none does)"
                    : "must contain at least " + least + " items that match 'contains' (got " + matching + ")", errors);
            }
            if (schema.MaxContains is { } most && matching > most)
            {
                ok = Fail(path, "must contain at most " + most + " items that match 'contains' (got " + matching + ")", errors);
            }
        }

        if (schema.UniqueItems && count > 1)
        {
            var items = value.EnumerateArray().ToArray();
            for (var i = 0; i < items.Length && ok; i++)
            {
                for (var j = i + 1; j < items.Length; j++)
                {
                    if (!JsonElement.DeepEquals(items[i], items[j])) continue;
                    ok = Fail(path, "must not contain duplicate items ([" + i + "] and [" + j + "] are equal)", errors);
                    break;
                }
            }
        }
        return ok;
    }

    private static bool CheckObject(JsonElement value, SchemaNode schema, string path, ArgumentErrors? errors, int depth)
    {
        var ok = true;
        if (schema.Required is { } required)
        {
            foreach (var name in required)
            {
                if (!value.TryGetProperty(name, out _)) ok = Fail(Child(path, name), ArgumentRules.Required, errors);
            }
        }
        if (schema.DependentRequired is { } dependencies)
        {
            foreach (var dependency in dependencies.Where(d => value.TryGetProperty(d.Name, out _)))
            {
                foreach (var name in dependency.Required.Where(n => !value.TryGetProperty(n, out _)))
                {
                    ok = Fail(Child(path, name), "is required when '" + Child(path, dependency.Name) + "' is given", errors);
                }
            }
        }
        if (schema.DependentSchemas is { } dependentSchemas)
        {
            foreach (var dependent in dependentSchemas.Where(d => value.TryGetProperty(d.Name, out _)))
            {
                ok &= Check(value, dependent.Schema, path, errors, depth + 1);
            }
        }

        var count = 0;
        foreach (var member in value.EnumerateObject())
        {
            count++;
            var memberPath = Child(path, member.Name);
            if (schema.PropertyNames is { } names) ok &= CheckName(member.Name, names, memberPath, errors, depth);

            var declared = false;
            if (schema.Properties is { } properties)
            {
                foreach (var property in properties)
                {
                    if (property.Name != member.Name) continue;
                    declared = true;
                    ok &= Check(member.Value, property.Schema, memberPath, errors, depth + 1);
                }
            }
            if (schema.PatternProperties is { } patterns)
            {
                foreach (var pattern in patterns)
                {
                    if (!ArgumentRules.Matches(pattern.NameRegex, member.Name)) continue;
                    declared = true;
                    ok &= Check(member.Value, pattern.Schema, memberPath, errors, depth + 1);
                }
            }
            if (declared || schema.AdditionalProperties is not { } additional) continue;
            if (additional.RejectsAll)
            {
                ok = Fail(memberPath, path.Length == 0 ? ArgumentRules.UnknownParameter(Known(schema)) : ArgumentRules.UnknownProperty(path), errors);
            }
            else
            {
                ok &= Check(member.Value, additional, memberPath, errors, depth + 1);
            }
        }

        if (schema.MinProperties is { } min && count < min) ok = Fail(path, "must have at least " + min + " propert" + (min == 1 ? "y" : "ies") + " (got " + count + ")", errors);
        if (schema.MaxProperties is { } max && count > max) ok = Fail(path, "must have at most " + max + " propert" + (max == 1 ? "y" : "ies") + " (got " + count + ")", errors);
        return ok;
    }

    private static bool CheckName(string name, SchemaNode schema, string path, ArgumentErrors? errors, int depth)
    {
        var nameValue = SchemaValues.String(name);
        if (Check(nameValue, schema, path, null, depth + 1)) return true;
        if (errors is null) return false;
        var why = new ArgumentErrors();
        Check(nameValue, schema, path, why, depth + 1);
        return Fail(path, "is not an allowed property name: " + string.Join("; ", why.Messages), errors);
    }

    private static string[] Known(SchemaNode schema) => schema.Properties?.Select(p => p.Name).ToArray() ?? [];

    /// <summary>allOf, anyOf, oneOf, not, if/then/else: subschemas applied to the same value.</summary>
    private static bool CheckApplicators(JsonElement value, SchemaNode schema, string path, ArgumentErrors? errors, int depth)
    {
        var ok = true;
        if (schema.AllOf is { } all)
        {
            foreach (var part in all) ok &= Check(value, part, path, errors, depth + 1);
        }
        if (schema.AnyOf is { } any && !any.Any(s => Check(value, s, path, null, depth + 1)))
        {
            ok = Fail(path, "must match at least one of the anyOf alternatives: " + WhyNot(value, any, path, depth), errors);
        }
        if (schema.OneOf is { } one)
        {
            var matches = Enumerable.Range(0, one.Length).Where(i => Check(value, one[i], path, null, depth + 1)).ToList();
            if (matches.Count == 0)
            {
                ok = Fail(path, "must match exactly one of the oneOf alternatives, and matches none: " + WhyNot(value, one, path, depth), errors);
            }
            else if (matches.Count > 1)
            {
                ok = Fail(path, "must match exactly one of the oneOf alternatives, and matches " + string.Join(" and ", matches.Select(i => "#" + (i + 1))), errors);
            }
        }
        if (schema.Not is { } not && Check(value, not, path, null, depth + 1))
        {
            ok = Fail(path, "must not match the schema under 'not'", errors);
        }
        if (schema.If is { } condition)
        {
            var branch = Check(value, condition, path, null, depth + 1) ? schema.Then : schema.Else;
            if (branch is not null) ok &= Check(value, branch, path, errors, depth + 1);
        }
        return ok;
    }

    /// <summary>Why each alternative rejects the value: "#1: 'x' must be a string (got a number); #2: ...".</summary>
    private static string WhyNot(JsonElement value, SchemaNode[] alternatives, string path, int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < alternatives.Length; i++)
        {
            var why = new ArgumentErrors();
            Check(value, alternatives[i], path, why, depth + 1);
            if (i > 0) text.Append("; ");
            text.Append('#').Append(i + 1).Append(": ").Append(string.Join(", ", why.Messages));
        }
        return text.ToString();
    }

    private static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>A value in a message: strings echoed (quoted, cut at 60 characters), other JSON as written.</summary>
    private static string Shown(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? ArgumentRules.Echo(value.GetString()!) : Cut(value.GetRawText());

    /// <summary>An allowed value in a list: strings bare (as the shorthand's enum lists them), other JSON as written.</summary>
    private static string Listed(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string Cut(string text) => text.Length <= 60 ? text : text.Substring(0, 60) + "...";

    private static bool Fail(string path, string rule, ArgumentErrors? errors)
    {
        errors?.Add(path.Length == 0 ? ArgumentsPath : path, rule);
        return false;
    }
}
