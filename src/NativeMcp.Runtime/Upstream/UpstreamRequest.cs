using System;
using System.Collections.Generic;
using System.Net.Http;

namespace NativeMcp.Runtime.Upstream;

/// <summary>One call to the upstream, as a generated client method builds it from typed arguments.</summary>
public sealed class UpstreamRequest
{
    public UpstreamRequest(HttpMethod method, string path)
    {
        Method = method;
        Path = path;
        // RFC 9110: these methods are idempotent, so repeating them after a failure is safe.
        Retryable = method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Head;
    }

    public HttpMethod Method { get; }

    /// <summary>Path below the base URL, already escaped, starting with '/'.</summary>
    public string Path { get; }

    public QueryString Query { get; } = new();

    public List<KeyValuePair<string, string>> Headers { get; } = new();

    /// <summary>UTF-8 JSON, or null for no body.</summary>
    public byte[]? JsonBody { get; set; }

    /// <summary>The tool's own auth, replacing the upstream's (spec: tool <c>auth</c>).</summary>
    public UpstreamAuth? Auth { get; set; }

    /// <summary>The tool's own per-attempt timeout (spec: tool <c>timeout</c>).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Whether failed attempts may be repeated: idempotent methods, or a tool the spec marks safe to retry.</summary>
    public bool Retryable { get; set; }
}
