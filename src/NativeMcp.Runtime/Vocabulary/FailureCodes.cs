namespace NativeMcp.Runtime.Vocabulary;

// Shared by the runtime and the generator (linked into it as source): keep it netstandard2.0-clean.

/// <summary>The stable codes a failed upstream call reports to the model: transport failures (see UpstreamFailure) and HTTP statuses.</summary>
public static class FailureCodes
{
    public const string UpstreamTimeout = "upstream_timeout";
    public const string DnsFailure = "dns_failure";
    public const string TlsFailure = "tls_failure";
    public const string UpstreamUnreachable = "upstream_unreachable";
    public const string ResponseTooLarge = "response_too_large";
    public const string RateLimited = "rate_limited";
    public const string Unauthorized = "unauthorized";
    public const string UpstreamError = "upstream_error";
    public const string BadRequest = "bad_request";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string ValidationFailed = "validation_failed";
    public const string HttpError = "http_error";

    // An MCP upstream of a gateway (the HTTP ones above apply to it too).
    public const string UpstreamCrashed = "upstream_crashed";
    public const string DefinitionChanged = "definition_changed";
}
