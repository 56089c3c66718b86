namespace NativeMcp.Runtime.Sql;

/// <summary>
/// Why a statement gave no rows, with a stable code for the model: <c>statement_timeout</c>, <c>read_only</c>,
/// <c>database_unreachable</c>, <c>database_error</c>. The message names the tool and the database, never the
/// connection string.
/// </summary>
public sealed class SqlFailure(string code, string message) : System.Exception(message)
{
    public const string StatementTimeout = "statement_timeout";
    public const string ReadOnly = "read_only";
    public const string Unreachable = "database_unreachable";
    public const string DatabaseError = "database_error";

    public string Code { get; } = code;
}
