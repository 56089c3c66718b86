using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Client;
using NativeMcp.Runtime.Sql;
using NativeMcp.Tests.Infrastructure;
using NativeMcp.Tests.Sql;
using Xunit;

namespace NativeMcp.Tests.Native;

/// <summary>
/// The NativeAOT binary of Specs/sqltest.yaml (published with zero trim/AOT warnings by the Test target) runs one
/// query against SQLite and one against the private PostgreSQL, over stdio with the SDK client.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Native)]
[Collection(PostgresCollection.Name)]
public sealed class SqlBinaryTests(PostgresCluster cluster)
{
    [Fact]
    public async Task The_native_binary_queries_sqlite_and_postgres()
    {
        var file = Path.Combine(Path.GetTempPath(), "nativemcp-native-" + System.Guid.NewGuid().ToString("N") + ".db");
        try
        {
            SqliteNative.EnsureInitialized();
            using (var connection = new SqliteConnection("Data Source=" + file + ";Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done BOOLEAN NOT NULL); INSERT INTO notes (title, done) VALUES ('native', 1)";
                command.ExecuteNonQuery();
            }
            await cluster.ExecuteAsync("INSERT INTO customers (name, email) VALUES ('native-binary', 'n@x.test')");
            var stderr = new ConcurrentQueue<string>();

            await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = NativeBinary.SqlTestPath(),
                Name = "sqltest",
                EnvironmentVariables = new Dictionary<string, string?>
                {
                    ["SQLTEST_PG"] = cluster.ConnectionString(),
                    ["SQLTEST_SQLITE"] = "Data Source=" + file,
                },
                StandardErrorLines = stderr.Enqueue,
            }));

            var note = await client.CallJsonAsync("find_notes", """{"title":"native"}""");
            Assert.NotEqual(true, note.IsError);
            Assert.Equal("""{"rows":[{"id":1,"title":"native","done":true}],"truncated":false}""", note.Text());

            var customer = await client.CallJsonAsync("find_customers", """{"name":"native-binary"}""");
            Assert.NotEqual(true, customer.IsError);
            Assert.Equal("n@x.test", customer.StructuredContent!.Value.GetProperty("rows")[0].GetProperty("email").GetString());

            var readOnly = await client.CallJsonAsync("query_sneaky_write", """{"name":"native-sneaky"}""");
            Assert.True(readOnly.IsError);
            Assert.StartsWith("read_only:", readOnly.Text());
            Assert.DoesNotContain(stderr, line => line.Contains(cluster.Password));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SQLite_is_linked_into_the_binary()
    {
        // SQLite's own file-header text is in its pager: present only when the library's code is in the executable.
        var bytes = File.ReadAllBytes(NativeBinary.SqlTestPath());
        Assert.True(bytes.AsSpan().IndexOf("SQLite format 3"u8) >= 0, "the published binary does not contain SQLite");
    }
}
