using NativeMcp.Generators.Common;

namespace NativeMcp.Generators.Model;

/// <summary>How the gateway reaches an MCP upstream (<c>transport:</c>).</summary>
internal enum McpTransportKind
{
    /// <summary>A child process speaking JSON-RPC lines on stdin/stdout.</summary>
    Stdio,
    /// <summary>Streamable HTTP (<c>http</c>).</summary>
    StreamableHttp,
    /// <summary>The older HTTP+SSE transport (<c>sse</c>).</summary>
    Sse,
    /// <summary>Streamable HTTP, falling back to SSE (<c>auto</c>).</summary>
    AutoDetect,
}

/// <summary>What the gateway does when an upstream's live definitions differ from the lock (<c>drift:</c>).</summary>
internal enum DriftPolicyKind
{
    /// <summary>A changed or removed locked tool is refused (the default).</summary>
    Refuse,
    /// <summary>Tools the lock does not know are tolerated; changed locked tools are still refused.</summary>
    AllowAdditions,
    /// <summary>Changes are served (and logged); the lock still decides what is listed.</summary>
    Accept,
}

/// <summary>
/// One MCP server the gateway forwards to: a spec <c>upstreams.&lt;name&gt;</c> entry with a <c>transport</c>.
/// Its tools are not here: they are ordinary <see cref="ToolModel"/>s of kind <see cref="ToolKind.Forwarded"/>.
/// </summary>
internal sealed record McpUpstreamModel
{
    public string Name { get; init; } = "";
    public McpTransportKind Transport { get; init; }
    public Template? Url { get; init; }
    public Template? Command { get; init; }
    public EquatableArray<Template> Arguments { get; init; } = EquatableArray<Template>.Empty;
    /// <summary>The child's environment variables (stdio).</summary>
    public EquatableArray<HeaderModel> Environment { get; init; } = EquatableArray<HeaderModel>.Empty;
    public Template? WorkingDirectory { get; init; }
    public AuthModel Auth { get; init; } = AuthModel.None;
    public EquatableArray<HeaderModel> Headers { get; init; } = EquatableArray<HeaderModel>.Empty;
    /// <summary>Per call.</summary>
    public int TimeoutMilliseconds { get; init; }
    public int? ConnectTimeoutMilliseconds { get; init; }
    /// <summary>How long an unused connection (a stdio child) is kept before it is closed.</summary>
    public int? IdleTimeoutMilliseconds { get; init; }
    public DriftPolicyKind Drift { get; init; }

    // Resolved from the lock.

    /// <summary>The PascalCase stem of the upstream's generated members.</summary>
    public string Identifier { get; init; } = "";
    /// <summary>The upstream's serverInfo as locked (compact JSON).</summary>
    public string ServerInfoJson { get; init; } = "";
    public string ProtocolVersion { get; init; } = "";
}

/// <summary>A locked upstream tool as this spec exposes it (<see cref="ToolKind.Forwarded"/>).</summary>
/// <param name="Upstream">The MCP upstream's spec name.</param>
/// <param name="UpstreamTool">The tool's name on the upstream (the exposed name may differ).</param>
/// <param name="DefinitionJson">The upstream's tools/list entry as locked (canonical JSON).</param>
/// <param name="Hash">The lock's hash of <paramref name="DefinitionJson"/>.</param>
/// <param name="Hidden">Arguments fixed by the spec: removed from the published schema, always sent with these values.</param>
internal sealed record ForwardModel(string Upstream, string UpstreamTool, string DefinitionJson, string Hash, EquatableArray<FixedArgumentModel> Hidden);

/// <summary>A locked upstream resource or resource template as this spec exposes it (read by forwarding).</summary>
/// <param name="Key">The uri or uriTemplate: served as locked (the upstream is asked for that URI).</param>
/// <param name="Hash">The lock's hash of <paramref name="DefinitionJson"/> (the drift check's reference).</param>
/// <param name="ListJson">The exposed list entry: the locked one, its name prefixed.</param>
internal sealed record ForwardedResourceModel(string Upstream, string Key, bool Template, string Hash, string DefinitionJson, string ListJson);

/// <summary>A locked upstream prompt as this spec exposes it (got by forwarding).</summary>
/// <param name="Name">The exposed name (the upstream's, prefixed).</param>
internal sealed record ForwardedPromptModel(string Upstream, string UpstreamName, string Name, string Hash, string DefinitionJson, string ListJson);

/// <summary>A hidden argument and its fixed value as compact JSON.</summary>
internal sealed record FixedArgumentModel(string Name, string Json);
