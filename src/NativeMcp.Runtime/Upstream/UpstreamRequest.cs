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
    }

    public HttpMethod Method { get; }

    /// <summary>Path below the base URL, already escaped, starting with '/'.</summary>
    public string Path { get; }

    public QueryString Query { get; } = new();

    public List<KeyValuePair<string, string>> Headers { get; } = new();

    /// <summary>UTF-8 JSON, or null for no body.</summary>
    public byte[]? JsonBody { get; set; }
}
