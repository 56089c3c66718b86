using System;

namespace NativeMcp.Runtime.Serving;

/// <summary>
/// A tool whose tools/list entry the generator computed: servers write these bytes as they are, without building
/// the SDK's <c>Tool</c> and serializing it again (which costs milliseconds at the first tools/list).
/// </summary>
public interface IListedTool
{
    /// <summary>The tool's tools/list entry, one JSON object in UTF-8.</summary>
    ReadOnlySpan<byte> ListEntry { get; }
}
