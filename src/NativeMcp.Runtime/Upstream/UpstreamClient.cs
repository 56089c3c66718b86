using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Upstream;

/// <summary>
/// Sends <see cref="UpstreamRequest"/>s to one upstream API: client-side rate limit, auth (OAuth2 tokens
/// refreshed once on a 401), per-attempt timeout, retries with backoff for transient failures, and a cap on
/// the response size. Never throws for an upstream problem: a failed call comes back as an
/// <see cref="UpstreamResponse"/> with <see cref="UpstreamResponse.Failure"/> set. Only the caller's own
/// cancellation (MCP <c>notifications/cancelled</c>) propagates, and it aborts the HTTP request.
/// </summary>
public sealed class UpstreamClient : IDisposable
{
    private readonly UpstreamOptions _options;
    private readonly HttpMessageHandler? _handler;
    private readonly string _baseUrl;
    private RateLimiter? _limiter;
    private HttpClient? _http;

    /// <param name="handler">Test seam and custom transport; by default a pooled <see cref="SocketsHttpHandler"/>.</param>
    public UpstreamClient(UpstreamOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        _handler = handler;
        _baseUrl = options.BaseUrl.TrimEnd('/');
    }

    public UpstreamOptions Options => _options;

    // Created on the first call, not at start-up: a server that is only listed costs no socket setup.
    private HttpClient Http => _http ??= CreateHttpClient();

    public async Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        if (request.Invalid is { } invalid)
        {
            return Failed(request.Method.Method, request.Path, new UpstreamFailure(FailureCodes.InvalidArgument, invalid), 1);
        }
        var clock = Stopwatch.StartNew();
        var retry = request.Retryable ? _options.Retry : null;
        var auth = request.Auth ?? _options.Auth;
        var refreshedAuth = false;
        for (var attempt = 1; ; attempt++)
        {
            if (await AcquireTurnAsync(request, clock, cancellationToken).ConfigureAwait(false) is { } limited)
            {
                return limited;
            }

            var (response, rejected) = await SendOnceAsync(request, auth, attempt, cancellationToken).ConfigureAwait(false);

            // A 401 with a refreshable credential (OAuth2): drop the token and try once more, whatever the method.
            if (response.Status == 401 && !refreshedAuth && rejected is not null && auth.Invalidate(rejected))
            {
                refreshedAuth = true;
                attempt--;
                continue;
            }

            if (retry is null || attempt >= retry.MaxAttempts || !IsTransient(response, retry)) return response;

            var delay = response.RetryAfter ?? retry.Backoff(attempt);
            if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
            // The upstream asks for a longer pause than the policy allows, or the pause would overrun the
            // call's time budget: give the model the answer now, with its Retry-After.
            if (delay > retry.MaxDelay || clock.Elapsed + delay > retry.MaxElapsed) return response;
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(UpstreamResponse response, RetryPolicy retry) =>
        response.Failure is { Code: FailureCodes.UpstreamUnreachable } || (response.Failure is null && System.Linq.Enumerable.Contains(retry.Statuses, response.Status));

    private async Task<UpstreamResponse?> AcquireTurnAsync(UpstreamRequest request, Stopwatch clock, CancellationToken cancellationToken)
    {
        if (_options.RateLimit is not { } limit) return null;
        // Built on the first call, not at start-up: its replenishment timer costs start-up time for nothing.
        var limiter = LazyInitializer.EnsureInitialized(ref _limiter, () => CreateLimiter(limit));
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(limit.MaxWait);
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(1, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return RateLimited(request, limit, clock.Elapsed, retryAfter: TimeSpan.Zero);
        }

        using (lease)
        {
            if (lease.IsAcquired) return null;
            lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
            return RateLimited(request, limit, clock.Elapsed, retryAfter);
        }
    }

    private UpstreamResponse RateLimited(UpstreamRequest request, RateLimitPolicy limit, TimeSpan waited, TimeSpan retryAfter)
    {
        // No exact time is known when the wait simply ran out: one window is when the oldest calls leave it.
        var after = retryAfter > TimeSpan.Zero ? retryAfter : limit.Per / limit.Requests * Math.Max(1, limit.Requests / 10);
        return new UpstreamResponse
        {
            Upstream = _options,
            Method = request.Method.Method,
            Path = request.Path,
            RetryAfter = after,
            Failure = new UpstreamFailure(FailureCodes.RateLimited,
                "the client-side limit of " + limit.Requests + " requests per " + Describe(limit.Per) + " to " + _options.Name +
                " is reached; this call waited " + Describe(waited) + " for its turn"),
        };
    }

    private async Task<(UpstreamResponse Response, HttpRequestMessage? Rejected)> SendOnceAsync(
        UpstreamRequest request, UpstreamAuth auth, int attempt, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;
        var message = new HttpRequestMessage(request.Method, BuildUrl(request, auth));
        foreach (var header in _options.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        foreach (var header in request.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        var cookies = new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, string>>(request.Cookies);
        cookies.AddRange(auth.EscapedCookies());
        if (cookies.Count > 0) message.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", System.Linq.Enumerable.Select(cookies, c => c.Key + "=" + c.Value)));
        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }

        var timeoutAfter = request.Timeout ?? _options.Timeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutAfter);
        try
        {
            if (await auth.ApplyAsync(message, Http, timeout.Token).ConfigureAwait(false) is { } authFailure)
            {
                message.Dispose();
                return (Failed(method, request.Path, authFailure, attempt), null);
            }

            using var response = await Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var contentLength = response.Content.Headers.ContentLength;
            if (contentLength > _options.MaxResponseBytes)
            {
                return (TooLarge(method, request.Path, attempt, contentLength), message);
            }
            var bytes = await ReadCappedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            if (bytes is null) return (TooLarge(method, request.Path, attempt, null), message);

            return (new UpstreamResponse
            {
                Upstream = _options,
                Method = method,
                Path = request.Path,
                Status = (int)response.StatusCode,
                ReasonPhrase = response.ReasonPhrase,
                MediaType = response.Content.Headers.ContentType?.MediaType,
                Body = bytes,
                RetryAfter = RetryAfter(response.Headers.RetryAfter),
                Attempts = attempt,
            }, message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            message.Dispose();
            return (Failed(method, request.Path, new UpstreamFailure(FailureCodes.UpstreamTimeout, "no answer within " + Describe(timeoutAfter)), attempt), null);
        }
        catch (HttpRequestException ex)
        {
            message.Dispose();
            return (Failed(method, request.Path, Classify(ex), attempt), null);
        }
    }

    private string BuildUrl(UpstreamRequest request, UpstreamAuth auth)
    {
        var query = request.Query.ToString();
        if (auth.QueryText() is { Length: > 0 } credentials) query += (query.Length == 0 ? "?" : "&") + credentials;
        return _baseUrl + request.Path + query;
    }

    /// <summary>Reads at most the cap (plus one byte to notice a longer body); null when it is over.</summary>
    private async Task<byte[]?> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > _options.MaxResponseBytes) return null;
        }
        return buffer.ToArray();
    }

    private UpstreamResponse TooLarge(string method, string path, int attempt, long? length) =>
        Failed(method, path, new UpstreamFailure(FailureCodes.ResponseTooLarge,
            "the answer is larger than the " + DescribeSize(_options.MaxResponseBytes) + " cap" +
            (length is { } l ? " (" + DescribeSize(l) + ")" : "") + "; ask for less, e.g. with filters or a smaller page"), attempt);

    private UpstreamResponse Failed(string method, string path, UpstreamFailure failure, int attempt) =>
        new() { Upstream = _options, Method = method, Path = path, Failure = failure, Attempts = attempt };

    private static UpstreamFailure Classify(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => new(FailureCodes.DnsFailure, Describe(ex)),
        HttpRequestError.SecureConnectionError => new(FailureCodes.TlsFailure, Describe(ex)),
        _ => new(FailureCodes.UpstreamUnreachable, Describe(ex)),
    };

    internal static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the upstream host name could not be resolved (DNS)",
        HttpRequestError.ConnectionError => "could not connect to the upstream (connection refused or unreachable)",
        HttpRequestError.SecureConnectionError => "the TLS handshake with the upstream failed (certificate not trusted or protocol mismatch)",
        HttpRequestError.ResponseEnded => "the upstream closed the connection before the response was complete",
        HttpRequestError.InvalidResponse => "the upstream sent an invalid HTTP response",
        _ => "the request to the upstream failed (" + ex.HttpRequestError + ")",
    };

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? value) =>
        value?.Delta ?? (value?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    internal static string Describe(TimeSpan t) =>
        t.TotalMinutes >= 1 && t.TotalSeconds % 60 == 0 ? (t.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min")
        : t.TotalSeconds >= 1 ? t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
        : t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    internal static string DescribeSize(long bytes) =>
        bytes >= 1024 * 1024 ? (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : bytes >= 1024 ? (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB"
        : bytes + " bytes";

    private static RateLimiter CreateLimiter(RateLimitPolicy limit)
    {
        // A sliding window in ten segments: no burst of 2x at a window edge, as a fixed window would allow.
        // The queue holds at most what the window can serve within MaxWait; later calls fail at once
        // with a Retry-After instead of waiting past their bound.
        var windows = Math.Max(1.0, limit.MaxWait / limit.Per);
        return new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limit.Requests,
            Window = limit.Per,
            SegmentsPerWindow = 10,
            QueueLimit = (int)Math.Min(int.MaxValue, Math.Ceiling(windows * limit.Requests)),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    private HttpClient CreateHttpClient()
    {
        var handler = _handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        // Each attempt's linked token enforces the spec's timeout; HttpClient's own would race it.
        return new HttpClient(handler, disposeHandler: _handler is null) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public void Dispose()
    {
        _http?.Dispose();
        _limiter?.Dispose();
    }
}
