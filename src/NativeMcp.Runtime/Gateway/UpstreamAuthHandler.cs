using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using NativeMcp.Runtime.Upstream;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// Puts an upstream's credential on every request the SDK's HTTP transport sends (POSTs and the SSE GET), and
/// after a 401 drops it and tries once more with a fresh one (an OAuth2 token that was revoked or expired early).
/// </summary>
internal sealed class UpstreamAuthHandler : DelegatingHandler
{
    private readonly UpstreamAuth _auth;
    private readonly HttpClient _tokens;

    public UpstreamAuthHandler(UpstreamAuth auth, HttpMessageHandler inner) : base(inner)
    {
        _auth = auth;
        // Token requests go straight to the inner handler, without this one's credential.
        _tokens = new HttpClient(inner, disposeHandler: false);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The same escaped credential pairs the REST client sends (UpstreamAuth.QueryText, EscapedCookies).
        if (_auth.QueryText() is { Length: > 0 } query && request.RequestUri is { } uri)
        {
            request.RequestUri = new Uri(uri.GetLeftPart(UriPartial.Path) + (uri.Query.Length > 1 ? uri.Query + "&" : "?") + query);
        }
        var cookies = string.Join("; ", System.Linq.Enumerable.Select(_auth.EscapedCookies(), c => c.Key + "=" + c.Value));
        if (cookies.Length > 0) request.Headers.TryAddWithoutValidation("Cookie", cookies);
        if (await _auth.ApplyAsync(request, _tokens, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            // The SDK turns a non-success status into its error; the text says why the credential is missing.
            return new HttpResponseMessage(HttpStatusCode.Unauthorized) { RequestMessage = request, ReasonPhrase = failure.Message };
        }
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !_auth.Invalidate(request)) return response;
        response.Dispose();
        if (await _auth.ApplyAsync(request, _tokens, cancellationToken).ConfigureAwait(false) is { } again)
        {
            return new HttpResponseMessage(HttpStatusCode.Unauthorized) { RequestMessage = request, ReasonPhrase = again.Message };
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _tokens.Dispose();
        base.Dispose(disposing);
    }
}
