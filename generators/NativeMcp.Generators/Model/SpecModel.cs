using NativeMcp.Generators.Common;

namespace NativeMcp.Generators.Model;

// The resolved model of one spec: strings, numbers, enums and equatable arrays only (no YAML nodes, no
// Roslyn symbols, no locations), so that the driver caches it by value. Emitters read only this.

internal sealed record SpecModel
{
    public ServerModel Server { get; init; } = new();
    public EquatableArray<EnvVarModel> Env { get; init; } = EquatableArray<EnvVarModel>.Empty;
    public EquatableArray<UpstreamModel> Upstreams { get; init; } = EquatableArray<UpstreamModel>.Empty;
    /// <summary>The MCP servers forwarded to (upstreams with a <c>transport</c>); their tools are in <see cref="Tools"/>.</summary>
    public EquatableArray<McpUpstreamModel> McpUpstreams { get; init; } = EquatableArray<McpUpstreamModel>.Empty;
    public EquatableArray<DatabaseModel> Databases { get; init; } = EquatableArray<DatabaseModel>.Empty;
    public EquatableArray<ToolModel> Tools { get; init; } = EquatableArray<ToolModel>.Empty;
    public EquatableArray<ResourceModel> Resources { get; init; } = EquatableArray<ResourceModel>.Empty;
    public EquatableArray<PromptModel> Prompts { get; init; } = EquatableArray<PromptModel>.Empty;
    /// <summary>The locked resources and resource templates of MCP upstreams that this spec serves.</summary>
    public EquatableArray<ForwardedResourceModel> ForwardedResources { get; init; } = EquatableArray<ForwardedResourceModel>.Empty;
    /// <summary>The locked prompts of MCP upstreams that this spec serves.</summary>
    public EquatableArray<ForwardedPromptModel> ForwardedPrompts { get; init; } = EquatableArray<ForwardedPromptModel>.Empty;
    public ServeModel? Serve { get; init; }
    public RegistryModel? Registry { get; init; }

    /// <summary>Resolved: the operations served in dynamic mode and their search index; null when no import is dynamic.</summary>
    public DynamicModel? Dynamic { get; init; }

    /// <summary>Resolved: the C# names of the server's generated types.</summary>
    public SpecNames Names { get; init; } = new();

    /// <summary>Resolved: whether completion/complete is served (a resource or prompt argument declares completions).</summary>
    public bool HasCompletions { get; init; }

    /// <summary>Resolved: the initialize result without protocolVersion, as compact JSON.</summary>
    public string InitializeJson { get; init; } = "";

    /// <summary>Whether resources/list and resources/read are served (spec resources or forwarded ones).</summary>
    public bool HasResources => !Resources.IsEmpty || !ForwardedResources.IsEmpty;

    /// <summary>Whether prompts/list and prompts/get are served (spec prompts or forwarded ones).</summary>
    public bool HasPrompts => !Prompts.IsEmpty || !ForwardedPrompts.IsEmpty;
}

/// <summary>The namespace and type names generated for one spec, all derived from the server name.</summary>
internal sealed record SpecNames
{
    /// <summary>NativeMcp.Generated.&lt;Server&gt;.</summary>
    public string Namespace { get; init; } = "";
    /// <summary>The folder of the spec's generated files (hint names).</summary>
    public string HintPrefix { get; init; } = "";
    public string ServerClass { get; init; } = "";
    public string ClientClass { get; init; } = "";
    public string HandlersClass { get; init; } = "";
    public string ResourcesClass { get; init; } = "";
    public string PromptsClass { get; init; } = "";
    /// <summary>The dynamic mode's compiled operation catalog.</summary>
    public string OperationsClass { get; init; } = "";
}

/// <summary>The spec's <c>serve</c> section: Streamable HTTP settings and inbound API keys.</summary>
internal sealed record ServeModel
{
    public Template? Port { get; init; }
    public string? Host { get; init; }
    public string? Path { get; init; }
    public long? MaxRequestBytes { get; init; }
    public EquatableArray<string> AllowedHosts { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> AllowedOrigins { get; init; } = EquatableArray<string>.Empty;
    public string? KeyHeader { get; init; }
    public bool KeyBearer { get; init; }
    public string? KeyQuery { get; init; }
    public Template? Keys { get; init; }
    public Template? KeysFile { get; init; }
    public RateLimitModel? RateLimit { get; init; }
    public bool Sessions { get; init; }
}

internal sealed record ServerModel
{
    public string Name { get; init; } = "";
    public string? Title { get; init; }
    public string Version { get; init; } = "";
    public string Binary { get; init; } = "";
    public string? Instructions { get; init; }
    public string? StartupMessage { get; init; }
    /// <summary>How long the stdio server finishes requests already read after end of input or a signal.</summary>
    public int? DrainTimeoutMilliseconds { get; init; }
    /// <summary>The largest single argument a tool call may carry, in bytes of JSON.</summary>
    public long? MaxArgumentBytes { get; init; }
}

/// <param name="Url">Set by the resolver when the value begins a URL the server dials (see <c>Resolution/UrlVariables</c>).</param>
internal sealed record EnvVarModel(
    string Name,
    bool Required,
    bool Secret,
    string? Default,
    string? Description,
    bool Url = false);

/// <summary>One upstream API. <see cref="Name"/> is "default" for the single <c>upstream</c> form.</summary>
internal sealed record UpstreamModel
{
    public string Name { get; init; } = "";
    public Template BaseUrl { get; init; } = Template.Empty;
    /// <summary>An env var that, when set, is the whole base URL instead of <see cref="BaseUrl"/> (an OpenAPI server with variables).</summary>
    public string? BaseUrlOverride { get; init; }
    public AuthModel Auth { get; init; } = AuthModel.None;
    public EquatableArray<HeaderModel> Headers { get; init; } = EquatableArray<HeaderModel>.Empty;
    public int TimeoutMilliseconds { get; init; }
    public EquatableArray<ErrorHintModel> Errors { get; init; } = EquatableArray<ErrorHintModel>.Empty;
    public RateLimitModel? RateLimit { get; init; }
    public RetryModel? Retry { get; init; }
    public long? MaxResponseBytes { get; init; }

    /// <summary>Resolved: the PascalCase stem of the upstream's generated members.</summary>
    public string Identifier { get; init; } = "";
}

internal sealed record RateLimitModel(int Requests, int PerMilliseconds, int? MaxWaitMilliseconds);

internal sealed record RetryModel(int? MaxAttempts, EquatableArray<int> Statuses, int? BaseDelayMilliseconds, int? MaxDelayMilliseconds, int? MaxElapsedMilliseconds);

internal enum AuthKind
{
    None,
    /// <summary><c>Authorization: Bearer &lt;First&gt;</c>: HTTP bearer, and an access token from an env var for OAuth2 flows other than client credentials and for openIdConnect.</summary>
    Bearer,
    /// <summary>An API key in the header <see cref="AuthModel.Name"/>.</summary>
    Header,
    /// <summary>An API key in the query parameter <see cref="AuthModel.Name"/>.</summary>
    Query,
    /// <summary>HTTP basic: <see cref="AuthModel.First"/> is the username, <see cref="AuthModel.Second"/> the password.</summary>
    Basic,
    /// <summary>OAuth2 client credentials: a token fetched from <see cref="AuthModel.TokenUrl"/> and cached.</summary>
    OAuth2,
    /// <summary>An API key in the cookie <see cref="AuthModel.Name"/>.</summary>
    Cookie,
    /// <summary>
    /// OpenAPI <c>security</c>: <see cref="AuthModel.Alternatives"/> is a list of alternatives (OR), each a set
    /// of schemes applied together (AND). At run time the first alternative whose credentials (every
    /// <c>${ENV}</c> of its schemes) are all configured is used; an empty set is "no auth" (<c>security: []</c>,
    /// or <c>{}</c> among the alternatives). When none is usable the call fails naming the variables to set.
    /// </summary>
    AnyOf,
}

/// <summary>
/// Auth toward an upstream. Name is the header/query/cookie name. First/Second are token/value, username/password,
/// or (OAuth2) client id/secret; TokenUrl, Scopes and Audience are OAuth2's; Alternatives are AnyOf's.
/// </summary>
internal sealed record AuthModel
{
    public static readonly AuthModel None = new();

    public AuthKind Kind { get; init; }
    public string? Name { get; init; }
    public Template? First { get; init; }
    public Template? Second { get; init; }
    public Template? TokenUrl { get; init; }
    public EquatableArray<string> Scopes { get; init; } = EquatableArray<string>.Empty;
    public Template? Audience { get; init; }
    /// <summary>OAuth2 with a refresh token: access tokens come from the refresh_token grant.</summary>
    public Template? RefreshToken { get; init; }
    /// <summary>Over HTTP, send the caller's own key instead of the configured one (header, query, bearer).</summary>
    public bool Forward { get; init; }
    /// <summary>AnyOf only: the alternatives, in order of preference.</summary>
    public EquatableArray<AuthAlternativeModel> Alternatives { get; init; } = EquatableArray<AuthAlternativeModel>.Empty;
}

/// <summary>One alternative of an <see cref="AuthKind.AnyOf"/>: schemes applied together (none of them AnyOf); empty means no auth.</summary>
/// <param name="Name">What the spec or document calls it (the scheme names joined with " + "), for the error that lists what to configure.</param>
internal sealed record AuthAlternativeModel(string Name, EquatableArray<AuthModel> Schemes);

internal sealed record HeaderModel(string Name, Template Value);

internal sealed record ErrorHintModel(int Status, string Hint);
