using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// An MCP client transport that shows each message it reads to a callback, in the order the server sent them,
/// and passes on to the SDK's session those the callback does not claim. Why: the session handles each incoming
/// message on a task of its own, so nothing behind the session sees wire order. The gateway claims the answers
/// and the progress of its own calls here, so a progress is queued for its caller before the answer behind it on
/// the wire is even seen, and the answer reaches its call with no thread hop (<see cref="McpUpstream"/>); tests
/// use it to record what a server wrote. The callback runs inside
/// the reader's <c>TryRead</c>, so no thread hop is added.
/// </summary>
internal sealed class ClaimingTransport(IClientTransport inner, Func<JsonRpcMessage, bool> claim) : IClientTransport
{
    public string Name => inner.Name;

    /// <summary>The session made by <see cref="ConnectAsync"/>: the gateway sends its own requests on it.</summary>
    public ITransport? Connected { get; private set; }

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        Connected = new Session(await inner.ConnectAsync(cancellationToken).ConfigureAwait(false), claim);

    private sealed class Session(ITransport transport, Func<JsonRpcMessage, bool> claim) : ITransport
    {
        public string? SessionId => transport.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader { get; } = new UnclaimedReader(transport.MessageReader, claim);

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
            transport.SendMessageAsync(message, cancellationToken);

        public ValueTask DisposeAsync() => transport.DisposeAsync();
    }

    private sealed class UnclaimedReader(ChannelReader<JsonRpcMessage> messages, Func<JsonRpcMessage, bool> claim) : ChannelReader<JsonRpcMessage>
    {
        public override Task Completion => messages.Completion;

        public override bool TryRead([MaybeNullWhen(false)] out JsonRpcMessage item)
        {
            while (messages.TryRead(out item))
            {
                if (!claim(item)) return true;
            }
            return false;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => messages.WaitToReadAsync(cancellationToken);
    }
}
