using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace NativeMcp.Runtime.Serving;

/// <summary>
/// One structured JSON line per tool call: time, tool, key id (never the key), status, duration, input and
/// output sizes, and the arguments and result only when enabled, with secrets redacted. Written to stderr
/// (stdio servers keep stdout for the protocol) or to a file.
/// </summary>
/// <remarks>
/// On a stream (stderr, a file) lines are UTF-8 straight from the JSON writer's buffer: no string, no
/// <see cref="TextWriter"/>, and the stderr stream is opened at the first line, so a process start that serves no
/// call never builds <see cref="Console.Error"/> (its encoder and writers are start-up time and page faults).
/// Lines written within <see cref="FlushDelay"/> of each other go out in one write: a write per line woke the
/// reader of stderr (the MCP client) once per call, on the cores the client's next request needs, and cost a stdio
/// gateway a quarter of its per-call overhead (bench/results.md). Every line is out within the delay, and all of
/// them when the log is disposed (at exit, after the drain).
/// </remarks>
public sealed class CallLog : IDisposable
{
    private readonly TextWriter? _writer;
    private readonly Func<Stream>? _open;
    private readonly bool _ownsOutput;
    private readonly object _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private Utf8JsonWriter? _json;
    private Stream? _stream;

    /// <summary>How long a line may wait for others to share its write.</summary>
    public static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(5);

    // A waiting batch is flushed at once past this size, so a burst never holds much memory.
    private const int FlushSize = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _waiting = new(1024);
    private Thread? _flusher;
    private bool _disposed;

    /// <param name="failuresOnly">Log levels warning and error keep only calls that did not succeed.</param>
    public CallLog(TextWriter writer, bool includeContent, System.Collections.Generic.IReadOnlyList<string> secrets, bool failuresOnly = false, bool ownsWriter = false)
        : this(includeContent, secrets, failuresOnly, ownsWriter)
    {
        _writer = writer;
    }

    /// <param name="open">Opens the stream at the first line written.</param>
    private CallLog(Func<Stream> open, bool includeContent, System.Collections.Generic.IReadOnlyList<string> secrets, bool failuresOnly, bool ownsStream)
        : this(includeContent, secrets, failuresOnly, ownsStream)
    {
        _open = open;
    }

    private CallLog(bool includeContent, System.Collections.Generic.IReadOnlyList<string> secrets, bool failuresOnly, bool ownsOutput)
    {
        _ownsOutput = ownsOutput;
        IncludeContent = includeContent;
        Secrets = secrets;
        FailuresOnly = failuresOnly;
    }

    public bool FailuresOnly { get; }

    public bool IncludeContent { get; }

    public System.Collections.Generic.IReadOnlyList<string> Secrets { get; }

    /// <summary>Lines written so far (tests and the HTTP benchmark read it).</summary>
    public long Count => Interlocked.Read(ref _count);

    private long _count;

    /// <summary>Lines on the process's stderr, written as raw UTF-8.</summary>
    public static CallLog ToStandardError(bool includeContent, System.Collections.Generic.IReadOnlyList<string> secrets, bool failuresOnly = false) =>
        new(Console.OpenStandardError, includeContent, secrets, failuresOnly, ownsStream: true);

    /// <summary>Lines written to a stream the caller owns (tests count its writes).</summary>
    internal static CallLog ToStream(Stream stream, bool includeContent, System.Collections.Generic.IReadOnlyList<string> secrets) =>
        new(() => stream, includeContent, secrets, failuresOnly: false, ownsStream: false);

    /// <summary>Lines appended to a file; the file is opened (created if missing) now, so a bad path fails at start.</summary>
    public static CallLog ToFile(string path, bool includeContent, System.Collections.Generic.IReadOnlyList<string> secrets, bool failuresOnly = false)
    {
        // Unbuffered (bufferSize 1): every batch of lines reaches the file when it is written.
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
        return new CallLog(() => file, includeContent, secrets, failuresOnly, ownsStream: true) { _stream = file };
    }

    public void Write(string tool, string keyId, string status, TimeSpan duration, int inputBytes, int outputBytes, string? arguments, string? result)
    {
        if (FailuresOnly && status == "ok") return;
        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            var json = _json ??= new Utf8JsonWriter(_buffer);
            json.Reset(_buffer);
            json.WriteStartObject();
            json.WriteString("time"u8, DateTimeOffset.UtcNow);
            json.WriteString("event"u8, "tool_call"u8);
            json.WriteString("tool"u8, tool);
            json.WriteString("key"u8, keyId);
            json.WriteString("status"u8, status);
            json.WriteNumber("durationMs"u8, Math.Round(duration.TotalMilliseconds, 2));
            json.WriteNumber("inputBytes"u8, inputBytes);
            json.WriteNumber("outputBytes"u8, outputBytes);
            if (IncludeContent && arguments is not null) json.WriteString("arguments"u8, Results.Secrets.Redact(arguments, Secrets));
            if (IncludeContent && result is not null) json.WriteString("result"u8, Results.Secrets.Redact(result, Secrets));
            json.WriteEndObject();
            json.Flush();
            if (_writer is not null)
            {
                _writer.WriteLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
            }
            else
            {
                var first = _waiting.WrittenCount == 0;
                _waiting.Write(_buffer.WrittenSpan);
                _waiting.Write("\n"u8);
                // Disposed: a call that ends after the drain timeout still gets its line, at once.
                if (_waiting.WrittenCount >= FlushSize || _disposed) FlushWaiting();
                else if (first)
                {
                    if (_flusher is null) StartFlusher();
                    else Monitor.Pulse(_gate);
                }
            }
        }
        Interlocked.Increment(ref _count);
    }

    /// <summary>
    /// A thread of its own that sleeps out the delay after the first waiting line, then writes. A timer did the
    /// same through the timer thread and the thread pool, which woke three threads per write and more often than
    /// the lines came (the stdio gateway's benchmark counted 0.6 wake-ups per call); this one wakes twice per write.
    /// </summary>
    private void StartFlusher()
    {
        _flusher = new Thread(static state => ((CallLog)state!).FlushLoop()) { IsBackground = true, Name = "nativemcp-calllog" };
        _flusher.UnsafeStart(this);
    }

    private void FlushLoop()
    {
        while (true)
        {
            lock (_gate)
            {
                while (_waiting.WrittenCount == 0 && !_disposed) Monitor.Wait(_gate);
                if (_disposed) return;
            }
            Thread.Sleep(FlushDelay);
            lock (_gate)
            {
                if (_disposed) return;
                FlushWaiting();
            }
        }
    }

    private void FlushWaiting()
    {
        if (_waiting.WrittenCount == 0) return;
        try
        {
            var stream = _stream ??= _open!();
            stream.Write(_waiting.WrittenSpan);
        }
        catch (IOException)
        {
            // Whoever read stderr has gone; the calls themselves are unaffected.
        }
        catch (ObjectDisposedException)
        {
        }
        _waiting.ResetWrittenCount();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            FlushWaiting();
            _disposed = true;
            Monitor.PulseAll(_gate);
            _json?.Dispose();
            if (!_ownsOutput) return;
            _writer?.Dispose();
            _stream?.Dispose();
        }
    }
}
