using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Serving;

namespace NativeMcp.Runtime.Http;

/// <summary>
/// Streamable HTTP in stateless mode on Kestrel: every POST is answered by a fresh server over the SDK's
/// <see cref="StreamableHttpServerTransport"/>, so any replica can answer any request. Before MCP sees a
/// request: Host/Origin checks (DNS rebinding), the API key, the per-key rate limit, the body size limit.
/// </summary>
public sealed class HttpHost
{
    private static readonly JsonTypeInfo<JsonRpcMessage> MessageType =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private readonly ServeSettings _settings;
    private readonly ScopedOptions _options;
    private readonly ApiKeys _keys;
    private readonly bool _readOnly;
    private readonly PartitionedRateLimiter<string>? _limiter;
    private readonly HttpSessions? _sessions;

    public HttpHost(ServeSettings settings, ScopedOptions options, ApiKeys keys, bool readOnly)
    {
        _settings = settings;
        _options = options;
        _keys = keys;
        _readOnly = readOnly;
        _sessions = settings.Sessions ? new HttpSessions() : null;
        if (settings.RateLimit is { } limit)
        {
            _limiter = PartitionedRateLimiter.Create<string, string>(keyId => RateLimitPartition.GetSlidingWindowLimiter(keyId, _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = limit.Requests,
                Window = limit.Per,
                SegmentsPerWindow = 10,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        }
    }

    /// <summary>Starts listening; the returned app stops on SIGTERM (finishing in-flight calls) or when disposed.</summary>
    public Task<WebApplication> StartAsync(string host, int port) => StartAsync(host, port, null);

    /// <param name="front">
    /// Answers the requests it knows (returns true) before the MCP endpoint sees them: the registry's admin API runs
    /// on this host, its Kestrel settings and its MCP endpoint.
    /// </param>
    public async Task<WebApplication> StartAsync(string host, int port, Func<HttpContext, Task<bool>>? front)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = _settings.MaxRequestBytes;
            kestrel.Listen(IPAddress.Parse(host), port);
        });
        var app = builder.Build();
        app.Run(front is null ? HandleAsync : async context =>
        {
            if (!await front(context).ConfigureAwait(false)) await HandleAsync(context).ConfigureAwait(false);
        });
        await app.StartAsync().ConfigureAwait(false);
        return app;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path == "/healthz" && HttpMethods.IsGet(request.Method))
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok").ConfigureAwait(false);
            return;
        }
        if (request.Path != _settings.Path)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, -32600, "Not found: the MCP endpoint is " + _settings.Path).ConfigureAwait(false);
            return;
        }
        if (!RequestAllowed(request))
        {
            await ErrorAsync(context, StatusCodes.Status403Forbidden, -32600, "Forbidden: this Host or Origin is not allowed (DNS-rebinding protection)").ConfigureAwait(false);
            return;
        }
        if (!HttpMethods.IsPost(request.Method) && !(_settings.Sessions && (HttpMethods.IsGet(request.Method) || HttpMethods.IsDelete(request.Method))))
        {
            // Stateless: no server-initiated stream (GET) and no session to end (DELETE).
            context.Response.Headers.Allow = "POST";
            await ErrorAsync(context, StatusCodes.Status405MethodNotAllowed, -32600, "Method not allowed: this stateless endpoint takes POST").ConfigureAwait(false);
            return;
        }

        var key = Authenticate(request, out var presented);
        if (key is null)
        {
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, -32001, "Unauthorized: missing or invalid API key").ConfigureAwait(false);
            return;
        }
        // The caller's own key, for upstreams that forward it: flows into the server's handling of this request.
        using var caller = Upstream.CallerCredential.Use(_settings.ForwardsCallerKey ? presented : null, key.Id);
        if (_sessions is not null && !HttpMethods.IsPost(request.Method))
        {
            await _sessions.HandleGetOrDeleteAsync(context, key).ConfigureAwait(false);
            return;
        }
        if (_limiter is not null)
        {
            using var lease = _limiter.AttemptAcquire(key.Id);
            if (!lease.IsAcquired)
            {
                var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _settings.RateLimit!.Per / 10;
                var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ErrorAsync(context, StatusCodes.Status429TooManyRequests, -32002,
                    "Too many requests: at most " + _settings.RateLimit!.Requests + " per " + Upstream.UpstreamClient.Describe(_settings.RateLimit.Per) + " for this key; retry after " + seconds + " s").ConfigureAwait(false);
                return;
            }
        }

        await PostAsync(context, key, _options.For(_readOnly ? ReadOnlyScopes(key) : key.Scopes), sessions: _sessions is not null).ConfigureAwait(false);
    }

    /// <summary>Whether the Host and Origin headers are allowed (DNS-rebinding protection).</summary>
    internal bool RequestAllowed(HttpRequest request) =>
        HostAllowed(request.Host.Host) && !(request.Headers.Origin.ToString() is { Length: > 0 } origin && !OriginAllowed(origin));

    /// <summary>
    /// Reads one POSTed JSON-RPC message and answers it over <paramref name="options"/>: in the caller's session when
    /// <paramref name="sessions"/>, else with a fresh stateless server. The registry's tenant endpoint answers through this too.
    /// </summary>
    /// <param name="inSession">
    /// Answers the message in a session of the caller's own (returns true; given the message and whether the client takes
    /// SSE); when it returns false, a fresh stateless server answers. The registry's tenant sessions come in here.
    /// </param>
    internal async Task PostAsync(HttpContext context, ApiKey key, McpServerOptions options, bool sessions, Func<HttpContext, JsonRpcMessage, bool, Task<bool>>? inSession = null)
    {
        var request = context.Request;
        var accept = request.Headers.Accept.ToString();
        var sse = accept.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        var json = accept.Length == 0 || accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) || accept.Contains("*/*", StringComparison.Ordinal);
        if (!sse && !json)
        {
            await ErrorAsync(context, StatusCodes.Status406NotAcceptable, -32600, "Not acceptable: accept application/json or text/event-stream").ConfigureAwait(false);
            return;
        }

        JsonRpcMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync(request.Body, MessageType, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, -32700, "Parse error: " + ex.Message).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, -32600, "Request too large: at most " + _settings.MaxRequestBytes + " bytes").ConfigureAwait(false);
            return;
        }
        if (message is null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, -32600, "Invalid request: expected one JSON-RPC message").ConfigureAwait(false);
            return;
        }

        if (sessions && _sessions is not null)
        {
            await _sessions.HandlePostAsync(context, message, key, options, sse).ConfigureAwait(false);
            return;
        }
        if (inSession is not null && await inSession(context, message, sse).ConfigureAwait(false)) return;
        await ServeAsync(context, message, options, sse).ConfigureAwait(false);
    }

    private static async Task ServeAsync(HttpContext context, JsonRpcMessage message, McpServerOptions options, bool sse)
    {
        var transport = new StreamableHttpServerTransport { Stateless = true, FlowExecutionContextFromRequests = true };
        await using var server = McpServer.Create(transport, options);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var run = server.RunAsync(stop.Token);
        try
        {
            bool wrote;
            if (sse)
            {
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache, no-store";
                wrote = await transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                // A client that takes only JSON gets the one response message, without the SSE framing.
                using var buffer = new MemoryStream();
                wrote = await transport.HandlePostRequestAsync(message, buffer, context.RequestAborted).ConfigureAwait(false);
                if (wrote && LastSseData(buffer.ToArray()) is { } data)
                {
                    context.Response.ContentType = "application/json";
                    await context.Response.Body.WriteAsync(data, context.RequestAborted).ConfigureAwait(false);
                }
            }
            if (!wrote)
            {
                context.Response.ContentType = null;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        finally
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            stop.Cancel();
            try
            {
                await run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static System.Collections.Generic.IReadOnlySet<string> ReadOnlyScopes(ApiKey key) =>
        key.Scopes.Contains(ToolScopes.Read) ? new System.Collections.Generic.HashSet<string> { ToolScopes.Read } : new System.Collections.Generic.HashSet<string>();

    /// <summary>The caller's key, or null. Without key checking configured, everyone is "anonymous" with every scope.</summary>
    private ApiKey? Authenticate(HttpRequest request, out string? presented)
    {
        presented = null;
        if (!_settings.RequiresKey) return Anonymous;
        if (_settings.KeyHeader is { } header && request.Headers[header].ToString() is { Length: > 0 } fromHeader) presented = fromHeader;
        else if (_settings.KeyBearer && request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) presented = auth[7..].Trim();
        else if (_settings.KeyQuery is { } query && request.Query[query].ToString() is { Length: > 0 } fromQuery) presented = fromQuery;
        if (presented is null) return null;
        if (_keys.Find(presented) is { } listed) return listed;
        // Forwarding without a key list: the upstream is the judge. The id is a hash prefix, never the key.
        return _settings.ForwardsCallerKey && _keys.Count == 0
            ? new ApiKey("key-" + Convert.ToHexString(ApiKeys.Hash(presented))[..12].ToLowerInvariant(), [], Anonymous.Scopes)
            : null;
    }

    private static readonly ApiKey Anonymous = new("anonymous", [], new System.Collections.Generic.HashSet<string> { ToolScopes.Read, ToolScopes.Write, ToolScopes.Admin });

    private bool HostAllowed(string host) =>
        host is "localhost" or "127.0.0.1" or "[::1]" or "::1"
        || _settings.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);

    private bool OriginAllowed(string origin)
    {
        if (_settings.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase)) return true;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme is "http" or "https") && uri.Host is "localhost" or "127.0.0.1" or "[::1]";
    }

    /// <summary>The data of the last SSE event in a buffer (the JSON-RPC response).</summary>
    internal static byte[]? LastSseData(byte[] sse)
    {
        byte[]? last = null;
        foreach (var line in Encoding.UTF8.GetString(sse).Split('\n'))
        {
            if (line.StartsWith("data:", StringComparison.Ordinal)) last = Encoding.UTF8.GetBytes(line[5..].Trim());
        }
        return last;
    }

    internal static async Task ErrorAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteNull("id");
            writer.WriteStartObject("error");
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        await context.Response.Body.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
    }
}
