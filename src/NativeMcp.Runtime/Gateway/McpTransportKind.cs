namespace NativeMcp.Runtime.Gateway;

/// <summary>How the gateway reaches an MCP upstream.</summary>
public enum McpTransportKind
{
    /// <summary>A child process spoken to over its stdin and stdout, started at the first call.</summary>
    Stdio,

    /// <summary>Streamable HTTP (MCP 2025-03-26 and later).</summary>
    StreamableHttp,

    /// <summary>The legacy HTTP+SSE transport (MCP 2024-11-05): a GET event stream and POSTed messages.</summary>
    Sse,

    /// <summary>Streamable HTTP first, the legacy SSE transport when the endpoint does not speak it.</summary>
    AutoDetect,
}
