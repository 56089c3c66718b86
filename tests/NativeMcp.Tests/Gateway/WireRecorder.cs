using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace NativeMcp.Tests.Gateway;

/// <summary>
/// A client transport that records every message the client reads, in the order the server wrote them. The SDK's
/// client hands each message to its handlers on a task of its own, so what its handlers see says nothing about
/// the order on the wire; tests of that order read it here.
/// </summary>
internal sealed class WireRecorder(IClientTransport inner) : IClientTransport
{
    public ConcurrentQueue<JsonRpcMessage> Received { get; } = new();

    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Session(await inner.ConnectAsync(cancellationToken), Received);

    private sealed class Session(ITransport transport, ConcurrentQueue<JsonRpcMessage> received) : ITransport
    {
        public string? SessionId => transport.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader { get; } = new RecordingReader(transport.MessageReader, received);

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) => transport.SendMessageAsync(message, cancellationToken);

        public ValueTask DisposeAsync() => transport.DisposeAsync();
    }

    private sealed class RecordingReader(ChannelReader<JsonRpcMessage> messages, ConcurrentQueue<JsonRpcMessage> received) : ChannelReader<JsonRpcMessage>
    {
        public override Task Completion => messages.Completion;

        public override bool TryRead([MaybeNullWhen(false)] out JsonRpcMessage item)
        {
            if (!messages.TryRead(out item)) return false;
            received.Enqueue(item);
            return true;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => messages.WaitToReadAsync(cancellationToken);
    }
}
