using System;
using System.IO;

namespace NativeMcp.Runtime.Stdio;

/// <summary>
/// Newline-delimited messages from a stream, read synchronously on the calling thread (the first request
/// needs no thread pool). A line over the limit is skipped to its end, not kept in memory.
/// </summary>
internal sealed class LineReader
{
    private readonly Stream _stream;
    private readonly long _maxLine;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private bool _eof;

    public LineReader(Stream stream, long maxLine)
    {
        _stream = stream;
        _maxLine = maxLine;
    }

    /// <summary>
    /// The next line without its newline (valid until the next call), or false at end of input. A line over
    /// the limit comes back empty with <paramref name="skippedBytes"/> set to its length.
    /// </summary>
    /// <param name="beforeRead">Asked before each blocking read; false stops reading (the server is stopping).</param>
    public bool TryReadLine(Func<bool> beforeRead, out ReadOnlySpan<byte> line, out long skippedBytes)
    {
        skippedBytes = 0;
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                line = _buffer.AsSpan(_start, length);
                _start += length + 1;
                if (skippedBytes > 0)
                {
                    skippedBytes += length;
                    line = default;
                }
                return true;
            }
            scanned = _end - _start;

            if (skippedBytes > 0 || scanned > _maxLine)
            {
                // Too long to keep: count it and drop what is buffered.
                skippedBytes += scanned;
                _start = _end = 0;
                scanned = 0;
            }
            if (_eof || !beforeRead())
            {
                // A last line without a newline is still a message.
                if (_end > _start && skippedBytes == 0)
                {
                    line = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    return true;
                }
                line = default;
                if (skippedBytes > 0) return true;
                return false;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0 && _start == _end) _start = _end = 0;
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n <= 0) _eof = true;
        else _end += n;
    }
}
