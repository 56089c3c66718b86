using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// The registry over ADO.NET (no ORM: nothing reflects over types), one SQL text for SQLite and PostgreSQL with the
/// differences in <see cref="RegistryDialect"/>. Env values are sealed with <see cref="SecretBox"/> before they reach
/// the database; args and the secret-marked names are JSON text.
/// </summary>
internal sealed partial class SqlRegistryStore : IRegistryStore
{
    private const string ServerColumns = "id, name, description, command, args, env, secret_env, enabled, created_at, updated_at";

    private const string CallColumns = "id, time, tenant_id, server_id, tool, status, duration_ms, input, output, error";

    private readonly RegistryDialect _dialect;
    private readonly SecretBox _box;

    public SqlRegistryStore(RegistryDialect dialect, SecretBox box)
    {
        _dialect = dialect;
        _box = box;
    }

    /// <summary>The migrations in order; the database records the last one applied. Append, never edit.</summary>
    private string[][] Migrations() =>
    [
        [
            "CREATE TABLE IF NOT EXISTS mcp_servers (id TEXT PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE, description TEXT, command TEXT NOT NULL, args TEXT NOT NULL, env " + _dialect.BinaryType + " NOT NULL, secret_env TEXT NOT NULL, enabled INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS tenant_servers (tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE, server_id TEXT NOT NULL REFERENCES mcp_servers(id) ON DELETE CASCADE, position INTEGER NOT NULL, PRIMARY KEY (tenant_id, server_id))",
        ],
        [
            // Deleting a server removes it from every tenant: the cascade looks tenants up by server.
            "CREATE INDEX IF NOT EXISTS tenant_servers_by_server ON tenant_servers (server_id)",
        ],
        [
            // The call log: no foreign keys, so a call stays recorded after its server or tenant is gone.
            "CREATE TABLE IF NOT EXISTS calls (id TEXT PRIMARY KEY, time TEXT NOT NULL, tenant_id TEXT NOT NULL, server_id TEXT NOT NULL, tool TEXT NOT NULL, status TEXT NOT NULL, duration_ms DOUBLE PRECISION NOT NULL, input TEXT, output TEXT, error TEXT)",
            "CREATE INDEX IF NOT EXISTS calls_by_time ON calls (time)",
        ],
        [
            // The admin page filters the call log by status, tool or tenant and pages it newest first: each filter
            // with the page's order, so a filtered page reads its rows in order instead of sorting every match.
            "CREATE INDEX IF NOT EXISTS calls_by_status ON calls (status, time, id)",
            "CREATE INDEX IF NOT EXISTS calls_by_tool ON calls (tool, time, id)",
            "CREATE INDEX IF NOT EXISTS calls_by_tenant ON calls (tenant_id, time, id)",
        ],
    ];

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_dialect.Setup is { } setup)
        {
            await using var command = Command(connection, null, setup);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, _dialect.MigrationLock, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS registry_schema (version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);
        var version = 0;
        await using (var read = Command(connection, transaction, "SELECT MAX(version) FROM registry_schema"))
        {
            var value = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (value is not null and not DBNull) version = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        }
        var migrations = Migrations();
        for (var next = version; next < migrations.Length; next++)
        {
            foreach (var statement in migrations[next]) await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
            await using var record = Command(connection, transaction, "INSERT INTO registry_schema (version) VALUES (@version)");
            Add(record, "@version", (long)(next + 1));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return migrations.Length;
    }

    public async Task<IReadOnlyList<McpServerRecord>> ListServersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT " + ServerColumns + " FROM mcp_servers ORDER BY created_at, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var servers = new List<McpServerRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) servers.Add(ReadServer(reader));
        return servers;
    }

    public async Task<McpServerRecord?> GetServerAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await GetServerAsync(connection, null, id, "", cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoreOutcome> InsertServerAsync(McpServerRecord server, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "INSERT INTO mcp_servers (" + ServerColumns + ", name_key) VALUES (@id, @name, @description, @command, @args, @env, @secret_env, @enabled, @created_at, @updated_at, @name_key)");
        AddServer(command, server);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return StoreOutcome.Done;
        }
        catch (DbException ex) when (_dialect.IsUniqueViolation(ex))
        {
            return StoreOutcome.NameTaken;
        }
    }

    public async Task<(StoreOutcome Outcome, McpServerRecord? Server)> UpdateServerAsync(string id, Func<McpServerRecord, McpServerRecord?> change, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var current = await GetServerAsync(connection, transaction, id, _dialect.ForUpdate, cancellationToken).ConfigureAwait(false);
        if (current is null) return (StoreOutcome.NotFound, null);
        var updated = change(current);
        if (updated is null) return (StoreOutcome.Rejected, null);
        await using var command = Command(connection, transaction,
            "UPDATE mcp_servers SET name = @name, name_key = @name_key, description = @description, command = @command, args = @args, env = @env, secret_env = @secret_env, enabled = @enabled, created_at = @created_at, updated_at = @updated_at WHERE id = @id");
        AddServer(command, updated);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (StoreOutcome.Done, updated);
        }
        catch (DbException ex) when (_dialect.IsUniqueViolation(ex))
        {
            return (StoreOutcome.NameTaken, null);
        }
    }

    public async Task<StoreOutcome> DeleteServerAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM mcp_servers WHERE id = @id");
        Add(command, "@id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0 ? StoreOutcome.Done : StoreOutcome.NotFound;
    }

    public async Task AppendCallAsync(CallRecord call, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "INSERT INTO calls (id, time, tenant_id, server_id, tool, status, duration_ms, input, output, error) VALUES (@id, @time, @tenant_id, @server_id, @tool, @status, @duration_ms, @input, @output, @error)");
        Add(command, "@id", call.Id);
        Add(command, "@time", Timestamp(call.Time));
        Add(command, "@tenant_id", call.TenantId);
        Add(command, "@server_id", call.ServerId);
        Add(command, "@tool", call.Tool);
        Add(command, "@status", call.Status);
        Add(command, "@duration_ms", call.DurationMs);
        Add(command, "@input", call.Input);
        Add(command, "@output", call.Output);
        Add(command, "@error", call.Error);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<CallPage> QueryCallsAsync(CallQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var where = new System.Text.StringBuilder();
        var parameters = new List<(string Name, object Value)>();
        void Filter(string clause, string name, object? value)
        {
            if (value is null) return;
            where.Append(where.Length == 0 ? " WHERE " : " AND ").Append(clause);
            parameters.Add((name, value));
        }
        Filter("status = @status", "@status", query.Status);
        Filter("tool = @tool", "@tool", query.Tool);
        Filter("tenant_id = @tenant", "@tenant", query.TenantId);
        Filter("time >= @from", "@from", query.From is { } from ? Timestamp(from) : null);
        Filter("time < @to", "@to", query.To is { } to ? Timestamp(to) : null);

        long total;
        await using (var count = Command(connection, null, "SELECT COUNT(*) FROM calls" + where))
        {
            foreach (var (name, value) in parameters) Add(count, name, value);
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        var calls = new List<CallRecord>();
        // The id breaks ties between calls of the same tick, so a page boundary never repeats or skips one.
        await using (var page = Command(connection, null, "SELECT " + CallColumns + " FROM calls" + where + " ORDER BY time DESC, id DESC LIMIT @limit OFFSET @offset"))
        {
            foreach (var (name, value) in parameters) Add(page, name, value);
            Add(page, "@limit", (long)query.PageSize);
            Add(page, "@offset", (long)(query.Page - 1) * query.PageSize);
            await using var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                calls.Add(new CallRecord(
                    reader.GetString(0),
                    ParseTimestamp(reader.GetString(1)),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    Convert.ToDouble(reader.GetValue(6), CultureInfo.InvariantCulture),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9)));
            }
        }
        return new CallPage(calls, total);
    }

    public async Task<int> PruneCallsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM calls WHERE time < @before");
        Add(command, "@before", Timestamp(before));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        var enabled = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var command = Command(connection, null, "SELECT tenant_id, server_id FROM tenant_servers ORDER BY tenant_id, position"))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var tenant = reader.GetString(0);
                if (!enabled.TryGetValue(tenant, out var servers)) enabled[tenant] = servers = [];
                servers.Add(reader.GetString(1));
            }
        }
        var tenants = new List<TenantRecord>();
        await using (var command = Command(connection, null, "SELECT id, name, updated_at FROM tenants ORDER BY id"))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                tenants.Add(new TenantRecord { Id = id, Name = reader.GetString(1), EnabledServers = enabled.TryGetValue(id, out var servers) ? servers : [], UpdatedAt = ParseTimestamp(reader.GetString(2)) });
            }
        }
        return tenants;
    }

    public async Task EnsureTenantsAsync(IReadOnlyList<string> tenantIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var id in tenantIds)
        {
            // Both databases take ON CONFLICT DO NOTHING: a tenant another process added first is kept as it is.
            await using var command = Command(connection, transaction, "INSERT INTO tenants (id, name, updated_at) VALUES (@id, @name, @updated_at) ON CONFLICT (id) DO NOTHING");
            Add(command, "@id", id);
            Add(command, "@name", id);
            Add(command, "@updated_at", Timestamp(now));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<TenantRecord?> GetTenantAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await GetTenantAsync(connection, null, id, "", cancellationToken).ConfigureAwait(false);
    }

    public async Task<(StoreOutcome Outcome, TenantRecord? Tenant, string? MissingServer)> UpdateTenantAsync(string id, string? name, IReadOnlyList<string>? enabledServers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var current = await GetTenantAsync(connection, transaction, id, _dialect.ForUpdate, cancellationToken).ConfigureAwait(false);
        if (current is null) return (StoreOutcome.NotFound, null, null);
        if (enabledServers is not null)
        {
            foreach (var serverId in enabledServers)
            {
                // Held until the transaction ends, so a server deleted meanwhile cannot be enabled half-way.
                await using var exists = Command(connection, transaction, "SELECT id FROM mcp_servers WHERE id = @id" + _dialect.ForUpdate);
                Add(exists, "@id", serverId);
                if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null) return (StoreOutcome.Rejected, null, serverId);
            }
            await using (var clear = Command(connection, transaction, "DELETE FROM tenant_servers WHERE tenant_id = @id"))
            {
                Add(clear, "@id", id);
                await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            for (var i = 0; i < enabledServers.Count; i++)
            {
                await using var insert = Command(connection, transaction, "INSERT INTO tenant_servers (tenant_id, server_id, position) VALUES (@tenant, @server, @position)");
                Add(insert, "@tenant", id);
                Add(insert, "@server", enabledServers[i]);
                Add(insert, "@position", (long)i);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        await using (var update = Command(connection, transaction, "UPDATE tenants SET name = @name, updated_at = @updated_at WHERE id = @id"))
        {
            Add(update, "@id", id);
            Add(update, "@name", name ?? current.Name);
            Add(update, "@updated_at", Timestamp(now));
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var updated = await GetTenantAsync(connection, transaction, id, "", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (StoreOutcome.Done, updated, null);
    }

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    private async Task<McpServerRecord?> GetServerAsync(DbConnection connection, DbTransaction? transaction, string id, string suffix, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT " + ServerColumns + " FROM mcp_servers WHERE id = @id" + suffix);
        Add(command, "@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadServer(reader) : null;
    }

    private static async Task<TenantRecord?> GetTenantAsync(DbConnection connection, DbTransaction? transaction, string id, string suffix, CancellationToken cancellationToken)
    {
        string name;
        string updatedAt;
        await using (var command = Command(connection, transaction, "SELECT name, updated_at FROM tenants WHERE id = @id" + suffix))
        {
            Add(command, "@id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
            name = reader.GetString(0);
            updatedAt = reader.GetString(1);
        }
        var servers = new List<string>();
        await using (var command = Command(connection, transaction, "SELECT server_id FROM tenant_servers WHERE tenant_id = @id ORDER BY position"))
        {
            Add(command, "@id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) servers.Add(reader.GetString(0));
        }
        return new TenantRecord { Id = id, Name = name, EnabledServers = servers, UpdatedAt = ParseTimestamp(updatedAt) };
    }

    private McpServerRecord ReadServer(DbDataReader reader)
    {
        var id = reader.GetString(0);
        return new McpServerRecord
        {
            Id = id,
            Name = reader.GetString(1),
            Description = reader.IsDBNull(2) ? null : reader.GetString(2),
            Command = reader.GetString(3),
            Args = RegistryJson.ReadStrings(reader.GetString(4)),
            Env = RegistryJson.ReadPairs(_box.Open((byte[])reader.GetValue(5), id)),
            SecretEnv = RegistryJson.ReadStrings(reader.GetString(6)),
            Enabled = Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture) != 0,
            CreatedAt = ParseTimestamp(reader.GetString(8)),
            UpdatedAt = ParseTimestamp(reader.GetString(9)),
        };
    }

    private void AddServer(DbCommand command, McpServerRecord server)
    {
        Add(command, "@id", server.Id);
        Add(command, "@name", server.Name);
        // Names are unique whatever their case: "GitHub" and "github" would be the same server to a person.
        Add(command, "@name_key", server.Name.ToUpperInvariant());
        Add(command, "@description", server.Description);
        Add(command, "@command", server.Command);
        Add(command, "@args", RegistryJson.WriteStrings(server.Args));
        Add(command, "@env", _box.Seal(RegistryJson.WritePairs(server.Env), server.Id));
        Add(command, "@secret_env", RegistryJson.WriteStrings(server.SecretEnv));
        Add(command, "@enabled", server.Enabled ? 1L : 0L);
        Add(command, "@created_at", Timestamp(server.CreatedAt));
        Add(command, "@updated_at", Timestamp(server.UpdatedAt));
    }

    /// <summary>Fixed-width UTC text: sorts as time in both databases and reads back exactly.</summary>
    internal static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        return command;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string text, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, text);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
