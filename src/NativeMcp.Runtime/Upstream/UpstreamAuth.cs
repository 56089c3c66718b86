using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NativeMcp.Runtime.Vocabulary;

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

    /// <summary>An API key in a cookie.</summary>
    public static UpstreamAuth Cookie(string name, string value) => new CookieAuth(name, value);

    /// <summary>Schemes applied together (one OpenAPI security requirement with several schemes).</summary>
    public static UpstreamAuth AllOf(params UpstreamAuth[] schemes) => new AllOfAuth(schemes);

    /// <summary>
    /// OpenAPI's OR of security requirements: the first alternative whose credentials are all configured is
    /// used; when none is, every call fails with <see cref="FailureCodes.CredentialsMissing"/> naming the
    /// variables each alternative needs (never a value).
    /// </summary>
    public static UpstreamAuth AnyOf(params AuthAlternative[] alternatives)
    {
        foreach (var alternative in alternatives)
        {
            if (alternative.Configured) return alternative.Auth;
        }
        return new MissingAuth(alternatives);
    }

    /// <summary>Query parameters the credential adds to the URL, unescaped (only the query kind has them).</summary>
    internal virtual void AddQuery(System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, string>> pairs)
    {
    }

    /// <summary>Cookie pairs the credential adds, unescaped (only the cookie kind has them).</summary>
    internal virtual void AddCookies(System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, string>> pairs)
    {
    }

    /// <summary>The credential's query parameters as escaped <c>name=value</c> pairs joined by '&amp;'; "" when it has none.</summary>
    internal string QueryText()
    {
        var pairs = new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, string>>();
        AddQuery(pairs);
        return string.Join("&", System.Linq.Enumerable.Select(pairs, p => PercentEncoding.Encode(p.Key) + "=" + PercentEncoding.Encode(p.Value)));
    }

    /// <summary>The credential's cookies as escaped pairs, to append to a request's own (already escaped) ones.</summary>
    internal System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, string>> EscapedCookies()
    {
        var pairs = new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, string>>();
        AddCookies(pairs);
        return System.Linq.Enumerable.Select(pairs, p => new System.Collections.Generic.KeyValuePair<string, string>(PercentEncoding.Encode(p.Key), PercentEncoding.Encode(p.Value)));
    }

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

        internal override void AddQuery(System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, string>> pairs) =>
            pairs.Add(new(name, ValueFor(value, forwardCaller)));
    }

    private sealed class CookieAuth(string name, string value) : UpstreamAuth
    {
        internal override string[] SecretValues => [value];

        internal override void AddCookies(System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, string>> pairs) =>
            pairs.Add(new(name, value));
    }

    private sealed class AllOfAuth(UpstreamAuth[] schemes) : UpstreamAuth
    {
        internal override string[] SecretValues => [.. System.Linq.Enumerable.SelectMany(schemes, s => s.SecretValues)];

        internal override async ValueTask<UpstreamFailure?> ApplyAsync(HttpRequestMessage request, HttpClient http, CancellationToken cancellationToken)
        {
            foreach (var scheme in schemes)
            {
                if (await scheme.ApplyAsync(request, http, cancellationToken).ConfigureAwait(false) is { } failure) return failure;
            }
            return null;
        }

        internal override bool Invalidate(HttpRequestMessage rejected)
        {
            var any = false;
            foreach (var scheme in schemes) any |= scheme.Invalidate(rejected);
            return any;
        }

        internal override void AddQuery(System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, string>> pairs)
        {
            foreach (var scheme in schemes) scheme.AddQuery(pairs);
        }

        internal override void AddCookies(System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, string>> pairs)
        {
            foreach (var scheme in schemes) scheme.AddCookies(pairs);
        }
    }

    private sealed class MissingAuth(AuthAlternative[] alternatives) : UpstreamAuth
    {
        private readonly UpstreamFailure _failure = new(FailureCodes.CredentialsMissing,
            "no credentials are configured for this operation; set " +
            string.Join(", or ", System.Linq.Enumerable.Select(alternatives, a => string.Join(" and ", a.Variables) + " (" + a.Name + ")")));

        internal override ValueTask<UpstreamFailure?> ApplyAsync(HttpRequestMessage request, HttpClient http, CancellationToken cancellationToken) =>
            ValueTask.FromResult<UpstreamFailure?>(_failure);
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

/// <summary>One alternative of <see cref="UpstreamAuth.AnyOf"/>: its name, the variables its credentials come from, and whether all are set.</summary>
public sealed record AuthAlternative(string Name, string[] Variables, bool Configured, UpstreamAuth Auth);
