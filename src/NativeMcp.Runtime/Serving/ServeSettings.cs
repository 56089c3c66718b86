using System.Collections.Generic;
using NativeMcp.Runtime.Upstream;

namespace NativeMcp.Runtime.Serving;

/// <summary>The spec's <c>serve</c> section, env substituted: how the binary serves Streamable HTTP.</summary>
public sealed class ServeSettings
{
    /// <summary>The port from the spec's port variable; when it has a value, the binary serves HTTP without --http.</summary>
    public string? Port { get; init; }

    /// <summary>The port --http uses when neither the spec's variable nor --port gives one.</summary>
    public int DefaultPort { get; init; } = 3000;

    public string Host { get; init; } = "127.0.0.1";

    public string Path { get; init; } = "/mcp";

    public long MaxRequestBytes { get; init; } = 1024 * 1024;

    /// <summary>Host names accepted besides localhost, 127.0.0.1 and [::1] (DNS-rebinding protection).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Browser origins accepted besides http(s)://localhost and 127.0.0.1.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Header that carries an API key (e.g. x-api-key); null: not accepted there.</summary>
    public string? KeyHeader { get; init; }

    /// <summary>Whether <c>Authorization: Bearer &lt;key&gt;</c> is accepted.</summary>
    public bool KeyBearer { get; init; }

    /// <summary>Query parameter that carries an API key (e.g. apiKey); null: not accepted there.</summary>
    public string? KeyQuery { get; init; }

    /// <summary>Keys as <c>id:key[:scopes]</c> entries (from an env variable).</summary>
    public string? Keys { get; init; }

    /// <summary>A file of hashed keys (<c>id sha256:&lt;hex&gt; [scopes]</c>).</summary>
    public string? KeysFile { get; init; }

    /// <summary>Per key: more calls than this answer HTTP 429 with Retry-After.</summary>
    public RateLimitPolicy? RateLimit { get; init; }

    /// <summary>
    /// Keep a session per client (Mcp-Session-Id) instead of answering each POST statelessly. Needed for
    /// server-to-client requests (sampling, elicitation) and the GET stream; stateless is the default.
    /// </summary>
    public bool Sessions { get; init; }

    /// <summary>
    /// The spec forwards callers' keys to the upstream (auth <c>forward: true</c>): when no key list is configured,
    /// any presented key is accepted and the upstream decides (a bad key comes back as <c>unauthorized</c>).
    /// </summary>
    public bool ForwardsCallerKey { get; init; }

    /// <summary>The spec's <c>registry</c> section; null when the spec has none.</summary>
    public RegistrySettings? Registry { get; init; }

    public bool RequiresKey => KeyHeader is not null || KeyBearer || KeyQuery is not null;
}
