using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace NativeMcp.Runtime.Hosting;

/// <summary>
/// A generated name -> value table built at its first read. Why: an imported API's scope and toolset tables hold an
/// entry per operation (a thousand for Kubernetes), and a server that is not asked to narrow by scope or toolset
/// never reads them, so building them before <c>initialize</c> would make start-up grow with the document.
/// </summary>
public sealed class LazyTable(Func<Dictionary<string, string>> build) : IReadOnlyDictionary<string, string>
{
    private Dictionary<string, string>? _table;

    private Dictionary<string, string> Table => _table ??= build();

    public string this[string key] => Table[key];

    public IEnumerable<string> Keys => Table.Keys;

    public IEnumerable<string> Values => Table.Values;

    public int Count => Table.Count;

    public bool ContainsKey(string key) => Table.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => Table.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Table.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
