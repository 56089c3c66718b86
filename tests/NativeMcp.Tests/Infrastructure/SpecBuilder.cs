using System;
using System.Collections.Generic;
using System.Linq;

namespace NativeMcp.Tests.Infrastructure;

/// <summary>
/// A valid minimal spec as text, and small edits of it, so that each diagnostic test states only what it
/// changes. Immutable: every edit returns a new builder. An edit whose anchor is missing or ambiguous
/// throws, so a test can never silently run on the unchanged spec.
/// </summary>
/// <remarks>
/// Line numbers in tests refer to this layout of <see cref="Minimal"/>:
/// <code>
///  1 nativemcp: 1
///  2 server: { name: demo, version: 1.0.0, binary: demo-mcp }
///  3 env:
///  4   DEMO_KEY: { required: true, secret: true }
///  5 upstream:
///  6   baseUrl: https://api.example.com
///  7   auth: { type: bearer, token: "${DEMO_KEY}" }
///  8 tools:
///  9   - name: get_thing
/// 10     input:
/// 11       thingId: { type: string, required: true }
/// 12     http: { method: GET, path: "/things/{thingId}" }
/// </code>
/// </remarks>
internal sealed class SpecBuilder
{
    /// <summary>Line 11 of <see cref="Minimal"/>: the one input of the one tool.</summary>
    public const string ThingIdInput = "thingId: { type: string, required: true }";

    /// <summary>Line 12 of <see cref="Minimal"/>: the tool's http mapping.</summary>
    public const string ThingHttp = "http: { method: GET, path: \"/things/{thingId}\" }";

    private const string HeaderText = """
        nativemcp: 1
        server: { name: demo, version: 1.0.0, binary: demo-mcp }
        """;

    private const string MinimalText = HeaderText + "\n" + """
        env:
          DEMO_KEY: { required: true, secret: true }
        upstream:
          baseUrl: https://api.example.com
          auth: { type: bearer, token: "${DEMO_KEY}" }
        tools:
          - name: get_thing
            input:
              thingId: { type: string, required: true }
            http: { method: GET, path: "/things/{thingId}" }
        """;

    private readonly string _text;

    private SpecBuilder(string text) => _text = text;

    /// <summary>The valid 12-line spec above: one env variable, one upstream with bearer auth, one http tool.</summary>
    public static SpecBuilder Minimal() => new(MinimalText);

    /// <summary>Only lines 1-2 (format version and server); <see cref="Append"/> the sections a test needs.</summary>
    public static SpecBuilder Header() => new(HeaderText);

    /// <summary>Replaces the one occurrence of <paramref name="text"/> (which may span lines).</summary>
    public SpecBuilder Replace(string text, string with) => new(_text.Replace(Unique(text), with, StringComparison.Ordinal));

    /// <summary>Inserts lines (indentation included) after the one line that contains <paramref name="anchor"/>.</summary>
    public SpecBuilder InsertAfter(string anchor, string lines)
    {
        var all = Lines();
        var index = LineIndex(all, anchor);
        all.InsertRange(index + 1, lines.Split('\n'));
        return new(string.Join('\n', all));
    }

    /// <summary>Removes the one line that contains <paramref name="anchor"/>.</summary>
    public SpecBuilder RemoveLine(string anchor)
    {
        var all = Lines();
        all.RemoveAt(LineIndex(all, anchor));
        return new(string.Join('\n', all));
    }

    /// <summary>Replaces everything after the <c>tools:</c> line with <paramref name="tools"/>.</summary>
    public SpecBuilder WithTools(string tools)
    {
        var all = Lines();
        var index = LineIndex(all, "tools:");
        return new(string.Join('\n', all.Take(index + 1).Concat(tools.Split('\n'))));
    }

    /// <summary>Adds lines at the end (an empty string adds a final newline).</summary>
    public SpecBuilder Append(string lines) => new(_text + "\n" + lines);

    public override string ToString() => _text;

    public static implicit operator string(SpecBuilder spec) => spec._text;

    private List<string> Lines() => _text.Split('\n').ToList();

    private string Unique(string text)
    {
        var first = _text.IndexOf(text, StringComparison.Ordinal);
        if (first < 0 || _text.IndexOf(text, first + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{text}' must occur exactly once in the spec:\n{_text}", nameof(text));
        }
        return text;
    }

    private int LineIndex(List<string> lines, string anchor)
    {
        var matches = lines.Select((line, i) => (line, i)).Where(x => x.line.Contains(anchor, StringComparison.Ordinal)).ToList();
        if (matches.Count != 1) throw new ArgumentException($"'{anchor}' must be on exactly one line of the spec:\n{_text}", nameof(anchor));
        return matches[0].i;
    }
}
