namespace NativeMcp.Runtime.Hosting;

/// <summary>An environment variable the spec declares.</summary>
public sealed record EnvVar(string Name, bool Required = false, bool Secret = false, string? Default = null, string? Description = null);
