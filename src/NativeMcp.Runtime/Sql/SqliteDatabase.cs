using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace NativeMcp.Runtime.Sql;

/// <summary>
/// A SQLite database through Microsoft.Data.Sqlite. A read tool's connection is switched to <c>PRAGMA query_only</c>
/// for its transaction; the statement timeout interrupts the running statement (<c>sqlite3_interrupt</c>).
/// </summary>
public sealed class SqliteDatabase : SqlDatabase
{
    private const int SqliteBusy = 5;
    private const int SqliteReadOnly = 8;
    private const int SqliteInterrupt = 9;
    private const int SqliteCantOpen = 14;

    private readonly string _connectionString;

    public SqliteDatabase(string name, string connectionString, IReadOnlyList<string> secrets)
        : base(name, secrets) => _connectionString = connectionString;

    protected override async Task<SqlRows> RunAsync(SqlStatement statement, SqlParameterValue[] parameters, CancellationToken cancellationToken)
    {
        SqliteNative.EnsureInitialized();
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // SQLite runs the statement on this thread; the timeout interrupts it from a timer thread.
        using var interrupt = cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
        if (statement.ReadOnly) Pragma(connection, "PRAGMA query_only = 1");
        try
        {
            // Microsoft.Data.Sqlite begins IMMEDIATE (a write lock) by default, which query_only refuses: reads begin deferred.
            await using var transaction = connection.BeginTransaction(deferred: statement.ReadOnly);
            SqlRows rows;
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = statement.Text;
                // The busy timeout: how long to wait for another writer's lock, within the statement timeout.
                command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(statement.Timeout.TotalSeconds));
                foreach (var parameter in parameters)
                {
                    command.Parameters.AddWithValue("@" + parameter.Name, parameter.Value switch
                    {
                        null => DBNull.Value,
                        bool b => b ? 1L : 0L,
                        var value => value,
                    });
                }
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                rows = await ReadAsync(reader, statement, cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return rows;
        }
        finally
        {
            // Pooled connections keep their pragmas: a read tool's must not outlive its call.
            if (statement.ReadOnly && connection.State == System.Data.ConnectionState.Open) Pragma(connection, "PRAGMA query_only = 0");
        }
    }

    private static void Pragma(SqliteConnection connection, string text)
    {
        using var command = connection.CreateCommand();
        command.CommandText = text;
        command.ExecuteNonQuery();
    }

    protected override SqlFailure Describe(Exception exception, SqlStatement statement, bool timedOut)
    {
        if (exception is SqliteException sqlite)
        {
            var detail = sqlite.Message.Replace("SQLite Error " + sqlite.SqliteErrorCode + ": ", "", StringComparison.Ordinal).Trim('\'', ' ', '.');
            return sqlite.SqliteErrorCode switch
            {
                SqliteInterrupt => TimedOut(statement),
                SqliteReadOnly when statement.ReadOnly => ReadOnlyViolation(statement, detail),
                SqliteCantOpen => Unreachable(statement, detail),
                SqliteBusy => Rejected(statement, detail + " (another connection holds the lock past the timeout)"),
                _ => Rejected(statement, detail),
            };
        }
        return timedOut ? TimedOut(statement) : Rejected(statement, exception.Message);
    }
}
