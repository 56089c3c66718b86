using NativeMcp.Generators.Common;

namespace NativeMcp.Generators.Model;

/// <summary>
/// The spec's <c>registry</c> section: MCP servers and tenants managed at run time through an admin API. Secret
/// settings are the names of env variables declared <c>secret: true</c> (never values); the SQLite path is a template.
/// </summary>
internal sealed record RegistryModel
{
    public string AdminKeyEnv { get; init; } = "";
    public string? EncryptionKeyEnv { get; init; }
    public string? TenantKeysEnv { get; init; }
    public string? PostgresEnv { get; init; }
    public Template? SqlitePath { get; init; }
    /// <summary>The commands an admin may register; empty means none.</summary>
    public EquatableArray<string> Commands { get; init; } = EquatableArray<string>.Empty;
    /// <summary>registry.callLog.retention in minutes; null: the runtime's default.</summary>
    public int? CallLogRetentionMinutes { get; init; }
}
