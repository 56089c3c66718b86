using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// An MCP client transport that gives the messages a callback claims (the progress of the gateway's own calls)
/// to that callback as they are read, in the order the upstream sent them, and everything else to the SDK's
/// session. Why: the session handles each incoming message on a task of its own, so a call's answer can
/// complete the call before the handler of a progress sent just before it has run, and the caller then gets its
/// last progress after the result, when its client has already forgotten the token. Claimed here, a progress is
/// queued for the caller before the answer behind it on the wire is even seen. Filtering happens inside the
/// reader's <c>TryRead</c>, so no thread hop is added.
/// </summary>
internal sealed class ProgressFirstTransport(IClientTransport inner, Func<JsonRpcMessage, bool> claim) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Session(await inner.ConnectAsync(cancellationToken).ConfigureAwait(false), claim);

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
