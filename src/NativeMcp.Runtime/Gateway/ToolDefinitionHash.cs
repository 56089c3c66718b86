using System;
using System.Security.Cryptography;
using System.Text.Json;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// The one definition of a tool definition's hash: SHA-256 over its RFC 8785 canonical JSON, written
/// <c>sha256:</c> and lowercase hex. <c>nativemcp sync</c> writes lock hashes with it and the gateway's drift
/// check compares with it, so the two can never disagree on what "unchanged" means.
/// </summary>
public static class ToolDefinitionHash
{
    public const string Prefix = "sha256:";

    public static string Compute(JsonElement tool) => Of(JsonCanonicalizer.Canonicalize(tool));

    /// <summary>The hash of bytes that are already canonical (a lock file's stored definition).</summary>
    public static string Of(ReadOnlySpan<byte> canonicalJson) => Prefix + Convert.ToHexStringLower(SHA256.HashData(canonicalJson));
}
