namespace NativeMcp.Runtime.Hosting;

/// <summary>An environment variable the spec declares.</summary>
/// <param name="Url">The value begins a URL the server dials, so it must be an absolute http:// or https:// URL.</param>
public sealed record EnvVar(string Name, bool Required = false, bool Secret = false, string? Default = null, string? Description = null, bool Url = false);
