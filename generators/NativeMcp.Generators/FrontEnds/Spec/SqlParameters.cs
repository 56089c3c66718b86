using System.Collections.Generic;

namespace NativeMcp.Generators.FrontEnds.Spec;

/// <summary>
/// The <c>@name</c> parameters of a SQL statement, found as both PostgreSQL and SQLite read them: not inside
/// '...' literals, "..." identifiers, -- and /* */ comments or $tag$...$tag$ bodies; not '@@' or an operator
/// such as @&gt; (the name must start with a letter or '_').
/// </summary>
internal static class SqlParameters
{
    /// <summary>Each parameter once, in order of first use, with the offset of its first '@'.</summary>
    public static List<(string Name, int Offset)> Find(string sql)
    {
        var found = new List<(string, int)>();
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'' || c == '"')
            {
                i = SkipQuoted(sql, i, c);
            }
            else if (c == '-' && At(sql, i + 1, '-'))
            {
                while (i < sql.Length && sql[i] != '\n') i++;
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                var end = sql.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, System.StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length;
            }
            else if (c == '@' && i + 1 < sql.Length && IsNameStart(sql[i + 1]) && (i == 0 || !IsNamePart(sql[i - 1]) && sql[i - 1] != '@'))
            {
                var start = i + 1;
                var end = start;
                while (end < sql.Length && IsNamePart(sql[end])) end++;
                var name = sql.Substring(start, end - start);
                if (seen.Add(name)) found.Add((name, i));
                i = end;
            }
            else
            {
                i++;
            }
        }
        return found;
    }

    private static bool At(string sql, int i, char c) => i < sql.Length && sql[i] == c;

    /// <summary>Past the closing quote; a doubled quote inside is an escaped one.</summary>
    private static int SkipQuoted(string sql, int i, char quote)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (At(sql, i + 1, quote)) i += 2;
                else return i + 1;
            }
            else i++;
        }
        return i;
    }

    /// <summary>A PostgreSQL dollar-quote opening ($$ or $tag$) at <paramref name="i"/>; null for $1 or a lone $.</summary>
    private static string? DollarTag(string sql, int i)
    {
        var j = i + 1;
        if (j < sql.Length && char.IsDigit(sql[j])) return null;
        while (j < sql.Length && IsNamePart(sql[j])) j++;
        return j < sql.Length && sql[j] == '$' ? sql.Substring(i, j - i + 1) : null;
    }

    private static bool IsNameStart(char c) => c == '_' || c is >= 'a' and <= 'z' || c is >= 'A' and <= 'Z';

    private static bool IsNamePart(char c) => IsNameStart(c) || c is >= '0' and <= '9';
}
