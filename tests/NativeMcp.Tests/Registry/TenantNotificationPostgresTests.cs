using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using NativeMcp.Runtime.Registry;
using NativeMcp.Tests.Sql;
using Xunit;

namespace NativeMcp.Tests.Registry;

/// <summary>
/// Two registries on one PostgreSQL database: a tenant's session (2025-11-25) and its <c>subscriptions/listen</c> stream (2026-07-28) are held by the first, the admin change is made
/// through the second, and the first's watch still tells both (within its poll), because the change is read
/// from the database, not from the process that made it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TenantNotificationPostgresTests : IAsyncLifetime
{
    private readonly PostgresCluster _cluster;
    private readonly string _folder = Directory.CreateTempSubdirectory("tenant-notify-pg-").FullName;
    private string _database = "";

    public TenantNotificationPostgresTests(PostgresCluster cluster) => _cluster = cluster;

    public async Task InitializeAsync() => _database = await _cluster.CreateDatabaseAsync("registry");

    public async Task DisposeAsync()
    {
        await _cluster.DropDatabaseAsync(_database);
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_change_made_through_another_process_reaches_this_processs_session()
    {
        var environment = RegistryTestServer.Environment(Path.Combine(_folder, "unused.db"), _cluster.ConnectionString(_database));
        await using var holder = await RegistryTestServer.StartAsync(environment, NativeMcp.Generated.Hosted.HostedServer.Definition);
        await using var other = await RegistryTestServer.StartAsync(environment, NativeMcp.Generated.Hosted.HostedServer.Definition);

        var calendar = await Tenants.RegisterAsync(other, "Calendar");
        await Tenants.EnableAsync(other, "tenant_abc123", calendar);
        // The holder's watch learns of those changes at its next poll and would tell a session opened before it; a
        // session opened after it has nothing to be told. Two polls are enough for the count below to be exact.
        await Task.Delay(TenantChangeWatch.Interval * 2);
        await using var a = await Listener.ConnectAsync(holder, "tenant_abc123", "tenant-key-a");
        await using var listen = await Listener.ConnectAsync(holder, "tenant_abc123", "tenant-key-a", Listener.Stateless);
        await using var b = await Listener.ConnectAsync(holder, "tenant_def456", "tenant-key-b");
        Assert.Contains(await a.Client.ListToolsAsync(), t => t.Name == calendar + "__echo");

        Assert.Equal(200, (await other.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + calendar, "{\"enabled\":false}")).Status);
        await Task.WhenAll(a.NextAsync(holder.Log), listen.NextAsync(holder.Log));
        Assert.DoesNotContain(await a.Client.ListToolsAsync(), t => t.Name == calendar + "__echo");

        Assert.Equal(200, (await other.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + calendar, "{\"enabled\":true}")).Status);
        await Task.WhenAll(a.NextAsync(holder.Log), listen.NextAsync(holder.Log));
        Assert.Contains(await a.Client.ListToolsAsync(), t => t.Name == calendar + "__echo");
        await b.NothingAsync();
        Assert.Equal(2, a.Count);
        Assert.Equal(2, listen.Count);
    }
}
