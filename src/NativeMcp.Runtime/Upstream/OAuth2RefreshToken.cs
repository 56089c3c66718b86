using System.Collections.Generic;
using System.Text.Json;

namespace NativeMcp.Runtime.Upstream;

/// <summary>
/// OAuth2 refresh-token grant (RFC 6749 6): each access token is got by presenting the refresh token, cached
/// and renewed before it expires or after a 401, like client credentials. A server that rotates refresh
/// tokens sends a new one with each answer; the next refresh presents that one.
/// </summary>
internal sealed class OAuth2RefreshToken(OAuth2Options options, string refreshToken) : OAuth2ClientCredentials(options)
{
    private readonly string _original = refreshToken;
    private volatile string _refreshToken = refreshToken;

    private protected override (KeyValuePair<string, string>[] Form, string[]? Secrets) Grant =>
        ([new("grant_type", "refresh_token"), new("refresh_token", _refreshToken)], [_original, _refreshToken]);

    private protected override void Received(JsonElement answer)
    {
        if (answer.TryGetProperty("refresh_token", out var rotated) && rotated.ValueKind == JsonValueKind.String && rotated.GetString() is { Length: > 0 } next)
        {
            _refreshToken = next;
        }
    }
}
