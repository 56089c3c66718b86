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

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<string> SplitLines(string text) => text.Replace("\r\n", "\n").Split('\n');

    public static string FirstLine(string? text) => text is null ? "" : SplitLines(text).First();

    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
