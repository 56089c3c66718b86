using System;
using System.Collections.Generic;

namespace NativeMcp.Runtime.Registry;

/// <summary>One registered MCP server as the store keeps it, env decrypted (never written out unmasked).</summary>
internal sealed record McpServerRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required string Command { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    /// <summary>Env in the order the admin gave it.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Env { get; init; }
    /// <summary>Names the admin marked secret besides those that look secret.</summary>
    public required IReadOnlyList<string> SecretEnv { get; init; }
    public bool Enabled { get; init; } = true;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A tenant: known from the spec's tenant keys, its enabled servers managed through the admin API.</summary>
internal sealed record TenantRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyList<string> EnabledServers { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

internal enum StoreOutcome
{
    Done,
    NotFound,
    NameTaken,
    /// <summary>The change itself was refused (the update function returned an error).</summary>
    Rejected,
}
