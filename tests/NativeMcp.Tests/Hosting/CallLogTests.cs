using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Runtime.Serving;
using Xunit;

namespace NativeMcp.Tests.Hosting;

/// <summary>The call log written as raw UTF-8 lines to a stream (stderr, --log-file): whole lines, each on disk when written.</summary>
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
                // Not disposed yet: the line must already be in the file (no buffer waiting for a flush).
                var lines = ReadLines(path);
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
}
