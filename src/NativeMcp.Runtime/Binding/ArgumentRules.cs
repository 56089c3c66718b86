using System;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Binding;

/// <summary>
/// The checks and message texts shared by the shorthand binder (<see cref="ArgumentBinder"/>) and the raw JSON
/// Schema validator (<see cref="SchemaValidator"/>): one definition of each rule, so both say the same thing.
/// Each text is the part after the quoted field path, e.g. <c>'limit' must be &lt;= 100 (got 500)</c>.
/// </summary>
internal static class ArgumentRules
{
    private const int MaxEchoedLength = 60;

    public const string Required = "is required";

    public static string Type(string expected, JsonValueKind got) => "must be " + expected + " (got " + KindName(got) + ")";

    public static string NotInteger(JsonElement value) => "must be an integer (got " + value.GetRawText() + ")";

    public static string NotFinite(JsonElement value) => "must be a finite number (got " + value.GetRawText() + ")";

    public static string NotOneOf(string allowed, string got) => "must be one of: " + allowed + " (got " + got + ")";

    public static string TooShort(int min, int length) => "must be at least " + min + " characters long (got " + length + ")";

    public static string TooLong(int max, int length) => "must be at most " + max + " characters long (got " + length + ")";

    public static string NoMatch(string pattern, string text) => "must match the pattern " + pattern + " (got " + Echo(text) + ")";

    public static string BadFormat(StringFormat format, string text) => "must be " + Formats.Describe(format) + " (got " + Echo(text) + ")";

    public static string Below(double min, double value) => "must be >= " + Number(min) + " (got " + Number(value) + ")";

    public static string Above(double max, double value) => "must be <= " + Number(max) + " (got " + Number(value) + ")";

    public static string NotAbove(double min, double value) => "must be > " + Number(min) + " (got " + Number(value) + ")";

    public static string NotBelow(double max, double value) => "must be < " + Number(max) + " (got " + Number(value) + ")";

    public static string TooFewItems(int min, int count) => "must contain at least " + min + " item" + (min == 1 ? "" : "s") + " (got " + count + ")";

    public static string TooManyItems(int max, int count) => "must contain at most " + max + " item" + (max == 1 ? "" : "s") + " (got " + count + ")";

    public static string UnknownParameter(string[] known) => known.Length == 0
        ? "is not a parameter of this tool (it takes none)"
        : "is not a parameter of this tool (expected one of: " + string.Join(", ", known) + ")";

    public static string UnknownProperty(string parentPath) => "is not a property of '" + parentPath + "'";

    /// <summary>JSON Schema counts a string's length in Unicode code points: an emoji is one character, not two.</summary>
    public static int Length(string text)
    {
        var length = text.Length;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1])) length--;
        }
        return length;
    }

    /// <summary>3 and 3.0 are integers in JSON Schema; 3.5 and 1e30 (out of range) are not.</summary>
    public static long? AsInteger(JsonElement value)
    {
        if (value.TryGetInt64(out var integer)) return integer;
        return value.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18 ? (long)d : null;
    }

    /// <summary>Patterns are compiled on first use, so start-up pays nothing for patterns no call exercises.</summary>
    public static Regex Pattern(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(250));

    /// <summary>A pattern that takes too long on a hostile input counts as not matching.</summary>
    public static bool Matches(Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Echo(string text) =>
        "\"" + (text.Length <= MaxEchoedLength ? text : text.Substring(0, MaxEchoedLength) + "...") + "\"";
}
