using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace NativeMcp.Runtime.Upstream;

/// <summary>How requests authenticate toward the upstream API, as the spec's <c>upstream.auth</c> declares.</summary>
public abstract class UpstreamAuth
{
    public static readonly UpstreamAuth None = new NoAuth();

    public static UpstreamAuth Bearer(string token) => new BearerAuth(token);

    public static UpstreamAuth Header(string name, string value) => new HeaderAuth(name, value);

    public static UpstreamAuth Query(string name, string value) => new QueryAuth(name, value);

    public static UpstreamAuth Basic(string username, string password) => new BasicAuth(username, password);

    /// <summary>Adds a query parameter before the URI is built (only the query kind does).</summary>
    internal virtual void ApplyToQuery(QueryString query)
    {
    }

    internal virtual void ApplyToRequest(HttpRequestMessage request)
    {
    }

    private sealed class NoAuth : UpstreamAuth
    {
    }

    private sealed class BearerAuth(string token) : UpstreamAuth
    {
        private readonly AuthenticationHeaderValue _header = new("Bearer", token);

        internal override void ApplyToRequest(HttpRequestMessage request) => request.Headers.Authorization = _header;
    }

    private sealed class HeaderAuth(string name, string value) : UpstreamAuth
    {
        internal override void ApplyToRequest(HttpRequestMessage request) => request.Headers.TryAddWithoutValidation(name, value);
    }

    private sealed class QueryAuth(string name, string value) : UpstreamAuth
    {
        internal override void ApplyToQuery(QueryString query) => query.Add(name, value);
    }

    private sealed class BasicAuth(string username, string password) : UpstreamAuth
    {
        private readonly AuthenticationHeaderValue _header =
            new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password)));

        internal override void ApplyToRequest(HttpRequestMessage request) => request.Headers.Authorization = _header;
    }
}
