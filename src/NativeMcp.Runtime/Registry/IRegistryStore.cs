using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// Where the registry keeps its servers and tenants: SQLite by default, PostgreSQL when several gateway processes
/// share the state. Every call reads the database, so a change made by one process is seen by the next request
/// any process answers.
/// </summary>
internal partial interface IRegistryStore : IAsyncDisposable
{
    /// <summary>Creates the schema on a fresh database and applies the migrations it lacks; returns the version.</summary>
    Task<int> MigrateAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<McpServerRecord>> ListServersAsync(CancellationToken cancellationToken);

    Task<McpServerRecord?> GetServerAsync(string id, CancellationToken cancellationToken);

    Task<StoreOutcome> InsertServerAsync(McpServerRecord server, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the server, applies <paramref name="change"/> (null: refused, nothing written) and writes the result, in
    /// one transaction that holds the row, so concurrent PATCHes of one server do not lose each other's fields.
    /// </summary>
    Task<(StoreOutcome Outcome, McpServerRecord? Server)> UpdateServerAsync(string id, Func<McpServerRecord, McpServerRecord?> change, CancellationToken cancellationToken);

    /// <summary>Deletes the server and its place in every tenant's enabled list.</summary>
    Task<StoreOutcome> DeleteServerAsync(string id, CancellationToken cancellationToken);

    /// <summary>Adds the tenants the spec's keys name that the database does not have yet; existing ones are kept.</summary>
    Task EnsureTenantsAsync(IReadOnlyList<string> tenantIds, DateTimeOffset now, CancellationToken cancellationToken);

    Task<TenantRecord?> GetTenantAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the tenant's enabled servers (and its name when given); servers that do not exist are refused.</summary>
    Task<(StoreOutcome Outcome, TenantRecord? Tenant, string? MissingServer)> UpdateTenantAsync(string id, string? name, IReadOnlyList<string>? enabledServers, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>All tenants, by id (the admin page lists them; the seed names no endpoint for it).</summary>
    Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken);

    /// <summary>Records one tenant tool call in the call log (<see cref="CallLogPruning"/> keeps it within the retention).</summary>
    Task AppendCallAsync(CallRecord call, CancellationToken cancellationToken);

    /// <summary>The calls that match the query's filters, newest first, one page of them, and how many match in all.</summary>
    Task<CallPage> QueryCallsAsync(CallQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes the calls recorded before <paramref name="before"/>; the number deleted.</summary>
    Task<int> PruneCallsAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
