using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Runtime.Upstream;

/// <summary>
/// Sends <see cref="UpstreamRequest"/>s to the upstream API. Never throws for an upstream problem: a failed
/// call comes back as an <see cref="UpstreamResponse"/> with <see cref="UpstreamResponse.Failure"/> set, so the
/// tool can turn it into an <c>isError</c> result. Only the caller's own cancellation propagates.
/// </summary>
public sealed class UpstreamClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly UpstreamOptions _options;
    private readonly HttpMessageHandler? _handler;
    private readonly string _baseUrl;
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
        var query = request.Query;
        _options.Auth.ApplyToQuery(query);
        var url = _baseUrl + request.Path + query;
        var method = request.Method.Method;

        using var message = new HttpRequestMessage(request.Method, url);
        foreach (var header in _options.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        foreach (var header in request.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        _options.Auth.ApplyToRequest(message);
        if (request.JsonBody is { } body)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = JsonContentType;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return new UpstreamResponse
            {
                Method = method,
                Path = request.Path,
                Status = (int)response.StatusCode,
                ReasonPhrase = response.ReasonPhrase,
                MediaType = response.Content.Headers.ContentType?.MediaType,
                Body = bytes,
                RetryAfter = RetryAfter(response.Headers.RetryAfter),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(method, request.Path, "no answer within " + Describe(_options.Timeout) + " (timeout)");
        }
        catch (HttpRequestException ex)
        {
            return Failed(method, request.Path, DescribeFailure(ex));
        }
    }

    private static UpstreamResponse Failed(string method, string path, string failure) =>
        new() { Method = method, Path = path, Failure = failure };

    private static string DescribeFailure(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the upstream host name could not be resolved (DNS)",
        HttpRequestError.ConnectionError => "could not connect to the upstream (connection refused or unreachable)",
        HttpRequestError.SecureConnectionError => "the TLS handshake with the upstream failed",
        HttpRequestError.ResponseEnded => "the upstream closed the connection before the response was complete",
        HttpRequestError.InvalidResponse => "the upstream sent an invalid HTTP response",
        _ => "the request to the upstream failed (" + ex.HttpRequestError + ")",
    };

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? value) =>
        value?.Delta ?? (value?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    internal static string Describe(TimeSpan t) =>
        t.TotalSeconds >= 1 ? t.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " s" : t.TotalMilliseconds + " ms";

    private HttpClient CreateHttpClient()
    {
        var handler = _handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        // The per-request linked token enforces the spec's timeout; HttpClient's own would race it.
        return new HttpClient(handler, disposeHandler: _handler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose() => _http?.Dispose();
}
