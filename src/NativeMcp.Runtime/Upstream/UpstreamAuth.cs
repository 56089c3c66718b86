using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Runtime.Upstream;

/// <summary>How requests authenticate toward an upstream API: the spec's <c>auth</c> (upstream or per tool).</summary>
public abstract class UpstreamAuth
{
    public static readonly UpstreamAuth None = new NoAuth();

    /// <param name="forwardCaller">Over HTTP, send the caller's own key (<see cref="CallerCredential"/>) instead.</param>
    public static UpstreamAuth Bearer(string token, bool forwardCaller = false) => new BearerAuth(token, forwardCaller);

    public static UpstreamAuth Header(string name, string value, bool forwardCaller = false) => new HeaderAuth(name, value, forwardCaller);

    public static UpstreamAuth Query(string name, string value, bool forwardCaller = false) => new QueryAuth(name, value, forwardCaller);

    /// <summary>The configured value, or the HTTP caller's key when this auth forwards it and there is one.</summary>
    private protected static string ValueFor(string configured, bool forwardCaller) =>
        forwardCaller && CallerCredential.Current is { Length: > 0 } caller ? caller : configured;

    public static UpstreamAuth Basic(string username, string password) => new BasicAuth(username, password);

    public static UpstreamAuth OAuth2ClientCredentials(OAuth2Options options) => new OAuth2ClientCredentials(options);

    /// <summary>OAuth2 refresh-token grant (RFC 6749 6): access tokens got with the refresh token, renewed before expiry and after a 401.</summary>
    public static UpstreamAuth OAuth2RefreshToken(OAuth2Options options, string refreshToken) => new OAuth2RefreshToken(options, refreshToken);

    /// <summary>The configured credential values, for masking in every text that leaves the server.</summary>
    internal virtual string[] SecretValues => [];

    /// <summary>A query parameter the credential adds to the URL (only the query kind has one).</summary>
    internal virtual (string Name, string Value)? QueryParameter => null;

    /// <summary>Sets headers on one attempt. May fetch a token (OAuth2) with <paramref name="http"/>.</summary>
    internal virtual ValueTask<UpstreamFailure?> ApplyAsync(HttpRequestMessage request, HttpClient http, CancellationToken cancellationToken) =>
        ValueTask.FromResult<UpstreamFailure?>(null);

    /// <summary>After a 401: drop what was used so the next attempt gets a fresh credential. True if that can help.</summary>
    internal virtual bool Invalidate(HttpRequestMessage rejected) => false;

    private sealed class NoAuth : UpstreamAuth
    {
    }

    private sealed class BearerAuth(string token, bool forwardCaller) : UpstreamAuth
    {
        internal override string[] SecretValues => [token];

        private readonly AuthenticationHeaderValue _header = new("Bearer", token);

        internal override ValueTask<UpstreamFailure?> ApplyAsync(HttpRequestMessage request, HttpClient http, CancellationToken cancellationToken)
        {
            var value = ValueFor(token, forwardCaller);
            request.Headers.Authorization = ReferenceEquals(value, token) ? _header : new AuthenticationHeaderValue("Bearer", value);
            return ValueTask.FromResult<UpstreamFailure?>(null);
        }
    }

    private sealed class HeaderAuth(string name, string value, bool forwardCaller) : UpstreamAuth
    {
        internal override string[] SecretValues => [value];

        internal override ValueTask<UpstreamFailure?> ApplyAsync(HttpRequestMessage request, HttpClient http, CancellationToken cancellationToken)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, ValueFor(value, forwardCaller));
            return ValueTask.FromResult<UpstreamFailure?>(null);
        }
    }

    private sealed class QueryAuth(string name, string value, bool forwardCaller) : UpstreamAuth
    {
        internal override string[] SecretValues => [value];

        internal override (string Name, string Value)? QueryParameter => (name, ValueFor(value, forwardCaller));
    }

    private sealed class BasicAuth(string username, string password) : UpstreamAuth
    {
        private readonly AuthenticationHeaderValue _header =
            new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password)));

        internal override string[] SecretValues => [password, _header.Parameter!];

        internal override ValueTask<UpstreamFailure?> ApplyAsync(HttpRequestMessage request, HttpClient http, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = _header;
            return ValueTask.FromResult<UpstreamFailure?>(null);
        }
    }
}
