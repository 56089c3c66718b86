namespace NativeMcp.Runtime.Upstream;

/// <summary>
/// Why a call has no usable answer: a stable code for the model (<c>upstream_timeout</c>, <c>dns_failure</c>,
/// <c>tls_failure</c>, <c>upstream_unreachable</c>, <c>response_too_large</c>, <c>rate_limited</c>,
/// <c>unauthorized</c>) and a sentence that never contains a credential.
/// </summary>
public sealed record UpstreamFailure(string Code, string Message);
