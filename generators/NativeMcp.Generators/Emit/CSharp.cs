using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace NativeMcp.Generators.Emit;

/// <summary>How emitters write values into C# source and XML doc comments.</summary>
internal static class CSharp
{
    /// <summary>A C# regular string literal (escaped, culture-independent).</summary>
    public static string Literal(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>
    /// A UTF-8 literal of minified JSON: a raw string literal (<c>"""…"""u8</c>) when the text allows one, which needs
    /// no escaping (JSON escapes its own quotes and control characters, so it has no line break and no run of three
    /// quotes); otherwise a regular literal. Why: tools/list entries of a large API run to megabytes, and escaping
    /// every quote doubled both the generator's time on them and the source the compiler reads.
    /// </summary>
    public static string Utf8Json(string json) =>
        json.Length > 0 && json[0] != '"' && json[json.Length - 1] != '"' && json.IndexOfAny(NewLines) < 0 && json.IndexOf("\"\"\"", System.StringComparison.Ordinal) < 0
            ? "\"\"\"" + json + "\"\"\"u8"
            : Literal(json) + "u8";

    /// <summary>What C# counts as a line break, which a single-line raw literal cannot hold (JSON may carry the last three unescaped).</summary>
    private static readonly char[] NewLines = { '\r', '\n', '\u0085', '\u2028', '\u2029' };

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<string> SplitLines(string text) => text.Replace("\r\n", "\n").Split('\n');

    public static string FirstLine(string? text) => text is null ? "" : SplitLines(text).First();

    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
