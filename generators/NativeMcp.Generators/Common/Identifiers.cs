using System.Text;

namespace NativeMcp.Generators.Common;

/// <summary>
/// How spec names become C# identifiers: the one definition, used by the resolver to name members and by the
/// OpenAPI front end to keep two argument names from becoming one identifier.
/// </summary>
internal static class Identifiers
{
    /// <summary>check_availability -> CheckAvailability; linktime -> Linktime.</summary>
    public static string Pascal(string name)
    {
        var sb = new StringBuilder();
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }

    /// <summary>Every character that cannot be in an identifier becomes '_'.</summary>
    public static string Sanitize(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name) sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }
}
