using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using NativeMcp.Tests.Sql;
using Npgsql;
using Xunit;

namespace NativeMcp.Tests.Registry;

/// <summary>
/// The same admin API tests against a real PostgreSQL (the private cluster on 127.0.0.1), each test on a fresh
/// database of its own; and two registry processes on one database seeing each other's changes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAdminApiTests : AdminApiTests, IAsyncLifetime
{
    private readonly PostgresCluster _cluster;
    private string _database = "";

    public PostgresAdminApiTests(PostgresCluster cluster) => _cluster = cluster;

    protected override string? Postgres => _cluster.ConnectionString(_database);

    public async Task InitializeAsync() => _database = await _cluster.CreateDatabaseAsync("registry");

    public async Task DisposeAsync()
    {
        await _cluster.DropDatabaseAsync(_database);
    }

    protected override async Task<byte[]> StoredBytesAsync()
    {
        // Every row as PostgreSQL prints it (bytea as hex), and the sealed env bytes themselves.
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        var bytes = new List<byte>();
        foreach (var table in new[] { "mcp_servers", "tenants", "tenant_servers" })
        {
            await using var rows = new NpgsqlCommand("SELECT t::text FROM " + table + " t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync()) bytes.AddRange(Encoding.UTF8.GetBytes(reader.GetString(0)));
        }
        await using var env = new NpgsqlCommand("SELECT env FROM mcp_servers", connection);
        await using var envReader = await env.ExecuteReaderAsync();
        while (await envReader.ReadAsync()) bytes.AddRange((byte[])envReader.GetValue(0));
        return bytes.ToArray();
    }

    protected override async Task<string> SchemaVersionsAsync()
    {
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM registry_schema", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Two_registry_processes_on_one_database_see_each_others_changes_at_once()
    {
        // Started together: both migrate the fresh database, one after the other under the advisory lock.
        var started = await Task.WhenAll(StartAsync(), StartAsync());
        await using var first = started[0];
        await using var second = started[1];

        var id = await first.CreateAsync("Shared", "{\"SHARED_TOKEN\":\"tok_shared_0123456789\"}");
        var (status, seen) = await second.CallAsync(HttpMethod.Get, "/api/mcp-servers/" + id);
        Assert.Equal(200, status);
        Assert.Equal("Shared", seen.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal("***", seen.GetProperty("data").GetProperty("env").GetProperty("SHARED_TOKEN").GetString());

        await second.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + id, "{\"enabled\":false}");
        await second.CallAsync(HttpMethod.Patch, "/api/tenants/tenant_abc123", "{\"settings\":{\"enabledMcpServers\":[\"" + id + "\"]}}");
        var (_, fromFirst) = await first.CallAsync(HttpMethod.Get, "/api/mcp-servers");
        Assert.False(Assert.Single(fromFirst.GetProperty("data").EnumerateArray()).GetProperty("enabled").GetBoolean());
        var (_, tenant) = await first.CallAsync(HttpMethod.Get, "/api/tenants/tenant_abc123");
        Assert.Equal(id, Assert.Single(tenant.GetProperty("data").GetProperty("settings").GetProperty("enabledMcpServers").EnumerateArray()).GetString());

        // A name taken through one process conflicts in the other.
        var conflict = await second.CallAsync(HttpMethod.Post, "/api/mcp-servers", "{\"name\":\"shared\",\"command\":\"npx\",\"args\":[]}");
        Assert.Equal(409, conflict.Status);

        await first.CallAsync(HttpMethod.Delete, "/api/mcp-servers/" + id);
        Assert.Equal(404, (await second.CallAsync(HttpMethod.Get, "/api/mcp-servers/" + id)).Status);
        Assert.Equal("1,2,3,4", await SchemaVersionsAsync());
    }

    [Fact]
    public async Task An_unreachable_database_stops_the_start_without_the_connection_string()
    {
        var environment = RegistryTestServer.Environment(DatabasePath, "Host=127.0.0.1;Port=1;Database=x;Username=u;Password=pg-secret-never-printed;Timeout=3");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => RegistryTestServer.StartAsync(environment));
        Assert.Contains("cannot open the registry database (PostgreSQL)", failure.Message);
        Assert.DoesNotContain("pg-secret-never-printed", failure.Message);
    }
}
