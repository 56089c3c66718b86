using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Results;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// The gateway's one connection to one MCP upstream, shared by every caller: made at the first call (a stdio
/// child is started then, not before), checked against the lock on each connect, closed when idle, and for a
/// stdio child restarted after a crash with exponential backoff. Every failure comes back to the caller as an
/// <c>isError</c> result naming the upstream; no credential is ever in its text.
/// </summary>
public sealed partial class McpUpstream : IAsyncDisposable
{
    private static readonly JsonTypeInfo<Implementation> ImplementationInfo = (JsonTypeInfo<Implementation>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Implementation));
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    private readonly McpUpstreamOptions _options;
    private readonly HttpClient? _http;
    private readonly object _gate = new();
    private readonly Timer? _idleTimer;
    private Task<Connection>? _connection;
    private int _crashesInARow;
    private DateTimeOffset _restartNotBefore;
    private int _inFlight;
    private long _lastUsed = Environment.TickCount64;
    private bool _disposed;

    public McpUpstream(McpUpstreamOptions options)
    {
        _options = options;
        if (options.Transport == McpTransportKind.Stdio)
        {
            if (string.IsNullOrEmpty(options.Command)) throw new ArgumentException("MCP upstream '" + options.Name + "' is stdio but has no command.", nameof(options));
        }
        else
        {
            if (options.Endpoint is null) throw new ArgumentException("MCP upstream '" + options.Name + "' is HTTP but has no endpoint URL.", nameof(options));
            var inner = options.HttpHandler ?? new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
            _http = new HttpClient(ReferenceEquals(options.Auth, Upstream.UpstreamAuth.None) ? inner : new UpstreamAuthHandler(options.Auth, inner))
            {
                // Each call has its own timeout; the SSE GET stream must stay open indefinitely.
                Timeout = Timeout.InfiniteTimeSpan,
            };
        }
        if (options.IdleTimeout is { } idle && idle > TimeSpan.Zero)
        {
            var period = TimeSpan.FromTicks(Math.Clamp(idle.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(30).Ticks));
            _idleTimer = new Timer(static state => ((McpUpstream)state!).ReapIfIdle(), this, period, period);
        }
    }

    public string Name => _options.Name;

    public McpUpstreamOptions Options => _options;

    /// <summary>Connections made so far (for stdio: children started).</summary>
    public int Connects { get; private set; }

    /// <summary>Stdio children that exited without the gateway ending them.</summary>
    public int Crashes { get; private set; }

    /// <summary>The wait chosen at the last crash before the next start (the supervision tests read it).</summary>
    internal TimeSpan LastBackoff { get; private set; }

    /// <summary>The running child's process id, when a stdio connection is up.</summary>
    public int? ChildProcessId => _connection is { IsCompletedSuccessfully: true } task && task.Result.Child is { HasExited: false } child ? child.ProcessId : null;

    /// <summary>The upstream's tools, resources, templates and prompts as it serves them now (for <c>nativemcp sync</c>).</summary>
    public async Task<UpstreamDefinitions> ReadDefinitionsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        var client = connection.Client;
        var capabilities = client.ServerCapabilities;
        return new UpstreamDefinitions
        {
            Tools = connection.Tools ?? await ListRawAsync(client, RequestMethods.ToolsList, "tools", cancellationToken).ConfigureAwait(false),
            Resources = capabilities.Resources is null ? [] : await ListRawAsync(client, RequestMethods.ResourcesList, "resources", cancellationToken).ConfigureAwait(false),
            ResourceTemplates = capabilities.Resources is null ? [] : await ListRawAsync(client, RequestMethods.ResourcesTemplatesList, "resourceTemplates", cancellationToken).ConfigureAwait(false),
            Prompts = capabilities.Prompts is null ? [] : await ListRawAsync(client, RequestMethods.PromptsList, "prompts", cancellationToken).ConfigureAwait(false),
            ServerInfo = client.ServerInfo is { } info ? JsonSerializer.SerializeToElement(info, ImplementationInfo) : null,
            ProtocolVersion = client.NegotiatedProtocolVersion,
        };
    }

    /// <summary>Calls one upstream tool for one caller; never throws for an upstream failure (only for the caller's own cancellation).</summary>
    internal async ValueTask<CallToolResult> CallToolAsync(string exposedName, string upstreamTool, IDictionary<string, JsonElement>? arguments, JsonObject? meta, McpServer? caller, CancellationToken cancellationToken) =>
        (await ForwardAsync(exposedName, upstreamTool, arguments, meta, caller, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>
    /// Forwards one call: the upstream's answer (a stdio child's result bytes as they came when nothing in them needs
    /// changing, see <see cref="ResultPassThrough"/>), or an <c>isError</c> result saying what failed.
    /// </summary>
    internal async ValueTask<ToolAnswer> ForwardAsync(string exposedName, string upstreamTool, IDictionary<string, JsonElement>? arguments, JsonObject? meta, McpServer? caller, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        string? progressKey = null;
        ProgressRoute? route = null;
        try
        {
            // Connecting is bounded by the connect timeout (and a restart's backoff); the call timeout starts after it.
            Connection connection;
            try
            {
                connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectFailure failure)
            {
                return ToolAnswer.Of(Error(failure.Code, failure.Message));
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.CallTimeout);

            if (connection.Refusals.TryGetValue(upstreamTool, out var why))
            {
                return ToolAnswer.Of(Error(FailureCodes.DefinitionChanged, "Tool '" + exposedName + "' of MCP upstream '" + Name + "' is refused: " + why));
            }

            var upstreamMeta = meta is null ? null : (JsonObject)meta.DeepClone();
            if (caller is not null && upstreamMeta?["progressToken"] is JsonValue downstreamToken)
            {
                progressKey = OpenProgressRoute(caller, downstreamToken, out route);
                upstreamMeta["progressToken"] = progressKey;
            }
            var request = new CallToolRequestParams { Name = upstreamTool, Arguments = arguments, Meta = upstreamMeta };
            try
            {
                var answer = await SendCallAsync(connection, request, timeout.Token).ConfigureAwait(false);
                // An upstream that echoes a credential (an error quoting its Authorization header) must not hand it to the
                // caller. Bytes passed through were read for credentials already; a result object is masked here.
                if (answer.Json.IsEmpty) CredentialMask.Apply(answer.Result, SecretValues());
                return answer;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return ToolAnswer.Of(Error(FailureCodes.UpstreamTimeout, "MCP upstream '" + Name + "' did not answer '" + upstreamTool + "' within " + Seconds(_options.CallTimeout)
                    + " (the call timeout); the call was cancelled upstream"));
            }
            catch (UnrelayableAnswer ex)
            {
                return ToolAnswer.Of(Error(FailureCodes.InvalidResponse, ex.Message));
            }
            catch (McpProtocolException ex)
            {
                return ToolAnswer.Of(Error(FailureCodes.UpstreamError, "MCP upstream '" + Name + "' answered '" + upstreamTool + "' with a protocol error: "
                    + RemoteMessage(ex.Message) + " (JSON-RPC " + ((int)ex.ErrorCode).ToString(CultureInfo.InvariantCulture) + ")"));
            }
            catch (Exception ex)
            {
                return ToolAnswer.Of(await FailedAsync(connection, upstreamTool, ex).ConfigureAwait(false));
            }
        }
        finally
        {
            if (progressKey is not null) await CloseProgressRouteAsync(progressKey, route!).ConfigureAwait(false);
            Volatile.Write(ref _lastUsed, Environment.TickCount64);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>A call that failed below the protocol: a crashed child (with its stderr) or a broken connection.</summary>
    private async Task<CallToolResult> FailedAsync(Connection connection, string upstreamTool, Exception ex)
    {
        var (code, text) = await DescribeFailureAsync(connection, "'" + upstreamTool + "'", ex).ConfigureAwait(false);
        return Error(code, text);
    }

    private async Task<(string Code, string Text)> DescribeFailureAsync(Connection connection, string what, Exception ex)
    {
        if (connection.Child is { } child)
        {
            // The transport usually notices before the exit is reaped: give the exit (and its last stderr lines) a moment.
            await Task.WhenAny(child.Exited, Task.Delay(StopGrace)).ConfigureAwait(false);
            if (child.HasExited && !child.Stopping)
            {
                return (FailureCodes.UpstreamCrashed, "MCP upstream '" + Name + "' (stdio) exited while answering " + what + Exit(child)
                    + "; it is restarted at the next call" + StderrText(child));
            }
        }
        Drop(connection);
        return (FailureCodes.UpstreamUnreachable, "MCP upstream '" + Name + "' lost the connection while answering " + what + ": " + Describe(ex)
            + "; the next call reconnects");
    }

    private async Task<Connection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        Task<Connection> task;
        lock (_gate)
        {
            if (_disposed) throw new ConnectFailure(FailureCodes.UpstreamUnreachable, "MCP upstream '" + Name + "' is closed: the gateway is stopping");
            if (_connection is { } current && !(current.IsFaulted || current.IsCanceled || (current.IsCompletedSuccessfully && current.Result.Dead)))
            {
                task = current;
            }
            else
            {
                var wait = _restartNotBefore - DateTimeOffset.UtcNow;
                _connection = task = ConnectAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            }
        }
        return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Connection> ConnectAsync(TimeSpan backoff)
    {
        if (backoff > TimeSpan.Zero) await Task.Delay(backoff).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout);
        StdioChild? child = null;
        McpClient? client = null;
        try
        {
            IClientTransport transport;
            StdioChildTransport? lines = null;
            if (_options.Transport == McpTransportKind.Stdio)
            {
                child = await StdioChild.StartAsync(_options).ConfigureAwait(false);
                transport = lines = new StdioChildTransport(_options.Name, child.Input, child.Output) { ClaimLine = ClaimAnswerLine };
            }
            else
            {
                transport = new HttpClientTransport(new HttpClientTransportOptions
                {
                    Endpoint = _options.Endpoint!,
                    Name = _options.Name,
                    TransportMode = _options.Transport switch
                    {
                        McpTransportKind.StreamableHttp => HttpTransportMode.StreamableHttp,
                        McpTransportKind.Sse => HttpTransportMode.Sse,
                        _ => HttpTransportMode.AutoDetect,
                    },
                    AdditionalHeaders = _options.Headers.Count == 0 ? null : new Dictionary<string, string>(_options.Headers, StringComparer.OrdinalIgnoreCase),
                    ConnectionTimeout = _options.ConnectTimeout,
                }, _http!, null, ownsHttpClient: false);
            }
            var claiming = new ClaimingTransport(transport, Claim);
            var clientOptions = ClientOptions();
            client = await McpClient.CreateAsync(claiming, clientOptions, null, timeout.Token).ConfigureAwait(false);
            List<JsonElement>? tools = null;
            var refusals = new Dictionary<string, string>(StringComparer.Ordinal);
            if (_options.LockedTools.Count > 0)
            {
                tools = await ListRawAsync(client, RequestMethods.ToolsList, "tools", timeout.Token).ConfigureAwait(false);
                refusals = DriftCheck.Refusals(_options.LockedTools, tools, _options.Drift);
            }
            // Exposed resources, templates and prompts: the same check, each kind listed only when one is exposed.
            foreach (var (kind, locked, method, list, key, what) in PrimitiveKinds)
            {
                var lockedOfKind = locked(_options);
                if (lockedOfKind.Count == 0) continue;
                var live = await ListRawAsync(client, method, list, timeout.Token).ConfigureAwait(false);
                foreach (var (name, why) in DriftCheck.Refusals(lockedOfKind, live, _options.Drift, key, what)) refusals[kind + name] = why;
            }
            var connection = new Connection(client, claiming.Connected!, lines, RequestMetaFor(client, clientOptions), child, DateTimeOffset.UtcNow, refusals, tools);
            _ = connection.Transport.MessageReader.Completion.ContinueWith(static (ended, state) =>
            {
                var (closed, owner) = ((Connection, McpUpstream))state!;
                owner.FailCalls(closed, ended.Exception);
            }, (connection, this), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            lock (_gate) Connects++;
            if (child is not null)
            {
                _ = child.Exited.ContinueWith(static (_, state) =>
                {
                    var (exited, owner) = ((Connection, McpUpstream))state!;
                    owner.ChildExited(exited);
                }, (connection, this), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
            return connection;
        }
        catch (Exception ex)
        {
            if (client is not null) await client.DisposeAsync().ConfigureAwait(false);
            string tail = "";
            if (child is not null)
            {
                if (!child.HasExited) await child.StopAsync(TimeSpan.Zero).ConfigureAwait(false);
                await Task.WhenAny(child.Exited, Task.Delay(StopGrace)).ConfigureAwait(false);
                tail = Exit(child) + StderrText(child);
                lock (_gate) NoteCrash(TimeSpan.Zero);
            }
            // Whatever the SDK throws once the connect timeout has passed (a cancellation, or the transport's own
            // error when it is torn down under it on a loaded machine), the handshake did not finish in time.
            if (ex is OperationCanceledException or TimeoutException || timeout.IsCancellationRequested)
            {
                throw new ConnectFailure(FailureCodes.UpstreamTimeout, "MCP upstream '" + Name + "' did not complete the MCP handshake within " + Seconds(_options.ConnectTimeout) + tail);
            }
            var code = ex is HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden } ? FailureCodes.Unauthorized : FailureCodes.UpstreamUnreachable;
            throw new ConnectFailure(code, Redact("MCP upstream '" + Name + "' could not be " + (child is null ? "reached" : "started") + ": " + Describe(ex) + tail));
        }
    }

    // Refusals of resources, templates and prompts share the connection's table with the tools', under a kind prefix.
    private const string ResourceKind = "resource:", TemplateKind = "resourceTemplate:", PromptKind = "prompt:";

    private static readonly (string Kind, Func<McpUpstreamOptions, IReadOnlyDictionary<string, LockedTool>> Locked, string Method, string List, string Key, string What)[] PrimitiveKinds =
    [
        (ResourceKind, o => o.LockedResources, RequestMethods.ResourcesList, "resources", "uri", "resource"),
        (TemplateKind, o => o.LockedResourceTemplates, RequestMethods.ResourcesTemplatesList, "resourceTemplates", "uriTemplate", "resource template"),
        (PromptKind, o => o.LockedPrompts, RequestMethods.PromptsList, "prompts", "name", "prompt"),
    ];

    /// <summary>
    /// Reads one resource for one caller: <paramref name="key"/> is the locked uri or uriTemplate that matched,
    /// <paramref name="uri"/> what the caller asked for. Failures are JSON-RPC errors naming the upstream (the
    /// upstream's own error code kept when it answered one); only the caller's own cancellation throws otherwise.
    /// </summary>
    internal ValueTask<ReadResourceResult> ReadResourceAsync(string key, string uri, JsonObject? meta, CancellationToken cancellationToken)
    {
        var kind = _options.LockedResourceTemplates.ContainsKey(key) && !_options.LockedResources.ContainsKey(key) ? TemplateKind : ResourceKind;
        return ForwardAsync(kind + key, "resource '" + uri + "'", RequestMethods.ResourcesRead, async (client, token) =>
        {
            var result = await client.ReadResourceAsync(new ReadResourceRequestParams { Uri = uri, Meta = meta }, token).ConfigureAwait(false);
            return CredentialMask.Apply(result, SecretValues());
        }, cancellationToken);
    }

    /// <summary>Gets one prompt for one caller, its arguments passed as they came; failures as for <see cref="ReadResourceAsync"/>.</summary>
    internal ValueTask<GetPromptResult> GetPromptAsync(string exposedName, string upstreamPrompt, IDictionary<string, JsonElement>? arguments, JsonObject? meta, CancellationToken cancellationToken) =>
        ForwardAsync(PromptKind + upstreamPrompt, "prompt '" + exposedName + "'", RequestMethods.PromptsGet, async (client, token) =>
        {
            var result = await client.GetPromptAsync(new GetPromptRequestParams { Name = upstreamPrompt, Arguments = arguments, Meta = meta }, token).ConfigureAwait(false);
            return CredentialMask.Apply(result, SecretValues());
        }, cancellationToken);

    /// <summary>One forwarded request other than a tool call: connected lazily, drift-checked, timed out, failures as JSON-RPC errors.</summary>
    private async ValueTask<T> ForwardAsync<T>(string refusalKey, string what, string method, Func<McpClient, CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            Connection connection;
            try
            {
                connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectFailure failure)
            {
                throw Failure(failure.Code, failure.Message, McpErrorCode.InternalError);
            }
            if (connection.Refusals.TryGetValue(refusalKey, out var why))
            {
                throw Failure(FailureCodes.DefinitionChanged, char.ToUpperInvariant(what[0]) + what[1..] + " of MCP upstream '" + Name + "' is refused: " + why, McpErrorCode.InternalError);
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.CallTimeout);
            try
            {
                return await send(connection.Client, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw Failure(FailureCodes.UpstreamTimeout, "MCP upstream '" + Name + "' did not answer " + method + " of " + what + " within " + Seconds(_options.CallTimeout)
                    + " (the call timeout); the request was cancelled upstream", McpErrorCode.InternalError);
            }
            catch (McpProtocolException ex)
            {
                // The upstream's code stays (a resource it does not have is its -32002, a wrong argument -32602).
                throw Failure(FailureCodes.UpstreamError, "MCP upstream '" + Name + "' answered " + method + " of " + what + " with an error: " + RemoteMessage(ex.Message), ex.ErrorCode);
            }
            catch (Exception ex)
            {
                var (code, text) = await DescribeFailureAsync(connection, method + " of " + what, ex).ConfigureAwait(false);
                throw Failure(code, text, McpErrorCode.InternalError);
            }
        }
        finally
        {
            Volatile.Write(ref _lastUsed, Environment.TickCount64);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private McpProtocolException Failure(string code, string text, McpErrorCode error) => new(Redact(code + ": " + text), error);

    /// <summary>Who the gateway says it is to every upstream.</summary>
    private static readonly Implementation GatewayClientInfo = new() { Name = "nativemcp-gateway", Version = "1.0.0" };

    private McpClientOptions ClientOptions() => new()
    {
        ClientInfo = GatewayClientInfo,
        InitializationTimeout = _options.ConnectTimeout,
    };

    private static async Task<List<JsonElement>> ListRawAsync(McpClient client, string method, string key, CancellationToken cancellationToken)
    {
        // Raw JSON-RPC, not ListToolsAsync: the hash is over what the upstream sent, with nothing dropped or defaulted by a model type.
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var response = await client.SendRequestAsync(new JsonRpcRequest
            {
                Method = method,
                Params = cursor is null ? null : new JsonObject { ["cursor"] = cursor },
            }, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(response.Result?.ToJsonString() ?? "{}");
            if (document.RootElement.TryGetProperty(key, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray()) items.Add(item.Clone());
            }
            cursor = document.RootElement.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return items;
    }

    private void ChildExited(Connection connection)
    {
        if (connection.Child is not { Stopping: false }) return;
        lock (_gate)
        {
            Crashes++;
            NoteCrash(DateTimeOffset.UtcNow - connection.Started);
            if (_connection is { IsCompletedSuccessfully: true } current && ReferenceEquals(current.Result, connection)) _connection = null;
        }
        _ = connection.Client.DisposeAsync().AsTask();
    }

    /// <summary>Backoff bookkeeping (under the gate): a child that stayed up long enough starts the count again.</summary>
    private void NoteCrash(TimeSpan uptime)
    {
        _crashesInARow = uptime >= _options.Restart.ResetAfter ? 1 : _crashesInARow + 1;
        LastBackoff = _options.Restart.BackoffFor(_crashesInARow);
        _restartNotBefore = DateTimeOffset.UtcNow + LastBackoff;
    }

    private void Drop(Connection connection)
    {
        lock (_gate)
        {
            if (_connection is { IsCompletedSuccessfully: true } current && ReferenceEquals(current.Result, connection)) _connection = null;
        }
        _ = CloseAsync(connection);
    }

    private void ReapIfIdle()
    {
        Connection? idle = null;
        lock (_gate)
        {
            if (_disposed || Volatile.Read(ref _inFlight) > 0 || _options.IdleTimeout is not { } limit) return;
            if (Environment.TickCount64 - Volatile.Read(ref _lastUsed) < (long)limit.TotalMilliseconds) return;
            if (_connection is { IsCompletedSuccessfully: true } current)
            {
                idle = current.Result;
                _connection = null;
            }
        }
        if (idle is not null) _ = CloseAsync(idle);
    }

    private static async Task CloseAsync(Connection connection)
    {
        connection.Dead = true;
        if (connection.Child is { } child)
        {
            // Marked first, so its exit is not counted as a crash.
            var stop = child.StopAsync(StopGrace);
            await connection.Client.DisposeAsync().ConfigureAwait(false);
            await stop.ConfigureAwait(false);
        }
        else
        {
            await connection.Client.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection and ends the stdio child (and whatever it started).</summary>
    public async ValueTask DisposeAsync()
    {
        Task<Connection>? last;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            last = _connection;
            _connection = null;
        }
        if (_idleTimer is not null) await _idleTimer.DisposeAsync().ConfigureAwait(false);
        if (last is not null)
        {
            try
            {
                await CloseAsync(await last.ConfigureAwait(false)).ConfigureAwait(false);
            }
            catch (ConnectFailure)
            {
            }
        }
        _http?.Dispose();
    }

    private CallToolResult Error(string code, string text) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = Redact(code + ": " + text) }] };

    private string Redact(string text) => Secrets.Redact(text, SecretValues());

    private string[] SecretValues() =>
        [.. _options.Secrets, .. _options.Auth.SecretValues, .. _options.Environment.Values, .. _options.Headers.Values];

    private static string Exit(StdioChild child) => child.ExitCode switch
    {
        null => "",
        137 or -9 => " (killed by SIGKILL)",
        var code => " with exit code " + code.Value.ToString(CultureInfo.InvariantCulture),
    };

    private string StderrText(StdioChild child)
    {
        var tail = child.StderrTail();
        return tail.Length == 0 ? "; it wrote nothing to stderr" : "; last stderr lines:\n" + string.Join("\n", tail);
    }

    // The SDK prefixes the upstream's own message; the caller needs only the message.
    private static string RemoteMessage(string message) =>
        (message.StartsWith(RemotePrefix, StringComparison.Ordinal) ? message[RemotePrefix.Length..] : message).TrimEnd('.');

    private const string RemotePrefix = "Request failed (remote): ";

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string Describe(Exception ex)
    {
        var text = ex.Message.TrimEnd('.');
        return ex.InnerException is { } inner && !text.Contains(inner.Message, StringComparison.Ordinal) ? text + ": " + inner.Message.TrimEnd('.') : text;
    }

    private sealed class Connection(McpClient client, ITransport transport, StdioChildTransport? lines, JsonObject? requestMeta, StdioChild? child, DateTimeOffset started, Dictionary<string, string> refusals, List<JsonElement>? tools)
    {
        public McpClient Client { get; } = client;

        /// <summary>The session's transport, on which forwarded tools/call requests are sent (McpUpstream.Calls.cs).</summary>
        public ITransport Transport { get; } = transport;

        /// <summary>The stdio child's transport, where forwarded calls go as bytes both ways; null for HTTP upstreams.</summary>
        public StdioChildTransport? Lines { get; } = lines;

        /// <summary>Why the transport's reader ended, once it has; calls sent after that fail with it.</summary>
        public volatile Exception? Closed;

        /// <summary>The per-request <c>_meta</c> of the negotiated protocol, put on each request of ours; null before 2026-07-28.</summary>
        public JsonObject? RequestMeta { get; } = requestMeta;

        public StdioChild? Child { get; } = child;

        public DateTimeOffset Started { get; } = started;

        public Dictionary<string, string> Refusals { get; } = refusals;

        public List<JsonElement>? Tools { get; } = tools;

        public volatile bool Dead;
    }

    private sealed class ConnectFailure(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }
}
