using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NativeMcp.Runtime.Serving;
using Xunit;

namespace NativeMcp.Tests.Hosting;

/// <summary>The call log written as raw UTF-8 lines to a stream (stderr, --log-file): whole lines, out within the flush delay.</summary>
public sealed class CallLogTests
{
    [Fact]
    public void FileLinesAreOnDiskWhileTheLogIsOpenAndRedacted()
    {
        var path = Path.Combine(Path.GetTempPath(), "calllog-" + Guid.NewGuid().ToString("N") + ".log");
        try
        {
            using (var log = CallLog.ToFile(path, includeContent: true, new[] { "lt_live_secret" }))
            {
                log.Write("get_booking", "k1", "ok", TimeSpan.FromMilliseconds(1.234), 12, 34, "{\"key\":\"lt_live_secret\"}", "caf\u00e9 \"quoted\"");
                // Not disposed yet: the line reaches the file within the flush delay.
                var lines = WaitForLines(path, 1);
                Assert.Single(lines);
                using var entry = JsonDocument.Parse(lines[0]);
                var root = entry.RootElement;
                Assert.Equal("tool_call", root.GetProperty("event").GetString());
                Assert.Equal("get_booking", root.GetProperty("tool").GetString());
                Assert.Equal(1.23, root.GetProperty("durationMs").GetDouble());
                Assert.Equal(34, root.GetProperty("outputBytes").GetInt32());
                Assert.DoesNotContain("lt_live_secret", lines[0]);
                Assert.Equal("caf\u00e9 \"quoted\"", root.GetProperty("result").GetString());
                log.Write("get_booking", "k1", "error", TimeSpan.Zero, 1, 2, null, null);
            }
            Assert.Equal(2, ReadLines(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Lines_written_together_share_a_write_and_all_are_out_at_dispose()
    {
        var stream = new CountingStream();
        var log = CallLog.ToStream(stream, includeContent: false, Array.Empty<string>());
        for (var i = 0; i < 20; i++) log.Write("tool_" + i, "k", "ok", TimeSpan.FromMilliseconds(i), i, i, null, null);
        for (var i = 0; i < 200 && stream.Lines() < 20; i++) Thread.Sleep(10);
        Assert.Equal(20, stream.Lines());
        // A write per line would be 20; they were written microseconds apart, well within the delay.
        Assert.True(stream.Writes < 20, stream.Writes + " writes for 20 lines");

        log.Write("last", "k", "ok", TimeSpan.Zero, 0, 0, null, null);
        log.Dispose();
        Assert.Equal(21, stream.Lines());
        Assert.EndsWith("\"tool\":\"last\",\"key\":\"k\",\"status\":\"ok\",\"durationMs\":0,\"inputBytes\":0,\"outputBytes\":0}\n", stream.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void ConcurrentCallsNeverInterleaveWithinALine()
    {
        var path = Path.Combine(Path.GetTempPath(), "calllog-" + Guid.NewGuid().ToString("N") + ".log");
        try
        {
            using (var log = CallLog.ToFile(path, includeContent: true, Array.Empty<string>()))
            {
                Parallel.For(0, 400, i => log.Write("tool_" + i, "k", i % 2 == 0 ? "ok" : "error", TimeSpan.FromMilliseconds(i), i, i, new string('a', i), null));
                Assert.Equal(400, log.Count);
            }
            var lines = ReadLines(path);
            Assert.Equal(400, lines.Length);
            foreach (var line in lines)
            {
                using var entry = JsonDocument.Parse(line);
                var tool = entry.RootElement.GetProperty("tool").GetString()!;
                Assert.Equal(int.Parse(tool["tool_".Length..]), entry.RootElement.GetProperty("arguments").GetString()!.Length);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FailuresOnlyKeepsCallsThatDidNotSucceed()
    {
        var path = Path.Combine(Path.GetTempPath(), "calllog-" + Guid.NewGuid().ToString("N") + ".log");
        try
        {
            using (var log = CallLog.ToFile(path, includeContent: false, Array.Empty<string>(), failuresOnly: true))
            {
                log.Write("a", "k", "ok", TimeSpan.Zero, 0, 0, null, null);
                log.Write("b", "k", "upstream_error", TimeSpan.Zero, 0, 0, "x", "y");
            }
            var line = Assert.Single(ReadLines(path));
            using var entry = JsonDocument.Parse(line);
            Assert.Equal("b", entry.RootElement.GetProperty("tool").GetString());
            Assert.False(entry.RootElement.TryGetProperty("arguments", out _));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string[] ReadLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string[] WaitForLines(string path, int count)
    {
        for (var i = 0; i < 200 && ReadLines(path).Length < count; i++) Thread.Sleep(10);
        return ReadLines(path);
    }

    /// <summary>A stream that keeps what it is given and counts the writes.</summary>
    private sealed class CountingStream : Stream
    {
        private readonly MemoryStream _bytes = new();
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_bytes)
            {
                _writes++;
                _bytes.Write(buffer);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public string Text()
        {
            lock (_bytes) return System.Text.Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
        }

        public int Lines() => Text().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
