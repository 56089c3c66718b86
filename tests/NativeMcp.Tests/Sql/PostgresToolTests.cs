using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using NativeMcp.Generated.Sqltest;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Sql;

/// <summary>
/// SQL tools of Specs/sqltest.yaml against a real PostgreSQL (a private cluster on 127.0.0.1), through the generated
/// server and the MCP C# SDK client: binding, read-only transactions, the row limit, the statement timeout, a dropped
/// connection, and the round trip of the common types.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresToolTests(PostgresCluster cluster) : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync(cluster.ConnectionString());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    internal static Task<InProcessServer> StartAsync(string postgres, string sqlite = "Data Source=:memory:") =>
        InProcessServer.StartAsync(SqltestServer.Definition, new Dictionary<string, string?> { ["SQLTEST_PG"] = postgres, ["SQLTEST_SQLITE"] = sqlite });

    private static JsonElement Structured(CallToolResult result)
    {
        Assert.False(result.IsError == true, result.Text());
        return Assert.IsType<JsonElement>(result.StructuredContent);
    }

    /// <summary>The text content's JSON: the same object for every SQL tool, columns declared or not.</summary>
    private static JsonElement Json(CallToolResult result)
    {
        Assert.False(result.IsError == true, result.Text());
        using var document = JsonDocument.Parse(((TextContentBlock)result.Content[0]).Text);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task An_injection_attempt_is_bound_as_a_value_and_the_table_survives()
    {
        const string attack = "x'); DROP TABLE customers;--";
        var added = Json(await _server.Client.CallJsonAsync("add_customer", JsonSerializer.Serialize(new { name = attack, email = "e@x.test" })));
        var id = added.GetProperty("rows")[0].GetProperty("id").GetInt64();

        var found = Structured(await _server.Client.CallJsonAsync("find_customers", JsonSerializer.Serialize(new { name = attack })));
        var row = Assert.Single(found.GetProperty("rows").EnumerateArray());
        Assert.Equal(id, row.GetProperty("id").GetInt64());
        Assert.Equal(attack, row.GetProperty("name").GetString());

        // A WHERE-clause attempt matches nothing instead of everything, and the table is still there.
        var none = Structured(await _server.Client.CallJsonAsync("find_customers", """{"name":"' OR '1'='1"}"""));
        Assert.Empty(none.GetProperty("rows").EnumerateArray());
        Assert.True((long)(await cluster.ExecuteAsync("SELECT count(*) FROM customers"))! >= 1);
    }

    [Fact]
    public async Task A_write_in_a_read_tool_fails_in_the_read_only_transaction_and_writes_nothing()
    {
        const string name = "sneaky-pg";
        var result = await _server.Client.CallJsonAsync("query_sneaky_write", JsonSerializer.Serialize(new { name }));
        Assert.True(result.IsError);
        Assert.StartsWith("read_only: 'query_sneaky_write' is a read tool", result.Text());
        Assert.Contains("database 'pg' refused a write", result.Text());
        Assert.Contains("read-only transaction", result.Text());
        Assert.Equal(0L, await cluster.ExecuteAsync("SELECT count(*) FROM customers WHERE name = '" + name + "'"));

        // The same connection pool serves a write tool afterwards, read-write.
        Json(await _server.Client.CallJsonAsync("add_customer", JsonSerializer.Serialize(new { name = "after-sneaky" })));
        Assert.Equal(1L, await cluster.ExecuteAsync("SELECT count(*) FROM customers WHERE name = 'after-sneaky'"));
    }

    [Fact]
    public async Task Tools_publish_the_read_only_decision_and_the_columns_as_output_schema()
    {
        var tools = (await _server.Client.ListToolsAsync()).ToDictionary(t => t.Name);
        Assert.True(tools["find_customers"].ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.True(tools["execute_query"].ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.False(tools["add_customer"].ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.Null(tools["add_customer"].ProtocolTool.OutputSchema);

        var schema = tools["find_customers"].ProtocolTool.OutputSchema!.Value;
        var columns = schema.GetProperty("properties").GetProperty("rows").GetProperty("items").GetProperty("properties");
        Assert.Equal("integer", columns.GetProperty("id").GetProperty("type").GetString());
        Assert.Equal("""["string","null"]""", columns.GetProperty("email").GetProperty("type").GetRawText());
        Assert.Equal("boolean", schema.GetProperty("properties").GetProperty("truncated").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_row_limit_returns_max_rows_and_says_the_answer_was_cut()
    {
        for (var i = 0; i < 4; i++) await cluster.ExecuteAsync("INSERT INTO customers (name) VALUES ('limit-" + i + "')");

        var result = await _server.Client.CallJsonAsync("list_customers");
        var json = Json(result);
        Assert.Equal(3, json.GetProperty("rows").GetArrayLength());
        Assert.True(json.GetProperty("truncated").GetBoolean());
        Assert.Equal("Only the first 3 rows are shown: the query returned more. Narrow it with the tool's arguments to see the rest.",
            ((TextContentBlock)result.Content[1]).Text);
        // Without declared columns there is no structured content.
        Assert.Null(result.StructuredContent);
    }

    [Fact]
    public async Task A_statement_past_its_timeout_is_cancelled_by_the_server_and_the_next_call_runs()
    {
        var clock = Stopwatch.StartNew();
        var result = await _server.Client.CallJsonAsync("get_sleep", """{"seconds": 10}""");
        clock.Stop();
        Assert.True(result.IsError);
        Assert.Equal("statement_timeout: the statement of 'get_sleep' ran longer than 500ms on database 'pg' and was cancelled.", result.Text());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "took " + clock.Elapsed);

        var quick = Json(await _server.Client.CallJsonAsync("get_sleep", """{"seconds": 0.01}"""));
        Assert.Equal(1, quick.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public async Task A_dropped_connection_is_a_clear_tool_error_and_the_next_call_reconnects()
    {
        var pid = Json(await _server.Client.CallJsonAsync("get_backend")).GetProperty("rows")[0].GetProperty("pid").GetInt32();
        Assert.Equal(true, await cluster.ExecuteAsync("SELECT pg_terminate_backend(" + pid + ")"));

        var dropped = await _server.Client.CallJsonAsync("get_backend");
        Assert.True(dropped.IsError);
        Assert.StartsWith("database_unreachable: the connection to database 'pg' failed while running 'get_backend'", dropped.Text());
        Assert.EndsWith("The next call opens a new connection.", dropped.Text());
        Assert.DoesNotContain(cluster.Password, dropped.Text());

        var again = Json(await _server.Client.CallJsonAsync("get_backend")).GetProperty("rows")[0].GetProperty("pid").GetInt32();
        Assert.NotEqual(pid, again);
    }

    [Fact]
    public async Task Types_round_trip_as_json()
    {
        var row = Assert.Single(Structured(await _server.Client.CallJsonAsync("get_types", """{"id": 1}""")).GetProperty("rows").EnumerateArray());
        Assert.Equal(-7, row.GetProperty("small").GetInt32());
        Assert.Equal(9007199254740993L, row.GetProperty("big").GetInt64());
        Assert.Equal("12.50", row.GetProperty("price").GetRawText());
        Assert.Equal(0.25, row.GetProperty("ratio").GetDouble());
        Assert.True(row.GetProperty("flag").GetBoolean());
        Assert.Equal("naïve \"quoted\" text", row.GetProperty("label").GetString());
        Assert.Equal("2024-05-06T07:08:09.123Z", row.GetProperty("at").GetString());
        Assert.Equal("2024-05-06T07:08:09", row.GetProperty("local_at").GetString());
        Assert.Equal("""{"a":[1,2],"b":null}""", row.GetProperty("doc").GetRawText());
        Assert.Equal("""{"k":{"n":1.5}}""", row.GetProperty("docb").GetRawText());
        Assert.Equal("""["x","y"]""", row.GetProperty("tags").GetRawText());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("nothing").ValueKind);
    }

    [Fact]
    public async Task Integer_boolean_and_defaulted_parameters_bind_typed()
    {
        await cluster.ExecuteAsync("INSERT INTO customers (name) VALUES ('typed-a'), ('typed-b'), ('typed-c')");
        var all = Json(await _server.Client.CallJsonAsync("execute_query", """{"active": true}""")).GetProperty("rows");
        Assert.Equal(2, all.GetArrayLength());
        var from = all[1].GetProperty("id").GetInt64();
        var later = Json(await _server.Client.CallJsonAsync("execute_query", "{\"active\": false, \"minId\": " + from + "}")).GetProperty("rows");
        Assert.Equal(from, later[0].GetProperty("id").GetInt64());

        var wrong = await _server.Client.CallJsonAsync("execute_query", """{"active": "yes"}""");
        Assert.True(wrong.IsError);
        Assert.Contains("active", wrong.Text());
    }

    [Fact]
    public async Task An_unreachable_database_is_a_tool_error_without_the_connection_string()
    {
        const string password = "never-shown-3f9a";
        var unreachable = "Host=127.0.0.1;Port=" + ClosedPort() + ";Database=x;Username=u;Password=" + password + ";Timeout=3";
        await using var server = await StartAsync(unreachable);
        var result = await server.Client.CallJsonAsync("find_customers", """{"name":"a"}""");
        Assert.True(result.IsError);
        Assert.StartsWith("database_unreachable: the connection to database 'pg' failed while running 'find_customers'", result.Text());
        Assert.DoesNotContain(password, result.Text());
        Assert.DoesNotContain("Username=", result.Text());
        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains(password, StringComparison.Ordinal));
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
