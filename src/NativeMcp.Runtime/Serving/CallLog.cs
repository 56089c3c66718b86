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
public sealed class CallLog : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly object _gate = new();

    /// <param name="failuresOnly">Log levels warning and error keep only calls that did not succeed.</param>
    public CallLog(TextWriter writer, bool includeContent, System.Collections.Generic.IReadOnlyList<string> secrets, bool failuresOnly = false, bool ownsWriter = false)
    {
        _writer = writer;
        _ownsWriter = ownsWriter;
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

    public static CallLog ToFile(string path, bool includeContent, System.Collections.Generic.IReadOnlyList<string> secrets, bool failuresOnly = false) =>
        new(new StreamWriter(path, append: true, Encoding.UTF8) { AutoFlush = true }, includeContent, secrets, failuresOnly, ownsWriter: true);

    public void Write(string tool, string keyId, string status, TimeSpan duration, int inputBytes, int outputBytes, string? arguments, string? result)
    {
        if (FailuresOnly && status == "ok") return;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow);
            json.WriteString("event", "tool_call");
            json.WriteString("tool", tool);
            json.WriteString("key", keyId);
            json.WriteString("status", status);
            json.WriteNumber("durationMs", Math.Round(duration.TotalMilliseconds, 2));
            json.WriteNumber("inputBytes", inputBytes);
            json.WriteNumber("outputBytes", outputBytes);
            if (IncludeContent && arguments is not null) json.WriteString("arguments", Results.Secrets.Redact(arguments, Secrets));
            if (IncludeContent && result is not null) json.WriteString("result", Results.Secrets.Redact(result, Secrets));
            json.WriteEndObject();
        }
        var line = Encoding.UTF8.GetString(buffer.WrittenSpan);
        lock (_gate) _writer.WriteLine(line);
        Interlocked.Increment(ref _count);
    }

    public void Dispose()
    {
        if (_ownsWriter) _writer.Dispose();
    }
}
