using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// The MCP client transport to a stdio child, built for few thread wake-ups per call: the child's stdout is read
/// by one thread of its own with blocking reads, each message handed to the SDK's session through a channel that
/// runs its reader inline, so a forwarded call's answer reaches the call on this thread (McpUpstream.Calls.cs). The SDK's
/// stream transport took an epoll wake-up and three thread-pool hops per answer: on two busy cores each wake-up
/// costs hundreds of microseconds (bench/results.md, per-call overhead by thread). Requests are written with one
/// write under a lock, on the caller's thread. The gateway's own calls skip the SDK's message objects both ways: it
/// writes their requests as bytes (<see cref="SendLine"/>) and claims their answers as bytes (<see cref="ClaimLine"/>).
/// </summary>
internal sealed class StdioChildTransport : IClientTransport, ITransport
{
    private static readonly JsonTypeInfo<JsonRpcMessage> MessageInfo = (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));
    private const int MaxLineBytes = 64 * 1024 * 1024;

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly object _writeGate = new();
    private readonly Channel<JsonRpcMessage> _messages = Channel.CreateUnbounded<JsonRpcMessage>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = true,
        AllowSynchronousContinuations = true,
    });
    private int _started;
    private volatile bool _closed;

    public StdioChildTransport(string name, Stream input, Stream output)
    {
        Name = name;
        _input = input;
        _output = output;
    }

    public string Name { get; }

    public string? SessionId => null;

    public ChannelReader<JsonRpcMessage> MessageReader => _messages.Reader;

    /// <summary>
    /// Shown each line the child writes, on the reading thread, before it is parsed into a message: a line it claims
    /// (true) goes no further. Set before <see cref="ConnectAsync"/>.
    /// </summary>
    public Func<ReadOnlySpan<byte>, bool>? ClaimLine { get; set; }

    public Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            new Thread(ReadLoop) { IsBackground = true, Name = "nativemcp-stdout-" + Name }.Start();
        }
        return Task.FromResult<ITransport>(this);
    }

    public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, message, MessageInfo);
        }
        buffer.Write("\n"u8);
        SendLine(buffer.WrittenSpan);
        return Task.CompletedTask;
    }

    /// <summary>Writes one whole message, <paramref name="line"/> ending in its newline.</summary>
    public void SendLine(ReadOnlySpan<byte> line)
    {
        if (_closed) throw new IOException("The connection to MCP upstream '" + Name + "' is closed.");
        // A pipe write of a few hundred bytes does not block unless the child stops reading; the lock keeps
        // concurrent messages whole.
        lock (_writeGate)
        {
            _input.Write(line);
            _input.Flush();
        }
    }

    private void ReadLoop()
    {
        var buffer = new byte[16 * 1024];
        var line = new ArrayBufferWriter<byte>(16 * 1024);
        Exception? failure = null;
        try
        {
            int read;
            while ((read = _output.Read(buffer, 0, buffer.Length)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                int newline;
                while ((newline = chunk.IndexOf((byte)'\n')) >= 0)
                {
                    if (line.WrittenCount == 0)
                    {
                        Deliver(chunk[..newline]);
                    }
                    else
                    {
                        line.Write(chunk[..newline]);
                        Deliver(line.WrittenSpan);
                        line.ResetWrittenCount();
                    }
                    chunk = chunk[(newline + 1)..];
                }
                if (line.WrittenCount + chunk.Length > MaxLineBytes) throw new InvalidDataException("MCP upstream '" + Name + "' wrote a line of over " + MaxLineBytes + " bytes");
                line.Write(chunk);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidDataException)
        {
            failure = ex;
        }
        finally
        {
            _closed = true;
            // The end of stdout ends the session: calls waiting on it fail, and the gateway sees the child's exit.
            _messages.Writer.TryComplete(failure);
        }
    }

    private void Deliver(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        if (line.IsEmpty || ClaimLine?.Invoke(line) == true) return;
        JsonRpcMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(line, MessageInfo);
        }
        catch (JsonException)
        {
            // Not a protocol message (a server that logs to stdout): skipped, as the SDK's own transport does.
            return;
        }
        if (message is not null) _messages.Writer.TryWrite(message);
    }

    public ValueTask DisposeAsync()
    {
        _closed = true;
        _messages.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
