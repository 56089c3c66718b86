using System;

namespace NativeMcp.Generators.Common;

/// <summary>JSON pointers (RFC 6901): <c>~0</c> stands for <c>~</c> and <c>~1</c> for <c>/</c> in a segment.</summary>
internal static class JsonPointer
{
    /// <summary>The unescaped segments of a pointer: none for <c>""</c>, the rest after the leading <c>/</c>.</summary>
    public static string[] Segments(string pointer) =>
        pointer.Length == 0 ? Array.Empty<string>() : Array.ConvertAll(pointer.Substring(1).Split('/'), Unescape);

    /// <summary>One name as a pointer segment.</summary>
    public static string Escape(string name) => name.IndexOf('~') < 0 && name.IndexOf('/') < 0 ? name : name.Replace("~", "~0").Replace("/", "~1");

    private static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");
}
