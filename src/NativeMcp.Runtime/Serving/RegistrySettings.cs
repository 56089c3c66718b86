using System.Collections.Generic;

namespace NativeMcp.Runtime.Serving;

/// <summary>
/// The spec's <c>registry</c> section, env substituted: MCP servers and tenants managed at run time. Empty strings
/// from unset variables arrive as null. Carried by <see cref="ServeSettings.Registry"/>; served by the Registry layer.
/// </summary>
public sealed class RegistrySettings
{
    /// <summary>The value of <c>x-admin-key</c> that the admin API and page accept; null refuses every admin request.</summary>
    public string? AdminKey { get; init; }

    /// <summary>The key that encrypts stored env values (AES-GCM, derived with HKDF-SHA256); required to start.</summary>
    public string? EncryptionKey { get; init; }

    /// <summary>Tenants and their MCP keys as <c>tenantId:key</c> entries separated by ';' (the serve keys' format).</summary>
    public string? TenantKeys { get; init; }

    /// <summary>A PostgreSQL connection string; when set, the state is kept there instead of SQLite.</summary>
    public string? PostgresConnection { get; init; }

    /// <summary>The SQLite file; relative paths are taken from the working directory.</summary>
    public string SqlitePath { get; init; } = DefaultSqlitePath;

    /// <summary>The commands an admin may register (file names or absolute paths); empty: none.</summary>
    public IReadOnlyList<string> Commands { get; init; } = [];

    /// <summary>How long a tenant call stays in the call log (<c>registry.callLog.retention</c>).</summary>
    public System.TimeSpan CallLogRetention { get; init; } = DefaultCallLogRetention;

    public const string DefaultSqlitePath = "data/registry.db";

    /// <summary>Thirty days: a month of calls to look back on, pruned after that so the table does not grow forever.</summary>
    public static readonly System.TimeSpan DefaultCallLogRetention = System.TimeSpan.FromDays(30);
}
