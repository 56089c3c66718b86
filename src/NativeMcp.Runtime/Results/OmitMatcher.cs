using System;
using System.Collections.Generic;

namespace NativeMcp.Runtime.Results;

/// <summary>
/// Matches the spec's <c>omit</c> patterns while the shaper walks the answer, one property or item at a time: a
/// small NFA over (pattern, position) states, so a <c>**</c> costs no backtracking and the walk stays one pass.
/// </summary>
internal sealed class OmitMatcher
{
    private const string AnyOne = "*";
    private const string AnyDepth = "**";

    private readonly string[][] _patterns;
    private readonly (int Pattern, int Position)[] _states;

    private OmitMatcher(string[][] patterns, (int, int)[] states)
    {
        _patterns = patterns;
        _states = states;
    }

    /// <summary>The matcher at the root of the answer.</summary>
    public static OmitMatcher Root(string[][] patterns)
    {
        var states = new (int, int)[patterns.Length];
        for (var i = 0; i < patterns.Length; i++) states[i] = (i, 0);
        return new OmitMatcher(patterns, states);
    }

    /// <summary>
    /// Steps into the child named <paramref name="segment"/> (a property name, or an item's index): null when the
    /// child is to be left out, else the matcher for below it (with no states left, nothing below can match).
    /// </summary>
    public OmitMatcher? Child(string segment)
    {
        var next = new List<(int, int)>();
        foreach (var (pattern, position) in Closure(_states))
        {
            var path = _patterns[pattern];
            if (position >= path.Length) continue;
            var expected = path[position];
            if (expected == AnyDepth) Add(next, (pattern, position));
            else if (expected == AnyOne || string.Equals(expected, segment, StringComparison.Ordinal)) Add(next, (pattern, position + 1));
        }

        var states = Closure(next);
        foreach (var (pattern, position) in states)
        {
            if (position == _patterns[pattern].Length) return null;
        }
        return new OmitMatcher(_patterns, states.ToArray());
    }

    public bool IsEmpty => _states.Length == 0;

    /// <summary>A <c>**</c> also matches zero levels: add the state just past it.</summary>
    private List<(int, int)> Closure(IEnumerable<(int Pattern, int Position)> states)
    {
        var result = new List<(int, int)>();
        foreach (var state in states)
        {
            var current = state;
            Add(result, current);
            while (current.Position < _patterns[current.Pattern].Length && _patterns[current.Pattern][current.Position] == AnyDepth)
            {
                current = (current.Pattern, current.Position + 1);
                Add(result, current);
            }
        }
        return result;
    }

    private static void Add(List<(int, int)> states, (int, int) state)
    {
        if (!states.Contains(state)) states.Add(state);
    }
}
