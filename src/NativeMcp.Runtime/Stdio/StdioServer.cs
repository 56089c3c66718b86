using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// MCP9005: logging is deprecated from protocol 2026-07-28 on; the versions this server speaks still have it.
#pragma warning disable MCP9005

namespace NativeMcp.Runtime.Stdio;

/// <summary>
/// MCP over stdio, one JSON-RPC message per line. initialize, ping and tools/list are answered on the reading
/// thread from bytes computed once (initialize's by the generator); tools/call runs the tool directly; the SDK's
/// server is built only for resources, prompts and completions. At end of input (or <see cref="DrainAsync"/>,
/// on SIGTERM/SIGINT) it stops reading and answers every request already read, within the drain timeout.
/// </summary>
public sealed partial class StdioServer
{
    /// <summary>Protocol versions with the initialize handshake that this server speaks, newest first.</summary>
    public static readonly string[] ProtocolVersions = { "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05" };

    private readonly StdioSettings _settings;
    private readonly Stream _input;
    private readonly ProtocolOutput _output;
    private readonly byte[] _initializeResult;
    private readonly Lazy<McpServerOptions> _options;
    private readonly StdioSession _session;
    private readonly ConcurrentDictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private ToolTable? _tools;
    private SdkBridge? _bridge;
    private Task? _drain;
    private bool _stopping;
    private long _calls;

    /// <param name="options">Builds the tools and the rest at the first message that needs them (never for initialize).</param>
    public StdioServer(StdioSettings settings, Func<McpServerOptions> options, Stream input, Stream output)
    {
        _settings = settings;
        _input = input;
        _output = new ProtocolOutput(output);
        _initializeResult = Encoding.UTF8.GetBytes(settings.InitializeResult);
        _options = new Lazy<McpServerOptions>(options, LazyThreadSafetyMode.ExecutionAndPublication);
        _session = new StdioSession(_output, () => _options.Value);
    }

    /// <summary>Serves until end of input, then drains; returns the exit code (0). Reads on the calling thread.</summary>
    public int Run()
    {
        var reader = new LineReader(_input, _settings.MaxLineBytes);
        while (reader.TryReadLine(() => !Volatile.Read(ref _stopping), out var line, out var skipped))
        {
            lock (_gate)
            {
                if (skipped > 0)
                {
                    _output.WriteError(default, JsonRpcLine.InvalidRequest,
                        "A message of " + skipped + " bytes was skipped unread: the limit is " + _settings.MaxLineBytes + " bytes per line");
                }
                else if (!IsBlank(line))
                {
                    try
                    {
                        Handle(line);
                    }
                    catch (Exception ex)
                    {
                        // No message may stop the server: a failure here is a bug, answered and survived.
                        _output.WriteError(default, JsonRpcLine.InternalError, "The server failed to handle a message: " + ex.Message);
                    }
                }
            }
        }
        DrainAsync().GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>The same as <see cref="Run"/> on a thread of its own (in-process hosts and tests).</summary>
    public Task<int> RunAsync() => Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Stops reading and waits for every request already read, up to the drain timeout; requests still running
    /// then get an error that says so. Safe to call from a signal handler and more than once.
    /// </summary>
    public Task DrainAsync()
    {
        lock (_gate)
        {
            return _drain ??= DrainCoreAsync();
        }
    }

    private async Task DrainCoreAsync()
    {
        // Under _gate (DrainAsync holds it until the first await): no request can start after this snapshot.
        Volatile.Write(ref _stopping, true);
        var pending = _inFlight.Values.ToArray();
        var all = Task.WhenAll(pending.Select(p => p.Done));
        if (await Task.WhenAny(all, Task.Delay(_settings.DrainTimeout)).ConfigureAwait(false) != all)
        {
            foreach (var call in pending.Where(p => !p.Done.IsCompleted))
            {
                if (!call.Claim()) continue;
                call.Cancel();
                _output.WriteError(call.Id, JsonRpcLine.InternalError,
                    "The server is stopping and " + call.What + " did not finish within the drain timeout of " + _settings.DrainTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                    " s (server.drainTimeout in the spec); if it changes data upstream, check whether it took effect");
            }
        }
        if (_bridge is { } bridge) await bridge.StopAsync().ConfigureAwait(false);
    }

    private McpServerOptions Options => _options.Value;

    private ToolTable Tools => _tools ??= new ToolTable(Options.ToolCollection);

    private void Handle(ReadOnlySpan<byte> text)
    {
        var bytes = text.ToArray();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            _output.WriteError(default, JsonRpcLine.ParseError, "Parse error: the line is not valid JSON (" + ex.Message + ")");
            return;
        }

        var owned = false;
        var line = default(JsonRpcLine);
        var isRequest = false;
        try
        {
            line = JsonRpcLine.Classify(document.RootElement);
            isRequest = line.Kind == LineKind.Request;
            switch (line.Kind)
            {
                case LineKind.Invalid:
                    _output.WriteError(line.Id, line.ErrorCode, line.ErrorMessage!);
                    break;
                case LineKind.Response:
                    if (!_session.TryComplete(SessionId(line.Id), bytes)) _bridge?.Forward(bytes);
                    break;
                case LineKind.Notification:
                    Notify(line, bytes);
                    break;
                default:
                    if (Volatile.Read(ref _stopping))
                    {
                        _output.WriteError(line.Id, JsonRpcLine.InternalError, "The server is stopping: '" + line.Method + "' was read after the stop and not started");
                        break;
                    }
                    owned = Request(line, document, bytes);
                    break;
            }
        }
        catch (Exception ex) when (isRequest && !owned)
        {
            // A request that was read is answered with its own id, whatever failed before it ran (building the
            // server's tools from the environment, a bug): the client is never left waiting on it.
            _output.WriteError(line.Id, JsonRpcLine.InternalError, Results.Secrets.Redact("'" + line.Method + "' could not be handled: " + ex.Message, _settings.Secrets));
        }
        finally
        {
            if (!owned) document.Dispose();
        }
    }

    /// <returns>True when a running call now owns <paramref name="document"/>.</returns>
    private bool Request(in JsonRpcLine line, JsonDocument document, byte[] bytes)
    {
        switch (line.Method)
        {
            case RequestMethods.Initialize:
                Initialize(line);
                return false;
            case RequestMethods.Ping:
                _output.WriteResult(line.Id, "{}"u8);
                return false;
            case RequestMethods.ToolsList:
                _output.WriteResult(line.Id, Tools.ListResult);
                return false;
            case RequestMethods.ToolsCall:
                return Call(line, document);
            case RequestMethods.LoggingSetLevel:
                SetLevel(line);
                return false;
        }
        if (Forwardable(line.Method!))
        {
            var bridge = _bridge ??= StartBridge();
            Track(line.Id, "'" + line.Method + "'", bridge.Forward(bytes), null);
            return false;
        }
        _output.WriteError(line.Id, JsonRpcLine.MethodNotFound, "Method '" + line.Method + "' is not supported by this server; it answers " + string.Join(", ", Supported()));
        return false;
    }

    private void Initialize(in JsonRpcLine line)
    {
        if (line.Params.ValueKind != JsonValueKind.Object || !line.Params.TryGetProperty("protocolVersion", out var requested) || requested.ValueKind != JsonValueKind.String)
        {
            _output.WriteError(line.Id, JsonRpcLine.InvalidParams, "initialize needs 'params.protocolVersion', a string such as \"" + ProtocolVersions[0] + "\"");
            return;
        }
        // Lifecycle: a version this server speaks is agreed to; any other gets the newest it speaks.
        var version = requested.GetString()!;
        if (Array.IndexOf(ProtocolVersions, version) < 0) version = ProtocolVersions[0];
        _session.InitializeParams = line.Params.Clone();
        _session.Protocol = version;
        _output.WriteInitializeResult(line.Id, version, _initializeResult);
    }

    private void SetLevel(in JsonRpcLine line)
    {
        string[] levels = { "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency" };
        if (line.Params.ValueKind != JsonValueKind.Object || !line.Params.TryGetProperty("level", out var level) ||
            level.ValueKind != JsonValueKind.String || Array.IndexOf(levels, level.GetString()) is var index && index < 0)
        {
            _output.WriteError(line.Id, JsonRpcLine.InvalidParams, "logging/setLevel needs 'params.level', one of " + string.Join(", ", levels));
            return;
        }
        _session.Level = (LoggingLevel)index;
        _bridge?.Replay(RequestMethods.LoggingSetLevel, JsonObject.Create(line.Params.Clone()));
        _output.WriteResult(line.Id, "{}"u8);
    }

    private void Notify(in JsonRpcLine line, byte[] bytes)
    {
        if (line.Method == NotificationMethods.CancelledNotification &&
            line.Params.ValueKind == JsonValueKind.Object && line.Params.TryGetProperty("requestId", out var requestId) &&
            requestId.ValueKind is JsonValueKind.String or JsonValueKind.Number &&
            _inFlight.TryGetValue(Key(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(requestId)), out var call))
        {
            call.Cancel();
        }
        if (line.Method != NotificationMethods.InitializedNotification) _ = _session.NotifyAsync(line.Method!, bytes);
        // The SDK server was told "initialized" when it was built; everything else it hears as sent.
        if (line.Method != NotificationMethods.InitializedNotification) _bridge?.Forward(bytes);
    }

    /// <summary>Methods the SDK server answers, when the spec declares what they serve.</summary>
    private bool Forwardable(string method)
    {
        var capabilities = Options.Capabilities;
        return method switch
        {
            RequestMethods.ResourcesList or RequestMethods.ResourcesRead or RequestMethods.ResourcesTemplatesList or
                RequestMethods.ResourcesSubscribe or RequestMethods.ResourcesUnsubscribe => capabilities?.Resources is not null,
            RequestMethods.PromptsList or RequestMethods.PromptsGet => capabilities?.Prompts is not null,
            RequestMethods.CompletionComplete => capabilities?.Completions is not null,
            _ => false,
        };
    }

    private string[] Supported()
    {
        var methods = new System.Collections.Generic.List<string> { "initialize", "ping", "tools/list", "tools/call", "logging/setLevel" };
        var capabilities = Options.Capabilities;
        if (capabilities?.Resources is not null) methods.AddRange(new[] { "resources/list", "resources/templates/list", "resources/read" });
        if (capabilities?.Prompts is not null) methods.AddRange(new[] { "prompts/list", "prompts/get" });
        if (capabilities?.Completions is not null) methods.Add("completion/complete");
        return methods.ToArray();
    }

    private SdkBridge StartBridge()
    {
        var bridge = new SdkBridge(Options, _output, _session.InitializeParams);
        if (_session.Level is { } level)
        {
            bridge.Replay(RequestMethods.LoggingSetLevel, new JsonObject { ["level"] = level.ToString().ToLowerInvariant() });
        }
        return bridge;
    }

    private InFlight Track(ReadOnlyMemory<byte> id, string what, Task? done, CancellationTokenSource? cancellation)
    {
        var call = new InFlight(id, what, cancellation);
        var key = Key(id.Span);
        if (!_inFlight.TryAdd(key, call))
        {
            // A client reusing an id still gets both answers; the second is tracked under a key of its own.
            key += "#" + Interlocked.Increment(ref _calls);
            _inFlight[key] = call;
        }
        call.Key = key;
        if (done is not null) call.Watch(done, this);
        return call;
    }

    internal void Finished(InFlight call) => _inFlight.TryRemove(call.Key, out _);

    /// <summary>The in-flight key of a raw JSON id: the id's JSON text (a string id keeps its quotes).</summary>
    private static string Key(ReadOnlySpan<byte> rawId) => Encoding.UTF8.GetString(rawId);

    /// <summary>Ids of requests the session sent are plain strings; a response carries one as JSON.</summary>
    private static string SessionId(ReadOnlyMemory<byte> rawId)
    {
        if (rawId.Length < 2 || rawId.Span[0] != (byte)'"') return "";
        var reader = new Utf8JsonReader(rawId.Span);
        reader.Read();
        return reader.GetString() ?? "";
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        }
        return true;
    }
}
