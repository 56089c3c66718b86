using System.Collections.Generic;

namespace NativeMcp.Generators.FrontEnds.Schema;

/// <summary>
/// The JSON Schema 2020-12 vocabulary as NativeMcp sees it: every keyword is checked, only published (an
/// annotation), or warned about. A keyword in none of these lists is not 2020-12 at all (a typo, another
/// dialect's) and is warned about too.
/// </summary>
internal static class SchemaKeywords
{
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>Assertions and applicators the runtime validator checks.</summary>
    public static readonly HashSet<string> Checked = new()
    {
        "type", "enum", "const",
        "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "format",
        "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "prefixItems", "items", "contains",
        "maxProperties", "minProperties", "required", "dependentRequired", "properties", "patternProperties",
        "additionalProperties", "propertyNames", "dependentSchemas",
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
        "$ref", "$defs", "definitions",
    };

    /// <summary>Published as written, never checked, never warned about: they do not constrain a value.</summary>
    public static readonly HashSet<string> Annotations = new()
    {
        "$schema", "$id", "$comment", "$anchor", "$vocabulary",
        "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
        "contentMediaType", "contentEncoding", "contentSchema",
    };

    /// <summary>Keywords of 2020-12 (or of the drafts before it) that constrain values but that the validator does not check.</summary>
    public static readonly Dictionary<string, string> NotChecked = new()
    {
        ["unevaluatedProperties"] = "the validator does not implement unevaluatedProperties; use additionalProperties",
        ["unevaluatedItems"] = "the validator does not implement unevaluatedItems; use items",
        ["$dynamicRef"] = "the validator does not implement $dynamicRef; use $ref",
        ["$dynamicAnchor"] = "the validator does not implement $dynamicAnchor",
        ["$recursiveRef"] = "$recursiveRef is draft 2019-09; use $ref",
        ["$recursiveAnchor"] = "$recursiveAnchor is draft 2019-09",
        ["additionalItems"] = "additionalItems is not a 2020-12 keyword; use prefixItems and items",
        ["dependencies"] = "dependencies is draft-07; use dependentRequired or dependentSchemas",
    };
}
