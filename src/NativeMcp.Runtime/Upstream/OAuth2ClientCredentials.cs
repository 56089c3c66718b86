using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Upstream;

/// <summary>The spec's <c>auth: { type: oauth2 }</c>, with env already substituted.</summary>
public sealed class OAuth2Options
{
    public required string TokenUrl { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public string? Audience { get; init; }
}

/// <summary>
/// OAuth2 client credentials (RFC 6749 4.4). The token is cached until shortly before it expires; calls
/// that need one while it is being fetched share that one token request; a 401 from the API drops it.
/// The refresh-token grant (<see cref="OAuth2RefreshToken"/>) is the same cache with another grant.
/// </summary>
internal class OAuth2ClientCredentials(OAuth2Options options) : UpstreamAuth
{
    // Refresh this long before expiry (or a tenth of the lifetime, if shorter), so no call carries a token
    // that expires on its way.
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private Task<TokenResult>? _pending;
    private string? _token;
    private DateTimeOffset _expiresAt;

    /// <summary>Token requests made so far (tests assert sharing and caching with it).</summary>
    internal int TokenRequests;

    internal override string[] SecretValues => Grant.Secrets is { } grant ? [options.ClientSecret, _token ?? "", .. grant] : [options.ClientSecret, _token ?? ""];

    /// <summary>The grant's form fields and the secrets they carry; client credentials by default.</summary>
    private protected virtual (KeyValuePair<string, string>[] Form, string[]? Secrets) Grant => ([new("grant_type", "client_credentials")], null);

    /// <summary>Sees each successful token answer (a refresh-token grant keeps a rotated refresh token).</summary>
    private protected virtual void Received(JsonElement answer)
    {
    }

    internal override async ValueTask<UpstreamFailure?> ApplyAsync(HttpRequestMessage request, HttpClient http, CancellationToken cancellationToken)
    {
        var result = await GetTokenAsync(http).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (result.Failure is { } failure) return failure;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", result.Token);
        return null;
    }

    internal override bool Invalidate(HttpRequestMessage rejected)
    {
        lock (_gate)
        {
            // Only drop the token the API rejected; a concurrent call may already have a newer one.
            if (_token is not null && rejected.Headers.Authorization?.Parameter == _token) _token = null;
        }
        return true;
    }

    private Task<TokenResult> GetTokenAsync(HttpClient http)
    {
        lock (_gate)
        {
            if (_token is not null && DateTimeOffset.UtcNow < _expiresAt) return Task.FromResult(new TokenResult(_token, null));
            // One token request at a time, shared by every caller that arrives while it runs.
            return _pending ??= FetchAsync(http);
        }
    }

    private async Task<TokenResult> FetchAsync(HttpClient http)
    {
        try
        {
            Interlocked.Increment(ref TokenRequests);
            var form = new List<KeyValuePair<string, string>>(Grant.Form);
            if (options.Scopes.Count > 0) form.Add(new("scope", string.Join(' ', options.Scopes)));
            if (options.Audience is { Length: > 0 } audience) form.Add(new("audience", audience));
            // A public client (no secret) identifies itself in the form instead (RFC 6749 3.2.1).
            if (options.ClientSecret.Length == 0) form.Add(new("client_id", options.ClientId));

            using var message = new HttpRequestMessage(HttpMethod.Post, options.TokenUrl) { Content = new FormUrlEncodedContent(form) };
            if (options.ClientSecret.Length > 0)
            {
                // Client authentication by HTTP Basic, which RFC 6749 (2.3.1) requires every server to support.
                message.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(options.ClientId) + ":" + Uri.EscapeDataString(options.ClientSecret))));
            }
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var response = await http.SendAsync(message, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new TokenResult(null, new UpstreamFailure(FailureCodes.Unauthorized,
                    "the OAuth2 token endpoint answered HTTP " + (int)response.StatusCode + TokenError(body) + "; check the client id and secret"));
            }

            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (!root.TryGetProperty("access_token", out var tokenElement) || tokenElement.GetString() is not { Length: > 0 } token)
            {
                return new TokenResult(null, new UpstreamFailure(FailureCodes.Unauthorized, "the OAuth2 token endpoint answered without an access_token"));
            }
            var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.FromMinutes(5);
            var margin = lifetime / 10 < RefreshMargin ? lifetime / 10 : RefreshMargin;
            Received(root);
            lock (_gate)
            {
                _token = token;
                _expiresAt = DateTimeOffset.UtcNow + lifetime - margin;
            }
            return new TokenResult(token, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException)
        {
            var why = ex switch
            {
                HttpRequestException requestError => UpstreamClient.Describe(requestError),
                OperationCanceledException => "no answer within 30 s",
                _ => "its answer is not valid JSON",
            };
            return new TokenResult(null, new UpstreamFailure(FailureCodes.Unauthorized, "could not get an OAuth2 token: " + why));
        }
        finally
        {
            lock (_gate) _pending = null;
        }
    }

    private static string TokenError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                ? " (" + error.GetString() + ")"
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private readonly record struct TokenResult(string? Token, UpstreamFailure? Failure);
}
