using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;

namespace NativeMcp.Runtime.Binding;

/// <summary>
/// A JSON writer and its buffer, one per thread, for JSON that a call writes and uses up at once: its arguments as
/// one object to check against the schema or to count, the request line sent to an MCP upstream. Why reused: a new
/// <see cref="Utf8JsonWriter"/> asks a new <see cref="ArrayBufferWriter{T}"/> for 4 KB at its first property name,
/// so each of these cost a 4 KB array, grown and copied, per call; on a NativeAOT server, whose first-generation
/// budget is many megabytes, that is fresh memory every call: page faults, and the collector clearing it
/// (bench/results.md, the gateway's allocations per forwarded call). Rent, write, use, dispose, with no await
/// between; a second rent on the same thread before the first is disposed gets a scratch of its own.
/// </summary>
internal sealed class ScratchJson : IDisposable
{
    /// <summary>A buffer grown past this by one large call is dropped when disposed, not kept for the thread's life.</summary>
    private const int KeptCapacity = 64 * 1024;

    [ThreadStatic]
    private static ScratchJson? t_free;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    private ScratchJson()
    {
        Writer = new Utf8JsonWriter(_buffer);
    }

    public Utf8JsonWriter Writer { get; }

    /// <summary>What was written so far (the writer flushed first); valid until this scratch is disposed.</summary>
    public ReadOnlyMemory<byte> Written
    {
        get
        {
            Writer.Flush();
            return _buffer.WrittenMemory;
        }
    }

    public static ScratchJson Rent()
    {
        var scratch = t_free ?? new ScratchJson();
        t_free = null;
        return scratch;
    }

    /// <summary>Raw bytes after the JSON written so far (a line's newline).</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        Writer.Flush();
        _buffer.Write(bytes);
    }

    /// <summary>Named values as one JSON object, each value written as it came.</summary>
    public void WriteObject(IEnumerable<KeyValuePair<string, JsonElement>>? members)
    {
        Writer.WriteStartObject();
        foreach (var (name, value) in members ?? [])
        {
            Writer.WritePropertyName(name);
            value.WriteTo(Writer);
        }
        Writer.WriteEndObject();
    }

    public void Dispose()
    {
        Writer.Reset(_buffer);
        _buffer.ResetWrittenCount();
        if (_buffer.Capacity <= KeptCapacity) t_free = this;
    }
}
