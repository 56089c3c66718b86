using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using NativeMcp.Runtime.Registry;
using NativeMcp.Tests.Sql;
using Npgsql;
using Xunit;

namespace NativeMcp.Tests.Registry;

/// <summary>
/// The call log's read side, once per database (the subclasses): <c>GET /api/calls</c> filtering by status, tool,
/// tenant and time, newest first in pages with a total, every bad parameter a 400 naming it; retention pruning.
/// </summary>
public abstract class AdminCallLogTests : IDisposable
{
    // Yesterday noon: well inside the default retention, so no prune during the test can touch the seeded calls.
    private static readonly DateTimeOffset Start = new(DateTime.UtcNow.Date.AddDays(-1).AddHours(12), TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("calllog-tests-").FullName;

    private protected string DatabasePath => Path.Combine(_folder, "registry.db");

    /// <summary>The PostgreSQL connection string of this test's own fresh database, or null for SQLite.</summary>
    protected abstract string? Postgres { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    private Task<RegistryTestServer> StartAsync() => RegistryTestServer.StartAsync(RegistryTestServer.Environment(DatabasePath, Postgres));

    /// <summary>Thirty calls a minute apart from <see cref="Start"/>: call_00 … call_29, every third an error, tenants alternating, tools echo/add/fail.</summary>
    private static async Task SeedAsync(RegistryTestServer registry)
    {
        for (var i = 0; i < 30; i++)
        {
            await registry.Store.AppendCallAsync(new CallRecord(
                "call_" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture),
                Start.AddMinutes(i),
                i % 2 == 0 ? "tenant_abc123" : "tenant_def456",
                "mcp_server1",
                i % 3 == 0 ? "fail" : i % 3 == 1 ? "echo" : "add",
                i % 3 == 0 ? "error" : "ok",
                i + 0.25,
                "{\"n\":" + i + "}",
                i % 3 == 0 ? null : "out " + i,
                i % 3 == 0 ? "failed on purpose" : null), default);
        }
    }

    private static string[] Ids(JsonElement body) =>
        body.GetProperty("data").GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();

    private static long Total(JsonElement body) => body.GetProperty("data").GetProperty("total").GetInt64();

    [Fact]
    public async Task Calls_come_newest_first_in_pages_with_a_total_and_every_filter_narrows_them()
    {
        await using var registry = await StartAsync();
        await SeedAsync(registry);

        var (status, all) = await registry.CallAsync(HttpMethod.Get, "/api/calls");
        Assert.Equal(200, status);
        Assert.True(all.GetProperty("success").GetBoolean());
        Assert.Equal(30, Total(all));
        Assert.Equal(Enumerable.Range(10, 20).Reverse().Select(i => "call_" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)), Ids(all));
        var data = all.GetProperty("data");
        Assert.Equal((1, 20, 2), (data.GetProperty("page").GetInt32(), data.GetProperty("pageSize").GetInt32(), data.GetProperty("totalPages").GetInt32()));
        var newest = data.GetProperty("calls")[0];
        Assert.Equal(Start.AddMinutes(29).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture) + ":00.000Z", newest.GetProperty("time").GetString());
        Assert.Equal(("tenant_def456", "mcp_server1", "add", "ok"), (newest.GetProperty("tenantId").GetString(), newest.GetProperty("serverId").GetString(), newest.GetProperty("tool").GetString(), newest.GetProperty("status").GetString()));
        Assert.Equal(29.3, newest.GetProperty("durationMs").GetDouble());
        Assert.Equal(("{\"n\":29}", "out 29", JsonValueKind.Null), (newest.GetProperty("input").GetString(), newest.GetProperty("output").GetString(), newest.GetProperty("error").ValueKind));

        var (_, second) = await registry.CallAsync(HttpMethod.Get, "/api/calls?page=2&pageSize=20");
        Assert.Equal(Enumerable.Range(0, 10).Reverse().Select(i => "call_" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)), Ids(second));
        var (_, beyond) = await registry.CallAsync(HttpMethod.Get, "/api/calls?page=9");
        Assert.Empty(Ids(beyond));
        Assert.Equal(30, Total(beyond));

        var (_, errors) = await registry.CallAsync(HttpMethod.Get, "/api/calls?status=error&pageSize=100");
        Assert.Equal(10, Total(errors));
        Assert.All(errors.GetProperty("data").GetProperty("calls").EnumerateArray(), c => Assert.Equal("failed on purpose", c.GetProperty("error").GetString()));

        var (_, echo) = await registry.CallAsync(HttpMethod.Get, "/api/calls?tool=echo&pageSize=100");
        Assert.Equal(new[] { 28, 25, 22, 19, 16, 13, 10, 7, 4, 1 }.Select(i => "call_" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)), Ids(echo));

        var (_, tenant) = await registry.CallAsync(HttpMethod.Get, "/api/calls?tenant=tenant_def456&status=ok&pageSize=100");
        Assert.Equal(10, Total(tenant));
        Assert.All(tenant.GetProperty("data").GetProperty("calls").EnumerateArray(), c => Assert.Equal("tenant_def456", c.GetProperty("tenantId").GetString()));

        // from inclusive, to exclusive; an offset is honoured and a bare date-time is UTC.
        var from = Uri.EscapeDataString(Start.AddMinutes(5).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
        var to = Start.AddMinutes(8).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var (_, window) = await registry.CallAsync(HttpMethod.Get, "/api/calls?from=" + from + "&to=" + to);
        Assert.Equal(new[] { "call_07", "call_06", "call_05" }, Ids(window));

        // Blank filters (as a form sends them) mean any.
        var (_, blank) = await registry.CallAsync(HttpMethod.Get, "/api/calls?status=&tool=&tenant=&from=&to=");
        Assert.Equal(30, Total(blank));
        var (_, none) = await registry.CallAsync(HttpMethod.Get, "/api/calls?tool=nothing");
        Assert.Equal(0, Total(none));
        Assert.Equal(0, none.GetProperty("data").GetProperty("totalPages").GetInt32());
    }

    [Theory]
    [InlineData("status=maybe%3B", "status")]
    [InlineData("status=OK", "status")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=1.5", "page")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=abc", "pageSize")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-03-02&to=2026-03-01", "to")]
    [InlineData("tenant=..%2F..%2Fetc", "tenant")]
    [InlineData("tenant=x'%20OR%201=1--", "tenant")]
    [InlineData("tool=a%00b", "tool")]
    [InlineData("status=ok&status=error", "status")]
    [InlineData("sort=time", "sort")]
    public async Task A_bad_parameter_is_a_400_naming_it(string query, string field)
    {
        await using var registry = await StartAsync();
        await SeedAsync(registry);
        var (status, body) = await registry.CallAsync(HttpMethod.Get, "/api/calls?" + query);
        Assert.True(status == 400, query + " answered " + status + ": " + body);
        var error = body.GetProperty("error");
        Assert.Equal("VALIDATION_ERROR", error.GetProperty("code").GetString());
        Assert.Equal(field, error.GetProperty("details").GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_call_log_needs_the_admin_key_and_takes_only_GET_and_the_tenants_list_too()
    {
        await using var registry = await StartAsync();
        await SeedAsync(registry);
        var (anonymous, body) = await registry.CallAsync(HttpMethod.Get, "/api/calls", adminKey: null);
        Assert.Equal(401, anonymous);
        Assert.DoesNotContain("call_", body.ToString());
        Assert.Equal(401, (await registry.CallAsync(HttpMethod.Get, "/api/calls", adminKey: "wrong")).Status);
        Assert.Equal(401, (await registry.CallAsync(HttpMethod.Get, "/api/tenants", adminKey: null)).Status);
        using var post = await registry.SendAsync(HttpMethod.Post, "/api/calls", "{}");
        Assert.Equal(405, (int)post.StatusCode);
        Assert.Equal("GET", post.Content.Headers.Allow.Single());

        var server = await registry.CreateAsync("Calendar");
        Assert.Equal(200, (await registry.CallAsync(HttpMethod.Patch, "/api/tenants/tenant_def456", "{\"settings\":{\"enabledMcpServers\":[\"" + server + "\"]}}")).Status);
        var (listed, tenants) = await registry.CallAsync(HttpMethod.Get, "/api/tenants");
        Assert.Equal(200, listed);
        var items = tenants.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(new[] { "tenant_abc123", "tenant_def456" }, items.Select(t => t.GetProperty("id").GetString()));
        Assert.Empty(items[0].GetProperty("settings").GetProperty("enabledMcpServers").EnumerateArray());
        Assert.Equal(server, items[1].GetProperty("settings").GetProperty("enabledMcpServers")[0].GetString());
    }

    [Fact]
    public async Task Calls_older_than_the_retention_are_pruned_before_serving_and_then_by_a_timer_with_no_call_arriving()
    {
        await using (var registry = await StartAsync())
        {
            await SeedAsync(registry);
            Assert.Equal(30, Total((await registry.CallAsync(HttpMethod.Get, "/api/calls")).Body));
        }

        var settings = Settings(TimeSpan.FromDays(7));
        // Ten days after the seeded calls: the start prunes every one of them before it returns.
        var clock = new ManualClock(Start.AddDays(10));
        await using var store = Open(settings);
        await store.MigrateAsync(default);
        await using var pruning = await CallLogPruning.StartAsync(store, settings.CallLogRetention, TextWriter.Null, default, clock, TimeSpan.FromMilliseconds(50));
        Assert.Equal(30, pruning.Pruned);
        Assert.Equal(0, await TotalAsync(store));

        // Nothing but the timer runs from here on: no call is appended after these two.
        await store.AppendCallAsync(Call("old", clock.Now.AddDays(-8)), default);
        await store.AppendCallAsync(Call("recent", clock.Now.AddDays(-6)), default);
        await WaitForAsync(() => pruning.Pruned == 31);
        Assert.Equal(new[] { "recent" }, (await store.QueryCallsAsync(AllCalls, default)).Calls.Select(c => c.Id));

        // Two days on, the remaining call has expired too, and a later tick takes it.
        clock.Now = clock.Now.AddDays(2);
        await WaitForAsync(() => pruning.Pruned == 32);
        Assert.Equal(0, await TotalAsync(store));
    }

    [Fact]
    public async Task A_version_3_call_log_migrates_to_4_keeping_its_calls_and_each_filtered_page_reads_an_index()
    {
        await using (var registry = await StartAsync())
        {
            await SeedAsync(registry);
        }
        // Version 3 is version 4 without the filter indexes.
        await ExecuteAsync("DROP INDEX calls_by_status", "DROP INDEX calls_by_tool", "DROP INDEX calls_by_tenant", "DELETE FROM registry_schema WHERE version = 4");
        foreach (var (index, column) in FilterIndexes) Assert.DoesNotContain(index, await PlanAsync(FilteredPage(column)));

        await using var store = Open(Settings(TimeSpan.FromDays(30)));
        Assert.Equal(4, await store.MigrateAsync(default));
        Assert.Equal(30, await TotalAsync(store));
        foreach (var (index, column) in FilterIndexes)
        {
            var plan = await PlanAsync(FilteredPage(column));
            Assert.True(plan.Contains(index, StringComparison.Ordinal), index + " is not in the plan: " + plan);
            // The index gives the page's order: no sort over every matching row.
            Assert.DoesNotContain("TEMP B-TREE", plan);
            Assert.DoesNotContain("Sort", plan);
        }
    }

    /// <summary>The v4 indexes and the column each filters on.</summary>
    private static readonly (string Index, string Column)[] FilterIndexes = [("calls_by_status", "status"), ("calls_by_tool", "tool"), ("calls_by_tenant", "tenant_id")];

    /// <summary>A page of the call log filtered on one column, in the order the admin API reads it.</summary>
    private static string FilteredPage(string column) => "SELECT id FROM calls WHERE " + column + " = 'x' ORDER BY time DESC, id DESC LIMIT 20 OFFSET 20";

    /// <summary>Runs statements straight on the test's database.</summary>
    private protected abstract Task ExecuteAsync(params string[] statements);

    /// <summary>The database's plan for a query, as text; PostgreSQL's with sequential scans off, since a test table is too small for its planner to prefer an index.</summary>
    private protected abstract Task<string> PlanAsync(string query);

    private static readonly CallQuery AllCalls = new(null, null, null, null, null, 1, 20);

    private static async Task<long> TotalAsync(SqlRegistryStore store) => (await store.QueryCallsAsync(AllCalls, default)).Total;

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the pruning timer did not prune within 20 s");
            await Task.Delay(20);
        }
    }

    private Runtime.Serving.RegistrySettings Settings(TimeSpan retention) => new()
    {
        EncryptionKey = RegistryTestServer.EncryptionKey,
        SqlitePath = DatabasePath,
        PostgresConnection = Postgres,
        CallLogRetention = retention,
    };

    private static CallRecord Call(string id, DateTimeOffset time) => new(id, time, "tenant_abc123", "mcp_x", "echo", "ok", 1, null, null, null);

    private static SqlRegistryStore Open(Runtime.Serving.RegistrySettings settings)
    {
        RegistryDialect dialect = settings.PostgresConnection is { } postgres ? new PostgresDialect(postgres) : new SqliteDialect(settings.SqlitePath);
        return new SqlRegistryStore(dialect, new SecretBox(settings.EncryptionKey!));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private long _ticks = now.UtcTicks;

        /// <summary>Set by the test, read by the pruning timer's thread.</summary>
        public DateTimeOffset Now
        {
            get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
        }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class SqliteAdminCallLogTests : AdminCallLogTests
{
    protected override string? Postgres => null;

    private protected override async Task ExecuteAsync(params string[] statements)
    {
        await using var connection = new SqliteConnection("Data Source=" + DatabasePath);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new SqliteCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    // Unpooled: a pooled connection that read the schema before the migration explains with the indexes it knew then.
    private protected override async Task<string> PlanAsync(string query)
    {
        await using var connection = new SqliteConnection("Data Source=" + DatabasePath + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("EXPLAIN QUERY PLAN " + query, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new System.Text.StringBuilder();
        while (await reader.ReadAsync()) plan.AppendLine(reader.GetString(3));
        return plan.ToString();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAdminCallLogTests : AdminCallLogTests, IAsyncLifetime
{
    private readonly PostgresCluster _cluster;
    private string _database = "";

    public PostgresAdminCallLogTests(PostgresCluster cluster) => _cluster = cluster;

    protected override string? Postgres => _cluster.ConnectionString(_database);

    public async Task InitializeAsync() => _database = await _cluster.CreateDatabaseAsync("calllog");

    public async Task DisposeAsync()
    {
        await _cluster.DropDatabaseAsync(_database);
    }

    private protected override async Task ExecuteAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private protected override async Task<string> PlanAsync(string query)
    {
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand("EXPLAIN " + query, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new System.Text.StringBuilder();
        while (await reader.ReadAsync()) plan.AppendLine(reader.GetString(0));
        return plan.ToString();
    }
}
