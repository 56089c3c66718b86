using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Runtime.Registry;

internal sealed partial class SqlRegistryStore
{
    public async Task<IReadOnlyDictionary<string, string>> ToolSetStampsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        // No env column: nothing is decrypted. A server's tools are cached per row, so its updated_at stands for them.
        await using var command = Command(connection, null,
            "SELECT ts.tenant_id, s.id, s.updated_at FROM tenant_servers ts JOIN mcp_servers s ON s.id = ts.server_id WHERE s.enabled = 1 ORDER BY ts.tenant_id, ts.position");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var stamps = new Dictionary<string, string>(System.StringComparer.Ordinal);
        string? tenant = null;
        var stamp = new StringBuilder();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var next = reader.GetString(0);
            if (next != tenant)
            {
                if (tenant is not null) stamps[tenant] = stamp.ToString();
                tenant = next;
                stamp.Clear();
            }
            stamp.Append(reader.GetString(1)).Append('@').Append(reader.GetString(2)).Append(';');
        }
        if (tenant is not null) stamps[tenant] = stamp.ToString();
        return stamps;
    }

    public async Task<IReadOnlyList<McpServerRecord>> VisibleServersAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        // The server columns are unqualified: tenant_servers has none of their names.
        await using var command = Command(connection, null,
            "SELECT " + ServerColumns + " FROM tenant_servers JOIN mcp_servers ON mcp_servers.id = tenant_servers.server_id WHERE tenant_servers.tenant_id = @tenant AND mcp_servers.enabled = 1 ORDER BY tenant_servers.position");
        Add(command, "@tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var servers = new List<McpServerRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) servers.Add(ReadServer(reader));
        return servers;
    }
}
