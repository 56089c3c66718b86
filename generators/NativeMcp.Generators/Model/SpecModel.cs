namespace NativeMcp.Generators.Model;

// The pipeline model of one spec: strings, numbers, enums and equatable arrays only (no YAML nodes,
// no Roslyn symbols or locations), so that the driver caches it by value.

internal sealed record SpecModel(
    ServerModel Server,
    EquatableArray<EnvVarModel> Env,
    EquatableArray<UpstreamModel> Upstreams,
    EquatableArray<ToolModel> Tools,
    EquatableArray<ResourceModel> Resources,
    EquatableArray<PromptModel> Prompts,
    ServeModel? Serve = null);

/// <summary>The spec's <c>serve</c> section: Streamable HTTP settings and inbound API keys.</summary>
internal sealed record ServeModel(
    Template? Port,
    string? Host,
    string? Path,
    long? MaxRequestBytes,
    EquatableArray<string> AllowedHosts,
    EquatableArray<string> AllowedOrigins,
    string? KeyHeader,
    bool KeyBearer,
    string? KeyQuery,
    Template? Keys,
    Template? KeysFile,
    RateLimitModel? RateLimit,
    bool Sessions);

internal sealed record ServerModel(
    string Name,
    string? Title,
    string Version,
    string Binary,
    string? Instructions,
    string? StartupMessage,
    int? DrainTimeoutMilliseconds,
    long? MaxArgumentBytes);

internal sealed record EnvVarModel(
    string Name,
    bool Required,
    bool Secret,
    string? Default,
    string? Description);

/// <summary>One upstream API. <see cref="Name"/> is "default" for the single <c>upstream</c> form.</summary>
internal sealed record UpstreamModel(
    string Name,
    Template BaseUrl,
    AuthModel Auth,
    EquatableArray<HeaderModel> Headers,
    int TimeoutMilliseconds,
    EquatableArray<ErrorHintModel> Errors,
    RateLimitModel? RateLimit,
    RetryModel? Retry,
    long? MaxResponseBytes);

internal sealed record RateLimitModel(int Requests, int PerMilliseconds, int? MaxWaitMilliseconds);

internal sealed record RetryModel(int? MaxAttempts, EquatableArray<int> Statuses, int? BaseDelayMilliseconds, int? MaxDelayMilliseconds, int? MaxElapsedMilliseconds);

internal enum AuthKind
{
    None,
    Bearer,
    Header,
    Query,
    Basic,
    OAuth2,
}

/// <summary>
/// Auth toward an upstream. Name is the header/query name. First/Second are token/value, username/password,
/// or (OAuth2) client id/secret; TokenUrl, Scopes and Audience are OAuth2's.
/// </summary>
/// <param name="Forward">Over HTTP, send the caller's own key instead of the configured one (header, query, bearer).</param>
internal sealed record AuthModel(AuthKind Kind, string? Name, Template? First, Template? Second, Template? TokenUrl = null, EquatableArray<string> Scopes = default, Template? Audience = null, bool Forward = false);

internal sealed record HeaderModel(string Name, Template Value);

internal sealed record ErrorHintModel(int Status, string Hint);
