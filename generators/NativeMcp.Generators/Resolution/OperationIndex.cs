using System;
using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Resolution;

/// <summary>
/// The search index of the dynamic mode, computed at compile time so that the server only tokenizes a query and
/// adds up scores: an inverted index from each term to the operations that have it, weighted by where the term
/// occurs (a word of the name counts more than a word deep in the description).
/// </summary>
internal static class OperationIndex
{
    // Field weights: what the model is most likely to type is what names the operation.
    private const int NameWeight = 4;
    private const int TitleWeight = 3;
    private const int ToolsetWeight = 2;
    private const int PathWeight = 2;
    private const int MethodWeight = 1;
    private const int DescriptionWeight = 1;

    /// <summary>Descriptions are long (GitHub's run to pages of Markdown); their opening says what the operation does.</summary>
    private const int DescriptionChars = 600;

    private const int MaxSummaryChars = 160;

    /// <summary>What a model calls the thing an HTTP method does, beside the method's own name.</summary>
    private static string MethodWords(string method) => method switch
    {
        "GET" => "get list read show fetch",
        "POST" => "post create add new",
        "PUT" => "put update replace set",
        "PATCH" => "patch update edit change",
        "DELETE" => "delete remove",
        _ => method.ToLowerInvariant(),
    };

    public static DynamicModel? Build(EquatableArray<ToolModel> tools)
    {
        var operations = tools.Where(t => t.Dynamic).ToList();
        if (operations.Count == 0) return null;
        // The 16-bit operation numbers of the postings: an import is far below this (GitHub's has ~1,100).
        if (operations.Count > ushort.MaxValue) operations = operations.Take(ushort.MaxValue).ToList();

        var postings = new SortedDictionary<string, List<(int Operation, int Weight)>>(StringComparer.Ordinal);
        var lengths = new int[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            var weights = new Dictionary<string, int>(StringComparer.Ordinal);
            var tool = operations[i];
            void Add(string? text, int weight)
            {
                foreach (var term in SearchTerms.Of(text)) weights[term] = (weights.TryGetValue(term, out var w) ? w : 0) + weight;
            }
            Add(tool.Name, NameWeight);
            Add(tool.Title, TitleWeight);
            Add(tool.Group, ToolsetWeight);
            if (tool.Http is { } http)
            {
                // Literal segments only: {owner} says nothing about what the operation does.
                Add(string.Join(" ", http.Path.Source.Split('/').Where(s => !s.StartsWith("{", StringComparison.Ordinal))), PathWeight);
                Add(MethodWords(http.Method), MethodWeight);
            }
            var description = tool.Description ?? "";
            Add(description.Length > DescriptionChars ? description.Substring(0, DescriptionChars) : description, DescriptionWeight);
            foreach (var pair in weights)
            {
                var weight = Math.Min(pair.Value, byte.MaxValue);
                if (!postings.TryGetValue(pair.Key, out var list)) postings[pair.Key] = list = new List<(int, int)>();
                list.Add((i, weight));
                lengths[i] += weight;
            }
        }

        var starts = new List<int>(postings.Count + 1);
        var bytes = new List<byte>();
        foreach (var list in postings.Values)
        {
            starts.Add(bytes.Count / 3);
            foreach (var (operation, weight) in list)
            {
                bytes.Add((byte)(operation & 0xFF));
                bytes.Add((byte)(operation >> 8));
                bytes.Add((byte)weight);
            }
        }
        starts.Add(bytes.Count / 3);

        return new DynamicModel
        {
            Names = EquatableArray.From(operations.Select(t => t.Name)),
            Summaries = EquatableArray.From(operations.Select(Summary)),
            Toolsets = EquatableArray.From(operations.Select(t => t.Group ?? "")),
            Terms = EquatableArray.From(postings.Keys),
            TermStarts = EquatableArray.From(starts),
            Postings = EquatableArray.From(bytes),
            Lengths = EquatableArray.From(lengths),
        };
    }

    /// <summary>The one line a search result shows: the title, else the description's first line, cut at a word.</summary>
    private static string Summary(ToolModel tool)
    {
        // One line: the catalog keeps the summaries joined by line breaks.
        var text = (tool.Title ?? (tool.Description ?? "").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "").Replace('\r', ' ').Replace('\n', ' ');
        if (text.Length <= MaxSummaryChars) return text;
        var cut = text.LastIndexOf(' ', MaxSummaryChars);
        return text.Substring(0, cut > MaxSummaryChars / 2 ? cut : MaxSummaryChars) + "...";
    }
}
