using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Results;

namespace NativeMcp.Runtime.Sql;

/// <summary>
/// One declared database: built from its connection string (a secret environment variable) and shared by every
/// SQL tool on it. Nothing connects before the first call; each call opens a pooled connection, runs its statement
/// in a transaction (read-only for read tools) under the statement timeout, and gives the connection back.
/// </summary>
public abstract class SqlDatabase
{
    protected SqlDatabase(string name, IReadOnlyList<string> secrets)
    {
        Name = name;
        Secrets = secrets;
    }

    /// <summary>The spec's name for the database, used in every error.</summary>
    public string Name { get; }

    /// <summary>Declared secrets (the connection string among them): masked in every text that leaves the server.</summary>
    public IReadOnlyList<string> Secrets { get; }

    /// <summary>Runs <paramref name="statement"/> and turns its rows (or its failure) into the tool result.</summary>
    public async ValueTask<CallToolResult> CallAsync(SqlStatement statement, SqlParameterValue[] parameters, CancellationToken cancellationToken)
    {
        try
        {
            return SqlResults.FromRows(await ExecuteAsync(statement, parameters, cancellationToken).ConfigureAwait(false), statement, Secrets);
        }
        catch (SqlFailure failure)
        {
            return ToolResults.Error(Results.Secrets.Redact(failure.Code + ": " + failure.Message, Secrets));
        }
    }

    /// <summary>Runs the statement; every failure comes out as a <see cref="SqlFailure"/>, or as cancellation by the caller.</summary>
    public async Task<SqlRows> ExecuteAsync(SqlStatement statement, SqlParameterValue[] parameters, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The database enforces the timeout itself where it can; this is the backstop a hung connection cannot outlast.
        timeout.CancelAfter(statement.Timeout + Backstop);
        try
        {
            return await RunAsync(statement, parameters, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(statement);
        }
        catch (Exception ex) when (ex is not SqlFailure and not OperationCanceledException)
        {
            throw Describe(ex, statement, timedOut: timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested);
        }
    }

    /// <summary>Extra time the client allows past the statement timeout before it gives up on the connection.</summary>
    protected static readonly TimeSpan Backstop = TimeSpan.FromSeconds(1);

    protected abstract Task<SqlRows> RunAsync(SqlStatement statement, SqlParameterValue[] parameters, CancellationToken cancellationToken);

    /// <summary>The driver's exception as a failure the model can act on.</summary>
    protected abstract SqlFailure Describe(Exception exception, SqlStatement statement, bool timedOut);

    protected SqlFailure TimedOut(SqlStatement statement) => new(SqlFailure.StatementTimeout,
        "the statement of '" + statement.ToolName + "' ran longer than " + Durations.Text(statement.Timeout) + " on database '" + Name + "' and was cancelled.");

    protected SqlFailure ReadOnlyViolation(SqlStatement statement, string detail) => new(SqlFailure.ReadOnly,
        "'" + statement.ToolName + "' is a read tool: it runs in a read-only transaction, and database '" + Name + "' refused a write (" + detail + ").");

    protected SqlFailure Unreachable(SqlStatement statement, string detail) => new(SqlFailure.Unreachable,
        "the connection to database '" + Name + "' failed while running '" + statement.ToolName + "' (" + detail + "). The next call opens a new connection.");

    protected SqlFailure Rejected(SqlStatement statement, string detail) => new(SqlFailure.DatabaseError,
        "database '" + Name + "' rejected the statement of '" + statement.ToolName + "': " + detail);

    /// <summary>Reads up to MaxRows + 1 rows, then finishes the reader.</summary>
    protected static async Task<SqlRows> ReadAsync(DbDataReader reader, SqlStatement statement, CancellationToken cancellationToken)
    {
        var rows = await SqlRows.ReadAsync(reader, statement, cancellationToken).ConfigureAwait(false);
        await reader.DisposeAsync().ConfigureAwait(false);
        return rows with { RowsAffected = reader.RecordsAffected };
    }
}
