using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// MCP9005: logging is deprecated from protocol 2026-07-28 on; the versions this server speaks still have it.
#pragma warning disable MCP9005

namespace NativeMcp.Runtime.Stdio;

/// <summary>
/// The session a tool sees as <c>request.Server</c> on the stdio path: it sends notifications (progress,
/// logging) and requests (sampling, elicitation, roots) to the client and matches the client's answers, without
/// the SDK's server. What the client said at initialize is read only when a tool asks for it.
/// </summary>
#pragma warning disable MCPEXP002 // McpServer's constructor is marked experimental: subclassing it is the point.
internal sealed class StdioSession : McpServer
{
    private readonly ProtocolOutput _output;
    private readonly Func<McpServerOptions> _options;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonRpcResponse>> _pending = new(StringComparer.Ordinal);
    private readonly List<(string Method, Func<JsonRpcNotification, CancellationToken, ValueTask> Handler)> _handlers = new();
    private InitializeRequestParams? _initialize;
    private long _lastId;

    public StdioSession(ProtocolOutput output, Func<McpServerOptions> options)
    {
        _output = output;
        _options = options;
    }

    /// <summary>The raw initialize params, kept as JSON until a tool asks what the client is.</summary>
    public JsonElement InitializeParams { get; set; }

    public string? Protocol { get; set; }

    public LoggingLevel? Level { get; set; }

    private InitializeRequestParams? Initialize =>
        _initialize ??= InitializeParams.ValueKind == JsonValueKind.Object
            ? InitializeParams.Deserialize(ProtocolOutput.TypeInfo<InitializeRequestParams>())
            : null;

    public override ClientCapabilities? ClientCapabilities => Initialize?.Capabilities;

    public override Implementation? ClientInfo => Initialize?.ClientInfo;

    public override McpServerOptions ServerOptions => _options();

    public override IServiceProvider? Services => null;

    [Obsolete("The SDK marks logging levels deprecated; tools still read them.")]
    public override LoggingLevel? LoggingLevel => Level;

    public override string? SessionId => null;

    public override string? NegotiatedProtocolVersion => Protocol;

    public override Task RunAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override async Task<JsonRpcResponse> SendRequestAsync(JsonRpcRequest request, CancellationToken cancellationToken = default)
    {
        // String ids of our own: they can never collide with the ids the SDK server (resources, prompts) uses.
        var id = "nativemcp-" + Interlocked.Increment(ref _lastId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pending = new TaskCompletionSource<JsonRpcResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        try
        {
            _output.WriteMessage(new JsonRpcRequest { Id = new RequestId(id), Method = request.Method, Params = request.Params });
            using var registration = cancellationToken.Register(() => pending.TrySetCanceled(cancellationToken));
            return await pending.Task.ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>A client answer to one of our requests; false when it answers something else.</summary>
    public bool TryComplete(string id, ReadOnlySpan<byte> line)
    {
        if (!_pending.TryGetValue(id, out var pending)) return false;
        var message = JsonSerializer.Deserialize(line, ProtocolOutput.TypeInfo<JsonRpcMessage>());
        switch (message)
        {
            case JsonRpcResponse response:
                pending.TrySetResult(response);
                break;
            case JsonRpcError error:
                pending.TrySetException(new McpProtocolException(error.Error.Message, (McpErrorCode)error.Error.Code));
                break;
            default:
                pending.TrySetException(new McpException("The client answered request " + id + " with neither a result nor an error."));
                break;
        }
        return true;
    }

    public override Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        if (message is JsonRpcRequest) throw new InvalidOperationException("Requests go through SendRequestAsync.");
        _output.WriteMessage(message);
        return Task.CompletedTask;
    }

    public override IAsyncDisposable RegisterNotificationHandler(string method, Func<JsonRpcNotification, CancellationToken, ValueTask> handler)
    {
        var entry = (method, handler);
        lock (_handlers) _handlers.Add(entry);
        return new Registration(() => { lock (_handlers) _handlers.Remove(entry); });
    }

    /// <summary>Runs the handlers tools registered for a client notification.</summary>
    public async ValueTask NotifyAsync(string method, ReadOnlyMemory<byte> line)
    {
        Func<JsonRpcNotification, CancellationToken, ValueTask>[] matching;
        lock (_handlers)
        {
            if (_handlers.Count == 0) return;
            matching = _handlers.FindAll(h => h.Method == method).ConvertAll(h => h.Handler).ToArray();
        }
        if (matching.Length == 0) return;
        if (JsonSerializer.Deserialize(line.Span, ProtocolOutput.TypeInfo<JsonRpcMessage>()) is not JsonRpcNotification notification) return;
        foreach (var handler in matching) await handler(notification, CancellationToken.None).ConfigureAwait(false);
    }

    public override ValueTask DisposeAsync() => default;

    private sealed class Registration(Action remove) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            remove();
            return default;
        }
    }
}
