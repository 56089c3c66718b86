using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace NativeMcp.Tests.Infrastructure;

/// <summary>
/// A unified line diff (as `diff -u` prints it, 3 lines of context), so that a failing snapshot shows the few
/// lines that changed instead of two walls of text.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    /// <summary>Past this many cells the middle is shown as removed-then-added instead of aligned.</summary>
    private const long MaxTableCells = 4_000_000;

    /// <returns>The diff, or an empty string when the texts are equal.</returns>
    public static string Create(string expected, string actual, string expectedName, string actualName)
    {
        if (expected == actual) return "";
        var a = Lines(expected);
        var b = Lines(actual);
        var edits = Edits(a, b);

        var text = new StringBuilder().Append("--- ").Append(expectedName).Append('\n').Append("+++ ").Append(actualName).Append('\n');
        var changed = edits.Select((e, i) => (e, i)).Where(x => x.e.Kind != ' ').Select(x => x.i).ToList();
        var hunkStart = 0;
        while (hunkStart < changed.Count)
        {
            // Group changes whose context windows touch into one hunk.
            var hunkEnd = hunkStart;
            while (hunkEnd + 1 < changed.Count && changed[hunkEnd + 1] - changed[hunkEnd] <= 2 * Context) hunkEnd++;
            var from = Math.Max(0, changed[hunkStart] - Context);
            var to = Math.Min(edits.Count - 1, changed[hunkEnd] + Context);
            var hunk = edits.GetRange(from, to - from + 1);
            int oldStart = edits[from].OldLine, newStart = edits[from].NewLine;
            int oldCount = hunk.Count(e => e.Kind != '+'), newCount = hunk.Count(e => e.Kind != '-');
            text.Append("@@ -").Append(oldStart + 1).Append(',').Append(oldCount)
                .Append(" +").Append(newStart + 1).Append(',').Append(newCount).Append(" @@\n");
            foreach (var edit in hunk) text.Append(edit.Kind).Append(edit.Text).Append('\n');
            hunkStart = hunkEnd + 1;
        }
        return text.ToString();
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    /// <summary>One edit per line: ' ' kept, '-' only in the expected text, '+' only in the actual one.</summary>
    private readonly record struct Edit(char Kind, string Text, int OldLine, int NewLine);

    private static List<Edit> Edits(string[] a, string[] b)
    {
        // The common prefix and suffix need no table; what is left between them is usually a few lines.
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix]) suffix++;

        var edits = new List<Edit>();
        for (var i = 0; i < prefix; i++) edits.Add(new(' ', a[i], i, i));
        int n = a.Length - prefix - suffix, m = b.Length - prefix - suffix;
        if ((long)n * m <= MaxTableCells)
        {
            // Longest common subsequence of the middle, then walked from the start.
            var lcs = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
                }
            }
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[prefix + x] == b[prefix + y]) { edits.Add(new(' ', a[prefix + x], prefix + x, prefix + y)); x++; y++; }
                // Removals before additions, as diff -u prints a changed line.
                else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1])) { edits.Add(new('-', a[prefix + x], prefix + x, prefix + y)); x++; }
                else { edits.Add(new('+', b[prefix + y], prefix + x, prefix + y)); y++; }
            }
        }
        else
        {
            for (var i = 0; i < n; i++) edits.Add(new('-', a[prefix + i], prefix + i, prefix));
            for (var j = 0; j < m; j++) edits.Add(new('+', b[prefix + j], prefix + n, prefix + j));
        }
        for (var i = 0; i < suffix; i++) edits.Add(new(' ', a[a.Length - suffix + i], a.Length - suffix + i, b.Length - suffix + i));
        return edits;
    }
}
