using System;
using System.Collections.Generic;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Dynamic;

/// <summary>
/// The operations of a dynamic-mode import and their search index, as the generator compiled them: names, one-line
/// summaries, toolsets, and an inverted index (sorted terms, each with postings of operation and weight). The server
/// only tokenizes the query (with the generator's own rule, <see cref="SearchTerms"/>) and adds up BM25 scores.
/// </summary>
public sealed class OperationCatalog
{
    // BM25's usual constants: term-frequency saturation and length normalisation.
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>A query term also finds the terms it begins ("repo" finds "repository"), at this share of the score.</summary>
    private const double PrefixShare = 0.5;

    private const int MinPrefixLength = 3;
    private const int MaxPrefixTerms = 16;

    private readonly string[] _terms;
    private readonly int[] _termStarts;
    private readonly byte[] _postings;
    private readonly int[] _lengths;
    private readonly double _averageLength;
    private readonly Dictionary<string, int> _byName;

    /// <param name="postings">Three bytes a posting: operation (16 bits, little-endian), weight.</param>
    public OperationCatalog(string[] names, string[] summaries, string[] toolsets, string[] terms, int[] termStarts, byte[] postings, int[] lengths)
    {
        Names = names;
        Summaries = summaries;
        Toolsets = toolsets;
        _terms = terms;
        _termStarts = termStarts;
        _postings = postings;
        _lengths = lengths;
        var total = 0L;
        foreach (var length in lengths) total += length;
        _averageLength = lengths.Length == 0 ? 1 : Math.Max(1, (double)total / lengths.Length);
        _byName = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++) _byName[names[i]] = i;
    }

    /// <summary>
    /// The catalog as the generator writes it: lists joined by '\n', numbers as base64 of little-endian 32-bit
    /// integers, postings as base64 bytes. A few long literals instead of thousands of array elements keep the
    /// generated source small and quick to compile; they are decoded once, at the first search.
    /// </summary>
    public static OperationCatalog FromCompiled(string names, string summaries, string toolsets, string terms, string termStarts, string postings, string lengths) =>
        new(names.Split('\n'), summaries.Split('\n'), toolsets.Split('\n'), terms.Length == 0 ? Array.Empty<string>() : terms.Split('\n'),
            Integers(termStarts), Convert.FromBase64String(postings), Integers(lengths));

    private static int[] Integers(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        var values = new int[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * i));
        return values;
    }

    public string[] Names { get; }

    public string[] Summaries { get; }

    public string[] Toolsets { get; }

    public int IndexOf(string name) => _byName.TryGetValue(name, out var i) ? i : -1;

    /// <summary>
    /// The operations that <paramref name="include"/> allows, best first: BM25 over the query's terms (and the longer
    /// terms each begins), scaled by the share of the query's terms an operation has, so that one matching every word
    /// ranks above one that repeats a single word.
    /// </summary>
    public List<int> Search(string query, Func<int, bool> include, out int matched)
    {
        var queryTerms = new List<string>();
        foreach (var term in SearchTerms.Of(query))
        {
            if (!queryTerms.Contains(term)) queryTerms.Add(term);
        }
        var scores = new double[Names.Length];
        var hits = new int[Names.Length];
        for (var q = 0; q < queryTerms.Count; q++)
        {
            var term = queryTerms[q];
            var at = Array.BinarySearch(_terms, term, StringComparer.Ordinal);
            var seen = new bool[Names.Length];
            if (at >= 0) Score(at, 1.0, scores, hits, seen);
            if (term.Length < MinPrefixLength) continue;
            var first = at >= 0 ? at + 1 : ~at;
            for (var t = first; t < _terms.Length && t < first + MaxPrefixTerms && _terms[t].StartsWith(term, StringComparison.Ordinal); t++)
            {
                Score(t, PrefixShare, scores, hits, seen);
            }
        }

        // A query that is an operation's name finds it first.
        var exact = IndexOf(query.Trim());
        var found = new List<int>();
        for (var i = 0; i < Names.Length; i++)
        {
            if ((hits[i] > 0 || i == exact) && include(i))
            {
                scores[i] *= (0.5 + 0.5 * hits[i] / Math.Max(1, queryTerms.Count)) * (0.5 + 0.5 * Coverage(i, queryTerms));
                if (i == exact) scores[i] = double.MaxValue;
                found.Add(i);
            }
        }
        matched = found.Count;
        found.Sort((a, b) =>
        {
            var byScore = scores[b].CompareTo(scores[a]);
            return byScore != 0 ? byScore : a.CompareTo(b);
        });
        return found;
    }

    /// <summary>
    /// How much of the operation's name or summary the query says (the better of the two): "create an issue" says all of
    /// "Create an issue" and two thirds of "Create reaction for an issue", so the operation that is exactly what was
    /// asked for ranks above the longer ones that merely contain it.
    /// </summary>
    private double Coverage(int operation, List<string> queryTerms)
    {
        static double Of(List<string> terms, List<string> query)
        {
            var distinct = new HashSet<string>(terms, StringComparer.Ordinal);
            if (distinct.Count == 0) return 0;
            var said = 0;
            foreach (var term in distinct)
            {
                if (query.Contains(term)) said++;
            }
            return (double)said / distinct.Count;
        }
        return Math.Max(Of(SearchTerms.Of(Names[operation]), queryTerms), Of(SearchTerms.Of(Summaries[operation]), queryTerms));
    }

    private void Score(int term, double share, double[] scores, int[] hits, bool[] seen)
    {
        var start = _termStarts[term];
        var end = _termStarts[term + 1];
        var documents = end - start;
        var idf = Math.Log(1 + (Names.Length - documents + 0.5) / (documents + 0.5));
        for (var p = start; p < end; p++)
        {
            var operation = _postings[3 * p] | (_postings[3 * p + 1] << 8);
            double weight = _postings[3 * p + 2];
            var norm = K1 * (1 - B + B * _lengths[operation] / _averageLength);
            scores[operation] += share * idf * weight * (K1 + 1) / (weight + norm);
            // A term counts once toward the query's coverage, whether it or a longer term matched.
            if (!seen[operation])
            {
                seen[operation] = true;
                hits[operation]++;
            }
        }
    }

    /// <summary>
    /// Names close to a mistyped one, for an error's "did you mean": the nearest by edit distance, then the best
    /// search hits for its words; only those <paramref name="include"/> allows.
    /// </summary>
    public List<string> Suggest(string name, Func<int, bool> include, int count = 5)
    {
        var near = new List<(int Distance, int Index)>();
        var limit = Math.Max(2, name.Length / 4);
        for (var i = 0; i < Names.Length; i++)
        {
            if (!include(i)) continue;
            var distance = EditDistance(name, Names[i], limit);
            if (distance <= limit) near.Add((distance, i));
        }
        near.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Index.CompareTo(b.Index));
        var suggestions = new List<string>();
        foreach (var (_, i) in near)
        {
            if (suggestions.Count == count) return suggestions;
            suggestions.Add(Names[i]);
        }
        foreach (var i in Search(name, include, out _))
        {
            if (suggestions.Count == count) break;
            if (!suggestions.Contains(Names[i])) suggestions.Add(Names[i]);
        }
        return suggestions;
    }

    /// <summary>Levenshtein distance, given up (limit + 1) once every path exceeds <paramref name="limit"/>.</summary>
    private static int EditDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                best = Math.Min(best, current[j]);
            }
            if (best > limit) return limit + 1;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
