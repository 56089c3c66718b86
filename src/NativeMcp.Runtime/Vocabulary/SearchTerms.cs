using System.Collections.Generic;
using System.Text;

namespace NativeMcp.Runtime.Vocabulary;

// Shared by the runtime and the generator (linked into it as source): keep it netstandard2.0-clean.

/// <summary>
/// The one rule that turns text into search terms, for the operation index the generator compiles (dynamic mode)
/// and for the queries the server answers: the two must agree term for term. Words are split at anything that is
/// not a letter or digit and at camelCase humps, lower-cased, stop words dropped, and plurals folded to the
/// singular ("repositories" -> "repository", "pulls" -> "pull"), so "list pull requests" finds <c>pulls/list</c>.
/// </summary>
public static class SearchTerms
{
    private static readonly HashSet<string> StopWords = new(System.StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on",
        "or", "that", "the", "this", "to", "with", "you", "your", "can", "will", "if", "all", "any", "me", "my",
        "i", "am", "do", "does", "how", "what", "which", "who", "want", "please",
        "https", "http", "www", "com", "docs", "html",
    };

    /// <summary>The terms of <paramref name="text"/>, in order, repeats kept (they count as term frequency).</summary>
    public static List<string> Of(string? text)
    {
        var terms = new List<string>();
        if (text is null) return terms;
        var word = new StringBuilder();
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var hump = word.Length > 0 && char.IsUpper(c) && i > 0 && char.IsLower(text[i - 1]);
            if (!char.IsLetterOrDigit(c) || hump)
            {
                Add(terms, word);
                if (!char.IsLetterOrDigit(c)) continue;
            }
            word.Append(char.ToLowerInvariant(c));
        }
        return terms;
    }

    private static void Add(List<string> terms, StringBuilder word)
    {
        if (word.Length == 0) return;
        var text = word.ToString();
        word.Clear();
        if (StopWords.Contains(text)) return;
        terms.Add(Singular(text));
    }

    /// <summary>English plurals folded to the singular, conservatively: short words and "ss"/"us"/"is" endings stay.</summary>
    public static string Singular(string word)
    {
        if (word.Length <= 3) return word;
        if (word.EndsWith("ies", System.StringComparison.Ordinal) && word.Length > 4) return word.Substring(0, word.Length - 3) + "y";
        if (word.EndsWith("aches", System.StringComparison.Ordinal)) return word.Substring(0, word.Length - 1);
        if ((word.EndsWith("uses", System.StringComparison.Ordinal) && word.Length > 5) || word.EndsWith("sses", System.StringComparison.Ordinal) || word.EndsWith("shes", System.StringComparison.Ordinal)
            || word.EndsWith("ches", System.StringComparison.Ordinal) || word.EndsWith("xes", System.StringComparison.Ordinal))
        {
            return word.Substring(0, word.Length - 2);
        }
        if (word.EndsWith("s", System.StringComparison.Ordinal) && !word.EndsWith("ss", System.StringComparison.Ordinal)
            && !word.EndsWith("us", System.StringComparison.Ordinal) && !word.EndsWith("is", System.StringComparison.Ordinal))
        {
            return word.Substring(0, word.Length - 1);
        }
        return word;
    }
}
