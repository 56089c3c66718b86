using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace NativeMcp.Runtime.Sql;

/// <summary>
/// A PostgreSQL database through Npgsql's slim data source (the NativeAOT-safe builder: no reflection-based type
/// mapping). The statement timeout is the server's own <c>statement_timeout</c>, set for the call's transaction.
/// </summary>
public sealed class PostgresDatabase : SqlDatabase
{
    private readonly string _connectionString;
    private NpgsqlDataSource? _source;

    public PostgresDatabase(string name, string connectionString, IReadOnlyList<string> secrets)
        : base(name, secrets) => _connectionString = connectionString;

    // Built at the first call: start-up and tools/list never touch the database.
    private NpgsqlDataSource Source => LazyInitializer.EnsureInitialized(ref _source, () =>
        new NpgsqlSlimDataSourceBuilder(_connectionString).EnableArrays().Build());

    protected override async Task<SqlRows> RunAsync(SqlStatement statement, SqlParameterValue[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var setup = (statement.ReadOnly ? "SET TRANSACTION READ ONLY; " : "") +
            "SET LOCAL statement_timeout = " + ((long)statement.Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        await using (var prepare = new NpgsqlCommand(setup, connection, transaction))
        {
            await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        SqlRows rows;
        await using (var command = new NpgsqlCommand(statement.Text, connection, transaction))
        {
            // Npgsql's own timeout would cancel from the client; the server's statement_timeout and our backstop govern.
            command.CommandTimeout = 0;
            foreach (var parameter in parameters) command.Parameters.Add(Parameter(parameter));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            rows = await ReadAsync(reader, statement, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static NpgsqlParameter Parameter(SqlParameterValue parameter) => parameter.Value switch
    {
        null => new NpgsqlParameter(parameter.Name, NpgsqlDbType.Unknown) { Value = DBNull.Value },
        long l => new NpgsqlParameter(parameter.Name, NpgsqlDbType.Bigint) { Value = l },
        double d => new NpgsqlParameter(parameter.Name, NpgsqlDbType.Double) { Value = d },
        bool b => new NpgsqlParameter(parameter.Name, NpgsqlDbType.Boolean) { Value = b },
        // Text goes as an untyped literal: the server infers its type from where the parameter stands, so a string
        // argument compares with a timestamp, a uuid or a numeric column without a cast in the statement.
        var value => new NpgsqlParameter(parameter.Name, NpgsqlDbType.Unknown) { Value = Convert.ToString(value, CultureInfo.InvariantCulture) },
    };

    protected override SqlFailure Describe(Exception exception, SqlStatement statement, bool timedOut)
    {
        if (exception is PostgresException pg)
        {
            var detail = pg.MessageText + " (SQLSTATE " + pg.SqlState + ")";
            switch (pg.SqlState)
            {
                case PostgresErrorCodes.QueryCanceled:
                    return TimedOut(statement);
                case PostgresErrorCodes.ReadOnlySqlTransaction:
                    return ReadOnlyViolation(statement, detail);
            }
            // Class 08 (connection exception) and 57P0x (the server ended the session: shutdown, terminated backend).
            if (pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P0", StringComparison.Ordinal))
            {
                Forget();
                return Unreachable(statement, detail);
            }
            return Rejected(statement, detail);
        }
        if (timedOut) return TimedOut(statement);
        if (exception is NpgsqlException or System.IO.IOException or System.Net.Sockets.SocketException)
        {
            Forget();
            return Unreachable(statement, FirstSentence(exception.Message));
        }
        return Rejected(statement, FirstSentence(exception.Message));
    }

    // Idle pooled connections share the fate of the one that broke (a restarted server, terminated backends):
    // dropping them makes the next call connect afresh instead of failing on another dead connection.
    private void Forget() => _source?.Clear();

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message.Substring(0, end)).TrimEnd('.');
    }
}
