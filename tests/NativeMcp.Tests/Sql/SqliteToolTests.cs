using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Sql;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Sql;

/// <summary>The SQLite tools of Specs/sqltest.yaml on a database file made for each test, through the generated server.</summary>
public sealed class SqliteToolTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "nativemcp-sqlite-" + Guid.NewGuid().ToString("N") + ".db");
    private InProcessServer _server = null!;

    private string ConnectionString => "Data Source=" + _file;

    public async Task InitializeAsync()
    {
        Execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done BOOLEAN NOT NULL)");
        // Nothing connects to PostgreSQL in these tests: its tools are never called.
        _server = await PostgresToolTests.StartAsync("Host=127.0.0.1;Port=1;Database=unused;Username=u;Password=p", ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    private object? Execute(string sql)
    {
        SqliteNative.EnsureInitialized();
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static JsonElement Json(CallToolResult result)
    {
        Assert.False(result.IsError == true, result.Text());
        using var document = JsonDocument.Parse(((TextContentBlock)result.Content[0]).Text);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task An_injection_attempt_is_bound_as_a_value_and_the_table_survives()
    {
        const string attack = "'); DROP TABLE notes;--";
        var added = Json(await _server.Client.CallJsonAsync("add_note", JsonSerializer.Serialize(new { title = attack, done = true })));
        Assert.Equal(1, added.GetProperty("rowsAffected").GetInt32());
        Assert.Empty(added.GetProperty("rows").EnumerateArray());

        var found = await _server.Client.CallJsonAsync("find_notes", JsonSerializer.Serialize(new { title = attack }));
        var row = Assert.Single(Assert.IsType<JsonElement>(found.StructuredContent).GetProperty("rows").EnumerateArray());
        Assert.Equal(attack, row.GetProperty("title").GetString());
        // SQLite stores the boolean as 1; the column declared boolean reads it back as true.
        Assert.True(row.GetProperty("done").GetBoolean());
        Assert.Equal(1L, Execute("SELECT count(*) FROM notes"));
    }

    [Fact]
    public async Task A_write_in_a_read_tool_fails_and_the_pooled_connection_writes_again_afterwards()
    {
        var result = await _server.Client.CallJsonAsync("read_sneaky_note", """{"title":"sneaky"}""");
        Assert.True(result.IsError);
        Assert.StartsWith("read_only: 'read_sneaky_note' is a read tool: it runs in a read-only transaction, and database 'lite' refused a write (", result.Text());
        Assert.Equal(0L, Execute("SELECT count(*) FROM notes"));

        // query_only is switched off again before the connection goes back to the pool.
        Json(await _server.Client.CallJsonAsync("add_note", """{"title":"after"}"""));
        Assert.Equal(1L, Execute("SELECT count(*) FROM notes WHERE title = 'after' AND done = 0"));
    }

    [Fact]
    public async Task The_row_limit_returns_max_rows_and_says_the_answer_was_cut()
    {
        Execute("INSERT INTO notes (title, done) VALUES ('a', 0), ('b', 0), ('c', 1)");
        var result = await _server.Client.CallJsonAsync("list_notes");
        var json = Json(result);
        Assert.Equal("""[{"id":1,"title":"a"},{"id":2,"title":"b"}]""", json.GetProperty("rows").GetRawText());
        Assert.True(json.GetProperty("truncated").GetBoolean());
        Assert.StartsWith("Only the first 2 rows are shown", ((TextContentBlock)result.Content[1]).Text);

        Execute("DELETE FROM notes WHERE title = 'c'");
        var whole = Json(await _server.Client.CallJsonAsync("list_notes"));
        Assert.False(whole.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task A_statement_past_its_timeout_is_interrupted()
    {
        var clock = Stopwatch.StartNew();
        var result = await _server.Client.CallJsonAsync("count_forever");
        clock.Stop();
        Assert.True(result.IsError);
        Assert.Equal("statement_timeout: the statement of 'count_forever' ran longer than 300ms on database 'lite' and was cancelled.", result.Text());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "took " + clock.Elapsed);

        Json(await _server.Client.CallJsonAsync("find_notes", """{"title":"none"}"""));
    }

    [Fact]
    public async Task A_missing_table_is_a_database_error_naming_tool_and_database()
    {
        Execute("DROP TABLE notes");
        var result = await _server.Client.CallJsonAsync("find_notes", """{"title":"x"}""");
        Assert.True(result.IsError);
        Assert.Equal("database_error: database 'lite' rejected the statement of 'find_notes': no such table: notes", result.Text());
        Assert.DoesNotContain(_file, result.Text());
    }
}
