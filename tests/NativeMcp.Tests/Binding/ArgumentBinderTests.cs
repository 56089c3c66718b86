using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Binding;
using NativeMcp.Runtime.Vocabulary;
using Xunit;

namespace NativeMcp.Tests.Binding;

public sealed class ArgumentBinderTests
{
    private const string SlugPattern = "^[a-z0-9]+(?:-[a-z0-9]+)*$";

    // ---------------------------------------------------------------- helpers

    /// <summary>Parses a JSON object text into the argument dictionary a <c>tools/call</c> carries.</summary>
    private static IDictionary<string, JsonElement> Args(string json)
    {
        using var document = JsonDocument.Parse(json);
        var arguments = new Dictionary<string, JsonElement>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            arguments[property.Name] = property.Value.Clone();
        }
        return arguments;
    }

    /// <summary>Binds one value (given as JSON text) to <paramref name="field"/> with the Read* method its kind uses.</summary>
    private static (object? Value, ArgumentErrors Errors) Bind(InputField field, string valueJson)
    {
        var arguments = Args("{\"" + field.Name + "\": " + valueJson + "}");
        var errors = new ArgumentErrors();
        object? value = field.Kind switch
        {
            InputKind.String => ArgumentBinder.ReadString(arguments, field, errors),
            InputKind.Integer => ArgumentBinder.ReadInteger(arguments, field, errors),
            InputKind.Number => ArgumentBinder.ReadNumber(arguments, field, errors),
            InputKind.Boolean => ArgumentBinder.ReadBoolean(arguments, field, errors),
            _ => ArgumentBinder.ReadJson(arguments, field, errors),
        };
        return (value, errors);
    }

    private static IReadOnlyList<string> ErrorsOf(InputField field, string valueJson) => Bind(field, valueJson).Errors.Messages;

    private static void AssertAccepted(InputField field, string valueJson)
    {
        var (value, errors) = Bind(field, valueJson);
        Assert.Empty(errors.Messages);
        Assert.False(errors.HasErrors);
        Assert.NotNull(value);
    }

    private static void AssertRejected(InputField field, string valueJson, string expectedMessage)
    {
        var (value, errors) = Bind(field, valueJson);
        Assert.Equal(new[] { expectedMessage }, errors.Messages);
        Assert.True(errors.HasErrors);
        Assert.Null(value);
    }

    private static InputField Text(string name = "x", int? minLength = null, int? maxLength = null, string? pattern = null, string[]? allowed = null, StringFormat format = StringFormat.None) =>
        new(name, InputKind.String) { MinLength = minLength, MaxLength = maxLength, Pattern = pattern, Enum = allowed, Format = format };

    private static InputField Location() => new("location", InputKind.Object)
    {
        Properties = new[]
        {
            new InputField("kind", InputKind.String) { Required = true, Enum = new[] { "office", "remote" } },
            new InputField("room", InputKind.Integer) { Minimum = 1 },
        },
    };

    // ---------------------------------------------------------------- required / optional

    [Fact]
    public void Required_argument_missing_is_reported_as_required()
    {
        var errors = new ArgumentErrors();
        var value = ArgumentBinder.ReadString(Args("{}"), new InputField("x", InputKind.String) { Required = true }, errors);

        Assert.Null(value);
        Assert.Equal(new[] { "'x' is required" }, errors.Messages);
    }

    [Fact]
    public void Required_argument_given_as_explicit_null_counts_as_missing()
    {
        var errors = new ArgumentErrors();
        var value = ArgumentBinder.ReadInteger(Args("{\"x\": null}"), new InputField("x", InputKind.Integer) { Required = true }, errors);

        Assert.Null(value);
        Assert.Equal(new[] { "'x' is required" }, errors.Messages);
    }

    [Fact]
    public void Required_argument_is_reported_when_the_call_has_no_arguments_at_all()
    {
        var errors = new ArgumentErrors();
        var value = ArgumentBinder.ReadJson(null, new InputField("x", InputKind.Object) { Required = true }, errors);

        Assert.Null(value);
        Assert.Equal(new[] { "'x' is required" }, errors.Messages);
    }

    [Fact]
    public void Required_argument_present_is_accepted()
    {
        var errors = new ArgumentErrors();
        var value = ArgumentBinder.ReadString(Args("{\"x\": \"hello\"}"), new InputField("x", InputKind.String) { Required = true }, errors);

        Assert.Equal("hello", value);
        Assert.False(errors.HasErrors);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"x\": null}")]
    public void Optional_argument_missing_or_null_gives_null_and_no_error(string json)
    {
        var errors = new ArgumentErrors();
        var value = ArgumentBinder.ReadString(Args(json), new InputField("x", InputKind.String) { MinLength = 3 }, errors);

        Assert.Null(value);
        Assert.False(errors.HasErrors);
        Assert.Empty(errors.Messages);
    }

    // ---------------------------------------------------------------- types

    [Theory]
    [InlineData(InputKind.String, "42", "'x' must be a string (got a number)")]
    [InlineData(InputKind.String, "true", "'x' must be a string (got a boolean)")]
    [InlineData(InputKind.Integer, "\"3\"", "'x' must be an integer (got a string)")]
    [InlineData(InputKind.Integer, "[3]", "'x' must be an integer (got an array)")]
    [InlineData(InputKind.Number, "true", "'x' must be a number (got a boolean)")]
    [InlineData(InputKind.Number, "\"1.5\"", "'x' must be a number (got a string)")]
    [InlineData(InputKind.Boolean, "\"true\"", "'x' must be true or false (got a string)")]
    [InlineData(InputKind.Boolean, "1", "'x' must be true or false (got a number)")]
    [InlineData(InputKind.Array, "{}", "'x' must be an array (got an object)")]
    [InlineData(InputKind.Array, "\"a,b\"", "'x' must be an array (got a string)")]
    [InlineData(InputKind.Object, "[]", "'x' must be an object (got an array)")]
    [InlineData(InputKind.Object, "false", "'x' must be an object (got a boolean)")]
    public void Type_mismatch_is_rejected_naming_expected_and_actual_type(InputKind kind, string valueJson, string expected)
    {
        AssertRejected(new InputField("x", kind), valueJson, expected);
    }

    [Theory]
    [InlineData(InputKind.String, "\"text\"")]
    [InlineData(InputKind.Integer, "42")]
    [InlineData(InputKind.Number, "1.5")]
    [InlineData(InputKind.Boolean, "false")]
    [InlineData(InputKind.Array, "[1, \"two\"]")]
    [InlineData(InputKind.Object, "{\"a\": 1}")]
    public void Value_of_the_declared_type_is_accepted(InputKind kind, string valueJson)
    {
        AssertAccepted(new InputField("x", kind), valueJson);
    }

    [Fact]
    public void Read_methods_return_the_typed_values()
    {
        var arguments = Args("{\"s\": \"hi\", \"i\": -7, \"n\": 2.25, \"b\": true, \"a\": [1, 2]}");
        var errors = new ArgumentErrors();

        Assert.Equal("hi", ArgumentBinder.ReadString(arguments, new InputField("s", InputKind.String), errors));
        Assert.Equal((long?)-7, ArgumentBinder.ReadInteger(arguments, new InputField("i", InputKind.Integer), errors));
        Assert.Equal((double?)2.25, ArgumentBinder.ReadNumber(arguments, new InputField("n", InputKind.Number), errors));
        Assert.Equal((bool?)true, ArgumentBinder.ReadBoolean(arguments, new InputField("b", InputKind.Boolean), errors));
        var array = ArgumentBinder.ReadJson(arguments, new InputField("a", InputKind.Array), errors);
        Assert.NotNull(array);
        Assert.Equal("[1, 2]", array.Value.GetRawText());
        Assert.False(errors.HasErrors);
    }

    // ---------------------------------------------------------------- integers

    [Fact]
    public void Integer_accepts_a_whole_number()
    {
        var errors = new ArgumentErrors();
        var value = ArgumentBinder.ReadInteger(Args("{\"x\": 3}"), new InputField("x", InputKind.Integer), errors);

        Assert.Equal((long?)3, value);
        Assert.False(errors.HasErrors);
    }

    [Fact]
    public void Integer_accepts_3_point_0_as_3()
    {
        var errors = new ArgumentErrors();
        var value = ArgumentBinder.ReadInteger(Args("{\"x\": 3.0}"), new InputField("x", InputKind.Integer), errors);

        Assert.Equal((long?)3, value);
        Assert.False(errors.HasErrors);
    }

    [Fact]
    public void Integer_3_point_0_passes_validation_and_range_checks()
    {
        // Validation on its own (what nested integers inside arrays and objects go through).
        var errors = new ArgumentErrors();
        var ok = ArgumentBinder.Validate(JsonDocument.Parse("3.0").RootElement, new InputField("x", InputKind.Integer) { Maximum = 3 }, "x", errors);

        Assert.True(ok);
        Assert.False(errors.HasErrors);
    }

    [Theory]
    [InlineData("3.5", "'x' must be an integer (got 3.5)")]
    [InlineData("-0.25", "'x' must be an integer (got -0.25)")]
    [InlineData("1e30", "'x' must be an integer (got 1e30)")]
    public void Integer_rejects_a_fraction_or_an_unrepresentable_number(string valueJson, string expected)
    {
        AssertRejected(new InputField("x", InputKind.Integer), valueJson, expected);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("50")]
    [InlineData("100")]
    public void Integer_range_accepts_values_within_and_on_the_bounds(string valueJson)
    {
        AssertAccepted(new InputField("x", InputKind.Integer) { Minimum = 1, Maximum = 100 }, valueJson);
    }

    [Fact]
    public void Integer_minimum_rejects_one_below_and_names_the_limit()
    {
        AssertRejected(new InputField("x", InputKind.Integer) { Minimum = 1, Maximum = 100 }, "0", "'x' must be >= 1 (got 0)");
    }

    [Fact]
    public void Integer_maximum_rejects_one_above_and_names_the_limit()
    {
        AssertRejected(new InputField("x", InputKind.Integer) { Minimum = 1, Maximum = 100 }, "101", "'x' must be <= 100 (got 101)");
    }

    // ---------------------------------------------------------------- numbers

    [Theory]
    [InlineData("0.5")]
    [InlineData("3")]
    [InlineData("9.75")]
    public void Number_range_accepts_values_within_and_on_the_bounds(string valueJson)
    {
        AssertAccepted(new InputField("x", InputKind.Number) { Minimum = 0.5, Maximum = 9.75 }, valueJson);
    }

    [Fact]
    public void Number_minimum_rejects_a_value_below_and_names_the_limit()
    {
        AssertRejected(new InputField("x", InputKind.Number) { Minimum = 0.5, Maximum = 9.75 }, "0.25", "'x' must be >= 0.5 (got 0.25)");
    }

    [Fact]
    public void Number_maximum_rejects_a_value_above_and_names_the_limit()
    {
        AssertRejected(new InputField("x", InputKind.Number) { Minimum = 0.5, Maximum = 9.75 }, "9.8", "'x' must be <= 9.75 (got 9.8)");
    }

    [Fact]
    public void Number_returns_the_parsed_value()
    {
        var (value, errors) = Bind(new InputField("x", InputKind.Number) { Minimum = -1 }, "-0.5");

        Assert.Equal(-0.5, Assert.IsType<double>(value));
        Assert.False(errors.HasErrors);
    }

    // ---------------------------------------------------------------- string length

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"abcd\"")]
    [InlineData("\"abcde\"")]
    public void Length_limits_accept_values_within_and_on_the_bounds(string valueJson)
    {
        AssertAccepted(Text(minLength: 3, maxLength: 5), valueJson);
    }

    [Fact]
    public void MinLength_rejects_one_character_short_and_names_the_limit()
    {
        AssertRejected(Text(minLength: 3, maxLength: 5), "\"ab\"", "'x' must be at least 3 characters long (got 2)");
    }

    [Fact]
    public void MaxLength_rejects_one_character_over_and_names_the_limit()
    {
        AssertRejected(Text(minLength: 3, maxLength: 5), "\"abcdef\"", "'x' must be at most 5 characters long (got 6)");
    }

    [Fact]
    public void MinLength_rejects_the_empty_string()
    {
        AssertRejected(Text(minLength: 1), "\"\"", "'x' must be at least 1 characters long (got 0)");
    }

    // ---------------------------------------------------------------- pattern

    [Theory]
    [InlineData("\"hello\"")]
    [InlineData("\"hello-world-2025\"")]
    [InlineData("\"a\"")]
    public void Pattern_accepts_matching_values(string valueJson)
    {
        AssertAccepted(Text("slug", pattern: SlugPattern), valueJson);
    }

    [Theory]
    [InlineData("Hello World")]
    [InlineData("trailing-")]
    [InlineData("double--dash")]
    [InlineData("")]
    public void Pattern_rejects_non_matching_values_and_names_the_pattern(string text)
    {
        AssertRejected(Text("slug", pattern: SlugPattern), JsonSerializer.Serialize(text),
            "'slug' must match the pattern ^[a-z0-9]+(?:-[a-z0-9]+)*$ (got \"" + text + "\")");
    }

    [Fact]
    public void Pattern_without_anchors_matches_anywhere_as_in_json_schema()
    {
        AssertAccepted(Text(pattern: "[0-9]"), "\"room 4b\"");
        AssertRejected(Text(pattern: "[0-9]"), "\"room b\"", "'x' must match the pattern [0-9] (got \"room b\")");
    }

    // ---------------------------------------------------------------- enum

    [Theory]
    [InlineData("draft")]
    [InlineData("published")]
    [InlineData("archived")]
    public void Enum_accepts_each_allowed_value(string text)
    {
        var (value, errors) = Bind(Text("status", allowed: new[] { "draft", "published", "archived" }), JsonSerializer.Serialize(text));

        Assert.Equal(text, value);
        Assert.False(errors.HasErrors);
    }

    [Fact]
    public void Enum_rejects_another_value_listing_the_allowed_values_and_the_value_given()
    {
        AssertRejected(Text("status", allowed: new[] { "draft", "published", "archived" }), "\"deleted\"",
            "'status' must be one of: draft, published, archived (got \"deleted\")");
    }

    [Fact]
    public void Enum_is_case_sensitive()
    {
        AssertRejected(Text("status", allowed: new[] { "draft", "published" }), "\"Draft\"",
            "'status' must be one of: draft, published (got \"Draft\")");
    }

    // ---------------------------------------------------------------- formats

    [Theory]
    [InlineData("2025-03-10")]
    [InlineData("2024-02-29")]
    public void Date_format_accepts_a_real_calendar_day(string text)
    {
        AssertAccepted(Text("day", format: StringFormat.Date), JsonSerializer.Serialize(text));
    }

    [Theory]
    [InlineData("2025-13-01")]
    [InlineData("2025-02-30")]
    [InlineData("2025-02-29")]
    [InlineData("2025-3-1")]
    [InlineData("tomorrow")]
    [InlineData("2025-03-10T14:00:00Z")]
    public void Date_format_rejects_anything_but_a_real_YYYY_MM_DD(string text)
    {
        AssertRejected(Text("day", format: StringFormat.Date), JsonSerializer.Serialize(text),
            "'day' must be a date as YYYY-MM-DD (got \"" + text + "\")");
    }

    [Theory]
    [InlineData("2025-03-10T14:00:00Z")]
    [InlineData("2025-03-10T14:00:00.123+02:00")]
    [InlineData("2025-03-10T14:00:00-05:30")]
    public void DateTime_format_accepts_rfc3339_with_offset(string text)
    {
        AssertAccepted(Text("at", format: StringFormat.DateTime), JsonSerializer.Serialize(text));
    }

    [Theory]
    [InlineData("2025-03-10 14:00")]
    [InlineData("2025-03-10T14:00:00")]
    [InlineData("2025-03-10T14:00:00.123")]
    [InlineData("2025-03-10")]
    [InlineData("2025-03-10T25:00:00Z")]
    [InlineData("next tuesday at noon, UTC")]
    public void DateTime_format_rejects_values_without_offset_or_not_rfc3339(string text)
    {
        AssertRejected(Text("at", format: StringFormat.DateTime), JsonSerializer.Serialize(text),
            "'at' must be an RFC 3339 date-time such as 2025-03-10T14:00:00Z (got \"" + text + "\")");
    }

    [Theory]
    [InlineData("a@b.co")]
    [InlineData("first.last+tag@mail.example.org")]
    public void Email_format_accepts_an_address(string text)
    {
        AssertAccepted(Text("to", format: StringFormat.Email), JsonSerializer.Serialize(text));
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("ab.co")]
    [InlineData("a b@c.de")]
    [InlineData("@b.co")]
    [InlineData("a@b.co.")]
    [InlineData("a@@b.co")]
    public void Email_format_rejects_non_addresses(string text)
    {
        AssertRejected(Text("to", format: StringFormat.Email), JsonSerializer.Serialize(text),
            "'to' must be an email address (got \"" + text + "\")");
    }

    [Theory]
    [InlineData("https://example.com/x")]
    [InlineData("mailto:someone@example.com")]
    public void Uri_format_accepts_an_absolute_uri(string text)
    {
        AssertAccepted(Text("link", format: StringFormat.Uri), JsonSerializer.Serialize(text));
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("https://exa mple.com/x")]
    public void Uri_format_rejects_a_uri_without_scheme_or_with_spaces(string text)
    {
        AssertRejected(Text("link", format: StringFormat.Uri), JsonSerializer.Serialize(text),
            "'link' must be an absolute URI (got \"" + text + "\")");
    }

    [Fact]
    public void Uri_format_rejects_a_relative_path()
    {
        // On Unix, System.Uri treats "/relative" as the absolute file URI file:///relative;
        // a JSON Schema "uri" needs a scheme, so the binder must still reject it.
        AssertRejected(Text("link", format: StringFormat.Uri), "\"/relative\"", "'link' must be an absolute URI (got \"/relative\")");
    }

    // ---------------------------------------------------------------- arrays

    private static InputField Events(int? minItems = null, int? maxItems = null) => new("events", InputKind.Array)
    {
        MinItems = minItems,
        MaxItems = maxItems,
        Items = new InputField("events", InputKind.String) { Enum = new[] { "created", "updated", "deleted" } },
    };

    [Theory]
    [InlineData("[\"created\"]")]
    [InlineData("[\"created\", \"deleted\"]")]
    public void Array_item_count_accepts_counts_on_the_bounds(string valueJson)
    {
        AssertAccepted(Events(minItems: 1, maxItems: 2), valueJson);
    }

    [Fact]
    public void MinItems_of_one_rejects_an_empty_array_in_the_singular()
    {
        AssertRejected(Events(minItems: 1), "[]", "'events' must contain at least 1 item (got 0)");
    }

    [Fact]
    public void MinItems_of_two_rejects_one_item_in_the_plural()
    {
        AssertRejected(Events(minItems: 2), "[\"created\"]", "'events' must contain at least 2 items (got 1)");
    }

    [Fact]
    public void MaxItems_of_one_rejects_two_items_in_the_singular()
    {
        AssertRejected(Events(maxItems: 1), "[\"created\", \"updated\"]", "'events' must contain at most 1 item (got 2)");
    }

    [Fact]
    public void MaxItems_of_two_rejects_three_items_in_the_plural()
    {
        AssertRejected(Events(maxItems: 2), "[\"created\", \"updated\", \"deleted\"]", "'events' must contain at most 2 items (got 3)");
    }

    [Fact]
    public void Array_item_violation_is_reported_with_the_item_path()
    {
        AssertRejected(Events(), "[\"created\", \"bogus\"]", "'events[1]' must be one of: created, updated, deleted (got \"bogus\")");
    }

    [Fact]
    public void Array_item_of_the_wrong_type_is_reported_with_the_item_path()
    {
        AssertRejected(Events(), "[\"created\", \"updated\", 7]", "'events[2]' must be a string (got a number)");
    }

    [Fact]
    public void Array_reports_every_bad_item_and_the_count_violation_together()
    {
        var (value, errors) = Bind(Events(maxItems: 2), "[\"nope\", \"created\", null]");

        Assert.Null(value);
        Assert.Equal(
            new[]
            {
                "'events' must contain at most 2 items (got 3)",
                "'events[0]' must be one of: created, updated, deleted (got \"nope\")",
                "'events[2]' must be a string (got null)",
            },
            errors.Messages);
    }

    [Fact]
    public void Array_without_item_schema_accepts_any_items()
    {
        AssertAccepted(new InputField("x", InputKind.Array), "[1, \"two\", null, {\"three\": [3]}]");
    }

    [Fact]
    public void Array_is_returned_unchanged()
    {
        var (value, errors) = Bind(Events(), "[\"created\",\"deleted\"]");

        var element = Assert.IsType<JsonElement>(value);
        Assert.Equal("[\"created\",\"deleted\"]", element.GetRawText());
        Assert.False(errors.HasErrors);
    }

    // ---------------------------------------------------------------- nested objects

    [Theory]
    [InlineData("{\"kind\": \"office\", \"room\": 1}")]
    [InlineData("{\"kind\": \"remote\"}")]
    [InlineData("{\"kind\": \"remote\", \"room\": null}")]
    public void Nested_object_with_valid_properties_is_accepted(string valueJson)
    {
        AssertAccepted(Location(), valueJson);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"kind\": null}")]
    [InlineData("{\"room\": 2}")]
    public void Nested_required_property_missing_or_null_is_reported_with_its_path(string valueJson)
    {
        AssertRejected(Location(), valueJson, "'location.kind' is required");
    }

    [Fact]
    public void Nested_constraint_violation_is_reported_with_its_path()
    {
        AssertRejected(Location(), "{\"kind\": \"office\", \"room\": 0}", "'location.room' must be >= 1 (got 0)");
    }

    [Fact]
    public void Nested_type_mismatch_is_reported_with_its_path()
    {
        AssertRejected(Location(), "{\"kind\": \"office\", \"room\": \"12\"}", "'location.room' must be an integer (got a string)");
    }

    [Fact]
    public void Nested_unknown_property_is_rejected()
    {
        AssertRejected(Location(), "{\"kind\": \"office\", \"extra\": true}", "'location.extra' is not a property of 'location'");
    }

    [Fact]
    public void Nested_object_reports_all_of_its_problems()
    {
        var (value, errors) = Bind(Location(), "{\"room\": -3, \"extra\": 1}");

        Assert.Null(value);
        Assert.Equal(
            new[]
            {
                "'location.kind' is required",
                "'location.room' must be >= 1 (got -3)",
                "'location.extra' is not a property of 'location'",
            },
            errors.Messages);
    }

    [Fact]
    public void Objects_inside_arrays_are_reported_with_the_full_path()
    {
        var attendees = new InputField("attendees", InputKind.Array)
        {
            Items = new InputField("attendees", InputKind.Object)
            {
                Properties = new[] { new InputField("email", InputKind.String) { Required = true, Format = StringFormat.Email } },
            },
        };

        AssertRejected(attendees, "[{\"email\": \"a@b.co\"}, {\"email\": \"nobody\"}]", "'attendees[1].email' must be an email address (got \"nobody\")");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"anything\": [1, {\"deep\": null}], \"else\": \"goes\"}")]
    public void Object_without_declared_properties_is_free_form(string valueJson)
    {
        var (value, errors) = Bind(new InputField("meta", InputKind.Object), valueJson);

        var element = Assert.IsType<JsonElement>(value);
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        Assert.False(errors.HasErrors);
    }

    // ---------------------------------------------------------------- unknown arguments

    [Fact]
    public void RejectUnknown_names_the_unknown_argument_and_the_expected_ones()
    {
        var errors = new ArgumentErrors();
        ArgumentBinder.RejectUnknown(Args("{\"title\": \"x\", \"colour\": \"red\"}"), new[] { "title", "when" }, errors);

        Assert.Equal(new[] { "'colour' is not a parameter of this tool (expected one of: title, when)" }, errors.Messages);
    }

    [Fact]
    public void RejectUnknown_for_a_tool_without_parameters_says_it_takes_none()
    {
        var errors = new ArgumentErrors();
        ArgumentBinder.RejectUnknown(Args("{\"x\": 1}"), Array.Empty<string>(), errors);

        Assert.Equal(new[] { "'x' is not a parameter of this tool (it takes none)" }, errors.Messages);
    }

    [Fact]
    public void RejectUnknown_accepts_known_arguments_and_missing_arguments()
    {
        var errors = new ArgumentErrors();
        ArgumentBinder.RejectUnknown(Args("{\"title\": \"x\"}"), new[] { "title", "when" }, errors);
        ArgumentBinder.RejectUnknown(null, new[] { "title" }, errors);
        ArgumentBinder.RejectUnknown(Args("{}"), Array.Empty<string>(), errors);

        Assert.False(errors.HasErrors);
    }

    [Fact]
    public void RejectUnknown_reports_every_unknown_argument()
    {
        var errors = new ArgumentErrors();
        ArgumentBinder.RejectUnknown(Args("{\"a\": 1, \"title\": \"x\", \"b\": 2}"), new[] { "title" }, errors);

        Assert.Equal(
            new[]
            {
                "'a' is not a parameter of this tool (expected one of: title)",
                "'b' is not a parameter of this tool (expected one of: title)",
            },
            errors.Messages);
    }

    // ---------------------------------------------------------------- several errors, result text

    private static readonly InputField TitleField = new("title", InputKind.String) { Required = true, MaxLength = 10 };
    private static readonly InputField CountField = new("count", InputKind.Integer) { Maximum = 10 };
    private static readonly InputField DayField = new("day", InputKind.String) { Format = StringFormat.Date };

    private static ArgumentErrors BindCreateEvent(string json)
    {
        var arguments = Args(json);
        var errors = new ArgumentErrors();
        ArgumentBinder.RejectUnknown(arguments, new[] { "title", "count", "day" }, errors);
        ArgumentBinder.ReadString(arguments, TitleField, errors);
        ArgumentBinder.ReadInteger(arguments, CountField, errors);
        ArgumentBinder.ReadString(arguments, DayField, errors);
        return errors;
    }

    [Fact]
    public void Several_errors_in_one_call_are_all_reported()
    {
        var errors = BindCreateEvent("{\"count\": 11, \"day\": \"tomorrow\", \"colour\": \"red\"}");

        Assert.Equal(
            new[]
            {
                "'colour' is not a parameter of this tool (expected one of: title, count, day)",
                "'title' is required",
                "'count' must be <= 10 (got 11)",
                "'day' must be a date as YYYY-MM-DD (got \"tomorrow\")",
            },
            errors.Messages);
    }

    [Fact]
    public void Several_rules_broken_by_one_value_are_all_reported()
    {
        var field = new InputField("slug", InputKind.String) { MaxLength = 5, Pattern = SlugPattern };

        var messages = ErrorsOf(field, "\"Not A Slug\"");

        Assert.Equal(
            new[]
            {
                "'slug' must be at most 5 characters long (got 10)",
                "'slug' must match the pattern ^[a-z0-9]+(?:-[a-z0-9]+)*$ (got \"Not A Slug\")",
            },
            messages);
    }

    [Fact]
    public void Valid_call_has_no_errors()
    {
        var errors = BindCreateEvent("{\"title\": \"Standup\", \"count\": 10, \"day\": \"2025-03-10\"}");

        Assert.False(errors.HasErrors);
        Assert.Empty(errors.Messages);
    }

    [Fact]
    public void ToResult_is_an_error_listing_every_message_under_the_tool_name()
    {
        var errors = BindCreateEvent("{\"count\": 11, \"day\": \"2025-02-30\"}");

        CallToolResult result = errors.ToResult("create_event");

        Assert.True(result.IsError);
        var block = Assert.Single(result.Content);
        var text = Assert.IsType<TextContentBlock>(block);
        Assert.Equal(
            "Invalid arguments for tool 'create_event':\n" +
            "- 'title' is required\n" +
            "- 'count' must be <= 10 (got 11)\n" +
            "- 'day' must be a date as YYYY-MM-DD (got \"2025-02-30\")",
            text.Text);
    }

    // ---------------------------------------------------------------- echoing values

    [Fact]
    public void Long_value_is_echoed_clipped_to_60_characters()
    {
        var longText = string.Concat(Enumerable.Range(0, 100).Select(i => (char)('a' + i % 26)));

        var messages = ErrorsOf(Text("status", allowed: new[] { "open" }), JsonSerializer.Serialize(longText));

        Assert.Equal(new[] { "'status' must be one of: open (got \"" + longText.Substring(0, 60) + "...\")" }, messages);
    }

    [Fact]
    public void Value_of_exactly_60_characters_is_echoed_whole()
    {
        var text = new string('z', 60);

        var messages = ErrorsOf(Text("status", allowed: new[] { "open" }), JsonSerializer.Serialize(text));

        Assert.Equal(new[] { "'status' must be one of: open (got \"" + text + "\")" }, messages);
    }

    [Fact]
    public void Value_of_61_characters_is_clipped()
    {
        var text = new string('z', 61);

        var messages = ErrorsOf(Text("slug", pattern: "^a"), JsonSerializer.Serialize(text));

        Assert.Equal(new[] { "'slug' must match the pattern ^a (got \"" + new string('z', 60) + "...\")" }, messages);
    }
}
