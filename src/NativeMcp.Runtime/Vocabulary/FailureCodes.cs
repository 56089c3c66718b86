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
    /// <summary>The upstream answered, but not with something that can be relayed (malformed, empty, breaking the output schema).</summary>
    public const string InvalidResponse = "invalid_response";
    /// <summary>An argument that passed the schema cannot be sent as declared (a file part that is not base64).</summary>
    public const string InvalidArgument = "invalid_argument";
    /// <summary>No security alternative of the tool has all its credentials configured; the message names the variables.</summary>
    public const string CredentialsMissing = "credentials_missing";

    // An MCP upstream of a gateway (the HTTP ones above apply to it too).
    public const string UpstreamCrashed = "upstream_crashed";
    public const string DefinitionChanged = "definition_changed";
}
