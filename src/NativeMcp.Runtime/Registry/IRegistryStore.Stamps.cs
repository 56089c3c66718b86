using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Runtime.Registry;

internal partial interface IRegistryStore
{
    /// <summary>
    /// One text per tenant that changes whenever the tenant's visible tool set may have changed: its enabled servers
    /// that are enabled globally, in its order, each with its row's last change. Tenants without such a server are
    /// absent. One query for all tenants, cheap enough to poll (<see cref="TenantChangeWatch"/>).
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> ToolSetStampsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The tenant's enabled servers that are enabled globally, in its order, in one query (a tools/list reads this:
    /// the tenant row and then each server would be 2 + n round trips, which PostgreSQL makes the cost of the list).
    /// </summary>
    Task<IReadOnlyList<McpServerRecord>> VisibleServersAsync(string tenantId, CancellationToken cancellationToken);
}
