using System;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Stdio;

/// <summary>
/// The SDK's <see cref="McpServer"/> for what the stdio loop does not answer itself (resources, prompts,
/// completions), built at the first such message: a session that never uses them never pays for it. It is
/// told the client's initialize first, and its answers to that are swallowed.
/// </summary>
internal sealed class SdkBridge : ITransport
{
    private const string ReplayPrefix = "nativemcp-replay-";

    private readonly ProtocolOutput _output;
    private readonly Channel<JsonRpcMessage> _toServer = Channel.CreateUnbounded<JsonRpcMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<JsonRpcMessage> _queue = Channel.CreateUnbounded<JsonRpcMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _answers = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly McpServer _server;
    private long _replays;

    public SdkBridge(McpServerOptions options, ProtocolOutput output, JsonElement initializeParams)
    {
        _output = output;
        _server = McpServer.Create(this, options);
        _ = _server.RunAsync();
        _ = PumpAsync(initializeParams);
    }

    public string? SessionId => null;

    public ChannelReader<JsonRpcMessage> MessageReader => _toServer.Reader;

    /// <summary>Hands one client message to the SDK server; for a request, the task ends when it is answered.</summary>
    public Task Forward(ReadOnlySpan<byte> line)
    {
        var message = JsonSerializer.Deserialize(line, ProtocolOutput.TypeInfo<JsonRpcMessage>())!;
        var answered = Task.CompletedTask;
        if (message is JsonRpcRequest request)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _answers[Key(request.Id)] = done;
            answered = done.Task;
        }
        _queue.Writer.TryWrite(message);
        return answered;
    }

    /// <summary>Tells the SDK server something the client set (a logging level) without answering the client twice.</summary>
    public void Replay(string method, JsonNode? parameters) =>
        _queue.Writer.TryWrite(new JsonRpcRequest { Id = NextReplayId(), Method = method, Params = parameters });

    /// <summary>The replayed initialize first, then every message in the order the client sent it.</summary>
    private async Task PumpAsync(JsonElement initializeParams)
    {
        await _toServer.Writer.WriteAsync(new JsonRpcRequest
        {
            Id = NextReplayId(),
            Method = RequestMethods.Initialize,
            Params = initializeParams.ValueKind == JsonValueKind.Object ? JsonObject.Create(initializeParams.Clone()) : null,
        }).ConfigureAwait(false);
        await _initialized.Task.ConfigureAwait(false);
        await _toServer.Writer.WriteAsync(new JsonRpcNotification { Method = NotificationMethods.InitializedNotification }).ConfigureAwait(false);
        await foreach (var message in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await _toServer.Writer.WriteAsync(message).ConfigureAwait(false);
        }
    }

    public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        if (message is JsonRpcMessageWithId { Id.Id: string id } && id.StartsWith(ReplayPrefix, StringComparison.Ordinal) && message is not JsonRpcRequest)
        {
            _initialized.TrySetResult();
            return Task.CompletedTask;
        }
        _output.WriteMessage(message);
        if (message is JsonRpcResponse or JsonRpcError && _answers.TryRemove(Key(((JsonRpcMessageWithId)message).Id), out var done))
        {
            done.TrySetResult();
        }
        return Task.CompletedTask;
    }

    private RequestId NextReplayId() =>
        new(ReplayPrefix + Interlocked.Increment(ref _replays).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string Key(RequestId id) => id.Id is string s ? "s:" + s : "n:" + id.ToString();

    /// <summary>The transport's end (the SDK server calls it when it stops).</summary>
    public ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _toServer.Writer.TryComplete();
        return default;
    }

    public ValueTask StopAsync() => _server.DisposeAsync();
}
