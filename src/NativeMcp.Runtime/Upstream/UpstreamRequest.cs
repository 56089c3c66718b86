using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Upstream;

/// <summary>One call to the upstream, as a generated client method builds it from typed arguments.</summary>
public sealed class UpstreamRequest
{
    private List<KeyValuePair<string, string>>? _cookies;

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

    /// <summary>Escaped cookie pairs, sent as one <c>Cookie</c> header.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Cookies => _cookies ?? (IReadOnlyList<KeyValuePair<string, string>>)Array.Empty<KeyValuePair<string, string>>();

    /// <summary>The body's bytes as they go on the wire, or null for no body.</summary>
    public byte[]? Body { get; private set; }

    /// <summary>The body's Content-Type (with its charset or multipart boundary).</summary>
    public string? ContentType { get; private set; }

    /// <summary>UTF-8 JSON as the body (<c>application/json; charset=utf-8</c>).</summary>
    public byte[]? JsonBody
    {
        get => ContentType == JsonContentType ? Body : null;
        set => SetBody(value, JsonContentType);
    }

    /// <summary>Set when an argument cannot be sent as declared: the call fails with this sentence and is never sent.</summary>
    public string? Invalid { get; set; }

    /// <summary>The tool's own auth, replacing the upstream's (spec: tool <c>auth</c>).</summary>
    public UpstreamAuth? Auth { get; set; }

    /// <summary>The tool's own per-attempt timeout (spec: tool <c>timeout</c>).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Whether failed attempts may be repeated: idempotent methods, or a tool the spec marks safe to retry.</summary>
    public bool Retryable { get; set; }

    internal const string JsonContentType = "application/json; charset=utf-8";

    public void SetBody(byte[]? bytes, string contentType)
    {
        Body = bytes;
        ContentType = bytes is null ? null : contentType;
    }

    /// <summary>The bytes of a base64 argument as the body (<c>application/octet-stream</c> and other binary types); a bad one makes the call <see cref="Invalid"/>.</summary>
    public void SetBase64Body(string argument, string? base64, string contentType)
    {
        if (base64 is null) return;
        if (MultipartBody.TryDecode(base64, out var bytes)) SetBody(bytes, contentType);
        else Invalid ??= "argument '" + argument + "' is not base64: the request body needs the bytes in base64";
    }

    /// <summary>A cookie parameter (form style): a null value adds nothing.</summary>
    public void AddCookie(string name, string? value)
    {
        if (value is not null) StyledParameters.Pairs(_cookies ??= new(), name, value, allowReserved: false);
    }

    /// <summary>A cookie parameter (form style): non-exploded arrays and objects are comma-joined, exploded ones one pair each.</summary>
    public void AddCookie(string name, JsonElement? value, bool explode)
    {
        if (value is { } v) StyledParameters.Pairs(_cookies ??= new(), name, v, ParameterStyle.Form, explode, allowReserved: false);
    }
}
