using System.Linq;
using System.Text.Json;
using NativeMcp.Runtime.Binding;
using NativeMcp.Runtime.Vocabulary;
using Xunit;

namespace NativeMcp.Tests.Binding;

/// <summary>
/// The raw JSON Schema validator, keyword by keyword: a valid and an invalid value for each, and the exact message,
/// which names the field by its path (the shorthand binder's texts wherever the rule is the same).
/// </summary>
public sealed class SchemaValidatorTests
{
    /// <summary>Validates <paramref name="json"/> as the value at path "v"; returns every message ("" when valid).</summary>
    private static string Check(SchemaNode schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new ArgumentErrors();
        var valid = SchemaValidator.Validate(document.RootElement, schema, "v", errors);
        Assert.Equal(valid, !errors.HasErrors);
        return string.Join("\n", errors.Messages);
    }

    private static SchemaNode Of(SchemaTypes types) => new() { Types = types };

    private static JsonElement Json(string json) => SchemaValues.Parse(json);

    private static SchemaNode Object(params (string Name, SchemaNode Schema)[] properties) =>
        new() { Types = SchemaTypes.Object, Properties = properties.Select(p => new SchemaProperty(p.Name, p.Schema)).ToArray() };

    [Fact]
    public void Type_single_and_several_including_null()
    {
        Assert.Equal("", Check(Of(SchemaTypes.String), "\"a\""));
        Assert.Equal("'v' must be a string (got a number)", Check(Of(SchemaTypes.String), "1"));
        Assert.Equal("'v' must be a string (got null)", Check(Of(SchemaTypes.String), "null"));
        Assert.Equal("", Check(Of(SchemaTypes.String | SchemaTypes.Null), "null"));
        Assert.Equal("'v' must be a string or null (got a number)", Check(Of(SchemaTypes.String | SchemaTypes.Null), "1"));
        Assert.Equal("'v' must be a string, an integer or null (got an object)", Check(Of(SchemaTypes.String | SchemaTypes.Integer | SchemaTypes.Null), "{}"));
        Assert.Equal("'v' must be true or false (got a string)", Check(Of(SchemaTypes.Boolean), "\"true\""));
        Assert.Equal("'v' must be an array (got an object)", Check(Of(SchemaTypes.Array), "{}"));
        Assert.Equal("'v' must be an object (got an array)", Check(Of(SchemaTypes.Object), "[]"));
        Assert.Equal("", Check(new SchemaNode(), "[1, {}]"));
    }

    [Fact]
    public void Integers_are_whole_numbers_and_numbers_are_finite()
    {
        Assert.Equal("", Check(Of(SchemaTypes.Integer), "3"));
        Assert.Equal("", Check(Of(SchemaTypes.Integer), "3.0"));
        Assert.Equal("'v' must be an integer (got 3.5)", Check(Of(SchemaTypes.Integer), "3.5"));
        Assert.Equal("'v' must be an integer or null (got a number)", Check(Of(SchemaTypes.Integer | SchemaTypes.Null), "3.5"));
        Assert.Equal("", Check(Of(SchemaTypes.Number), "3.5"));
        Assert.Equal("'v' must be a finite number (got 1e400)", Check(Of(SchemaTypes.Number), "1e400"));
    }

    [Fact]
    public void Boolean_schemas()
    {
        Assert.Equal("", Check(SchemaNode.Anything, "{\"any\":[1]}"));
        Assert.Equal("'v' is not allowed here", Check(SchemaNode.Nothing, "1"));
    }

    [Fact]
    public void Const_and_enum_compare_json_values()
    {
        var constant = new SchemaNode { Const = Json("{\"a\":1}") };
        Assert.Equal("", Check(constant, "{\"a\":1.0}"));
        Assert.Equal("'v' must be {\"a\":1} (got {\"a\":2})", Check(constant, "{\"a\":2}"));
        Assert.Equal("'v' must be \"x\" (got \"y\")", Check(new SchemaNode { Const = Json("\"x\"") }, "\"y\""));

        var choices = new SchemaNode { Enum = new[] { Json("\"red\""), Json("2"), Json("null") } };
        Assert.Equal("", Check(choices, "\"red\""));
        Assert.Equal("", Check(choices, "2.0"));
        Assert.Equal("", Check(choices, "null"));
        Assert.Equal("'v' must be one of: red, 2, null (got \"blue\")", Check(choices, "\"blue\""));
        Assert.Equal("'v' must be one of: red, 2, null (got true)", Check(choices, "true"));
    }

    [Fact]
    public void String_length_counts_code_points_pattern_and_format()
    {
        var text = new SchemaNode { Types = SchemaTypes.String, MinLength = 2, MaxLength = 3 };
        Assert.Equal("", Check(text, "\"ab\""));
        // One emoji is one character (two UTF-16 units).
        Assert.Equal("'v' must be at least 2 characters long (got 1)", Check(text, "\"\\ud83d\\ude00\""));
        Assert.Equal("'v' must be at most 3 characters long (got 4)", Check(text, "\"abcd\""));

        var pattern = new SchemaNode { Pattern = "^[a-z]+-[0-9]+$" };
        Assert.Equal("", Check(pattern, "\"ab-12\""));
        Assert.Equal("'v' must match the pattern ^[a-z]+-[0-9]+$ (got \"AB-12\")", Check(pattern, "\"AB-12\""));
        // Not anchored unless the pattern says so (ECMA 262 search semantics).
        Assert.Equal("", Check(new SchemaNode { Pattern = "b" }, "\"abc\""));
        // String keywords ignore other types.
        Assert.Equal("", Check(pattern, "42"));

        var date = new SchemaNode { Format = StringFormat.Date };
        Assert.Equal("", Check(date, "\"2025-02-28\""));
        Assert.Equal("'v' must be a date as YYYY-MM-DD (got \"2025-02-30\")", Check(date, "\"2025-02-30\""));
        Assert.Equal("'v' must be an RFC 3339 date-time such as 2025-03-10T14:00:00Z (got \"2025-03-10 14:00\")",
            Check(new SchemaNode { Format = StringFormat.DateTime }, "\"2025-03-10 14:00\""));
        Assert.Equal("'v' must be an email address (got \"a@b\")", Check(new SchemaNode { Format = StringFormat.Email }, "\"a@b\""));
        Assert.Equal("'v' must be an absolute URI (got \"/relative\")", Check(new SchemaNode { Format = StringFormat.Uri }, "\"/relative\""));
    }

    [Fact]
    public void Numeric_bounds_inclusive_and_exclusive_and_multiple_of()
    {
        var range = new SchemaNode { Minimum = 1, Maximum = 10 };
        Assert.Equal("", Check(range, "1"));
        Assert.Equal("", Check(range, "10"));
        Assert.Equal("'v' must be >= 1 (got 0)", Check(range, "0"));
        Assert.Equal("'v' must be <= 10 (got 10.5)", Check(range, "10.5"));

        var open = new SchemaNode { ExclusiveMinimum = 0, ExclusiveMaximum = 1 };
        Assert.Equal("", Check(open, "0.5"));
        Assert.Equal("'v' must be > 0 (got 0)", Check(open, "0"));
        Assert.Equal("'v' must be < 1 (got 1)", Check(open, "1"));

        var cents = new SchemaNode { MultipleOf = 0.01 };
        Assert.Equal("", Check(cents, "19.99"));
        Assert.Equal("", Check(cents, "0.3"));
        Assert.Equal("'v' must be a multiple of 0.01 (got 1.005)", Check(cents, "1.005"));
        Assert.Equal("'v' must be a multiple of 5 (got 12)", Check(new SchemaNode { MultipleOf = 5 }, "12"));
    }

    [Fact]
    public void Properties_required_and_additional_properties()
    {
        var person = Object(("name", Of(SchemaTypes.String)), ("age", Of(SchemaTypes.Integer)));
        person = new SchemaNode { Types = person.Types, Properties = person.Properties, Required = new[] { "name" }, AdditionalProperties = SchemaNode.Nothing };
        Assert.Equal("", Check(person, "{\"name\":\"Ann\",\"age\":3}"));
        Assert.Equal(
            "'v.name' is required\n'v.age' must be an integer (got a string)\n'v.nick' is not a property of 'v'",
            Check(person, "{\"age\":\"3\",\"nick\":\"A\"}"));

        var counts = new SchemaNode { AdditionalProperties = Of(SchemaTypes.Integer) };
        Assert.Equal("", Check(counts, "{\"a\":1,\"b\":2}"));
        Assert.Equal("'v.b' must be an integer (got a string)", Check(counts, "{\"a\":1,\"b\":\"2\"}"));
    }

    [Fact]
    public void Top_level_arguments_are_named_bare_and_unknown_ones_list_the_parameters()
    {
        var schema = new SchemaNode
        {
            Types = SchemaTypes.Object,
            Properties = new[] { new SchemaProperty("q", Of(SchemaTypes.String)), new SchemaProperty("limit", Of(SchemaTypes.Integer)) },
            Required = new[] { "q" },
            AdditionalProperties = SchemaNode.Nothing,
            MaxProperties = 1,
        };
        var errors = new ArgumentErrors();
        var arguments = new System.Collections.Generic.Dictionary<string, JsonElement> { ["limit"] = Json("\"5\""), ["page"] = Json("2") };

        Assert.False(SchemaValidator.ValidateArguments(arguments, schema, errors));

        Assert.Equal(new[]
        {
            "'q' is required",
            "'limit' must be an integer (got a string)",
            "'page' is not a parameter of this tool (expected one of: q, limit)",
            "'arguments' must have at most 1 property (got 2)",
        }, errors.Messages);
        Assert.True(SchemaValidator.ValidateArguments(null, new SchemaNode { Types = SchemaTypes.Object }, new ArgumentErrors()));
    }

    [Fact]
    public void Pattern_properties_and_property_names()
    {
        var labels = new SchemaNode
        {
            PatternProperties = new[] { new SchemaProperty("^x-", Of(SchemaTypes.String)) },
            AdditionalProperties = SchemaNode.Nothing,
        };
        Assert.Equal("", Check(labels, "{\"x-team\":\"core\"}"));
        Assert.Equal("'v.x-team' must be a string (got a number)\n'v.team' is not a property of 'v'", Check(labels, "{\"x-team\":1,\"team\":\"a\"}"));

        var names = new SchemaNode { PropertyNames = new SchemaNode { Pattern = "^[a-z]+$", MaxLength = 5 } };
        Assert.Equal("", Check(names, "{\"abc\":1}"));
        Assert.Equal(
            "'v.Abcdef' is not an allowed property name: 'v.Abcdef' must be at most 5 characters long (got 6); 'v.Abcdef' must match the pattern ^[a-z]+$ (got \"Abcdef\")",
            Check(names, "{\"Abcdef\":1}"));
    }

    [Fact]
    public void Min_and_max_properties_dependent_required_and_dependent_schemas()
    {
        var size = new SchemaNode { MinProperties = 1, MaxProperties = 2 };
        Assert.Equal("'v' must have at least 1 property (got 0)", Check(size, "{}"));
        Assert.Equal("'v' must have at most 2 properties (got 3)", Check(size, "{\"a\":1,\"b\":2,\"c\":3}"));

        var card = new SchemaNode { DependentRequired = new[] { new SchemaDependency("card", new[] { "expiry", "cvc" }) } };
        Assert.Equal("", Check(card, "{\"name\":\"x\"}"));
        Assert.Equal("", Check(card, "{\"card\":\"4111\",\"expiry\":\"12/30\",\"cvc\":\"123\"}"));
        Assert.Equal("'v.cvc' is required when 'v.card' is given", Check(card, "{\"card\":\"4111\",\"expiry\":\"12/30\"}"));

        var dependent = new SchemaNode { DependentSchemas = new[] { new SchemaProperty("card", new SchemaNode { Required = new[] { "zip" } }) } };
        Assert.Equal("'v.zip' is required", Check(dependent, "{\"card\":1}"));
        Assert.Equal("", Check(dependent, "{\"cash\":1}"));
    }

    [Fact]
    public void Items_prefix_items_counts_and_unique_items()
    {
        var list = new SchemaNode { Types = SchemaTypes.Array, Items = Of(SchemaTypes.String), MinItems = 1, MaxItems = 2 };
        Assert.Equal("", Check(list, "[\"a\"]"));
        Assert.Equal("'v' must contain at least 1 item (got 0)", Check(list, "[]"));
        Assert.Equal("'v' must contain at most 2 items (got 3)\n'v[1]' must be a string (got a number)", Check(list, "[\"a\",2,\"c\"]"));

        var pair = new SchemaNode { PrefixItems = new[] { Of(SchemaTypes.String), Of(SchemaTypes.Integer) }, Items = SchemaNode.Nothing };
        Assert.Equal("", Check(pair, "[\"a\",1]"));
        Assert.Equal("'v[1]' must be an integer (got a string)\n'v[2]' is not allowed here", Check(pair, "[\"a\",\"b\",true]"));

        var unique = new SchemaNode { UniqueItems = true };
        Assert.Equal("", Check(unique, "[1,\"1\",{\"a\":1},{\"a\":2}]"));
        Assert.Equal("'v' must not contain duplicate items ([0] and [2] are equal)", Check(unique, "[{\"a\":1},2,{\"a\":1.0}]"));
    }

    [Fact]
    public void Contains_with_min_and_max_contains()
    {
        var hasAdmin = new SchemaNode { Contains = new SchemaNode { Const = Json("\"admin\"") } };
        Assert.Equal("", Check(hasAdmin, "[\"user\",\"admin\"]"));
        Assert.Equal("'v' must contain an item that matches 'contains' (none does)", Check(hasAdmin, "[\"user\"]"));

        var twoToThree = new SchemaNode { Contains = Of(SchemaTypes.Integer), MinContains = 2, MaxContains = 3 };
        Assert.Equal("", Check(twoToThree, "[1,\"a\",2]"));
        Assert.Equal("'v' must contain at least 2 items that match 'contains' (got 1)", Check(twoToThree, "[1,\"a\"]"));
        Assert.Equal("'v' must contain at most 3 items that match 'contains' (got 4)", Check(twoToThree, "[1,2,3,4]"));
    }

    [Fact]
    public void AllOf_anyOf_oneOf_and_not()
    {
        var both = new SchemaNode { AllOf = new[] { new SchemaNode { Minimum = 1 }, new SchemaNode { Maximum = 5 } } };
        Assert.Equal("", Check(both, "3"));
        Assert.Equal("'v' must be <= 5 (got 7)", Check(both, "7"));

        var any = new SchemaNode { AnyOf = new[] { Of(SchemaTypes.String), new SchemaNode { Types = SchemaTypes.Integer, Minimum = 0 } } };
        Assert.Equal("", Check(any, "\"a\""));
        Assert.Equal("", Check(any, "4"));
        Assert.Equal("'v' must match at least one of the anyOf alternatives: #1: 'v' must be a string (got a number); #2: 'v' must be >= 0 (got -1)", Check(any, "-1"));

        var one = new SchemaNode { OneOf = new[] { new SchemaNode { MultipleOf = 3 }, new SchemaNode { MultipleOf = 5 } } };
        Assert.Equal("", Check(one, "9"));
        Assert.Equal("'v' must match exactly one of the oneOf alternatives, and matches #1 and #2", Check(one, "15"));
        Assert.Equal("'v' must match exactly one of the oneOf alternatives, and matches none: #1: 'v' must be a multiple of 3 (got 7); #2: 'v' must be a multiple of 5 (got 7)", Check(one, "7"));

        var not = new SchemaNode { Not = Of(SchemaTypes.Null) };
        Assert.Equal("", Check(not, "0"));
        Assert.Equal("'v' must not match the schema under 'not'", Check(not, "null"));
    }

    [Fact]
    public void If_then_else()
    {
        var schema = new SchemaNode
        {
            If = new SchemaNode { Properties = new[] { new SchemaProperty("country", new SchemaNode { Const = Json("\"US\"") }) }, Required = new[] { "country" } },
            Then = new SchemaNode { Required = new[] { "zip" } },
            Else = new SchemaNode { Required = new[] { "postcode" } },
        };
        Assert.Equal("", Check(schema, "{\"country\":\"US\",\"zip\":\"10001\"}"));
        Assert.Equal("'v.zip' is required", Check(schema, "{\"country\":\"US\"}"));
        Assert.Equal("'v.postcode' is required", Check(schema, "{\"country\":\"DE\"}"));
    }

    private static class Tree
    {
        // A node whose children are nodes: the reference reaches a slot that is set by the time it is resolved.
        private static readonly SchemaNode[] Targets = new SchemaNode[1];

        public static readonly SchemaNode Node = new()
        {
            Types = SchemaTypes.Object,
            Properties = new[]
            {
                new SchemaProperty("value", Of(SchemaTypes.Integer)),
                new SchemaProperty("children", new SchemaNode { Types = SchemaTypes.Array, Items = new SchemaNode { Ref = new SchemaRef("#", Targets, 0) } }),
            },
            Required = new[] { "value" },
        };

        static Tree() => Targets[0] = Node;
    }

    [Fact]
    public void Ref_recursive_schema_checks_every_level()
    {
        Assert.Equal("", Check(Tree.Node, "{\"value\":1,\"children\":[{\"value\":2,\"children\":[{\"value\":3}]}]}"));
        Assert.Equal(
            "'v.children[0].children[0].value' must be an integer (got a string)\n'v.children[1].value' is required",
            Check(Tree.Node, "{\"value\":1,\"children\":[{\"value\":2,\"children\":[{\"value\":\"3\"}]},{}]}"));
    }

    [Fact]
    public void Ref_applies_beside_sibling_keywords()
    {
        var positive = new SchemaNode { Types = SchemaTypes.Integer, Minimum = 1 };
        var small = new SchemaNode { Ref = new SchemaRef("#/$defs/positive", new[] { positive }, 0), Maximum = 9 };
        Assert.Equal("", Check(small, "5"));
        Assert.Equal("'v' must be >= 1 (got 0)", Check(small, "0"));
        Assert.Equal("'v' must be <= 9 (got 10)", Check(small, "10"));
    }

    [Fact]
    public void Output_paths_start_at_result()
    {
        using var document = JsonDocument.Parse("{\"total\":-1}");
        var errors = new ArgumentErrors();
        SchemaValidator.Validate(document.RootElement, Object(("total", new SchemaNode { Minimum = 0 })), "result", errors);
        Assert.Equal(new[] { "'result.total' must be >= 0 (got -1)" }, errors.Messages);
    }
}
