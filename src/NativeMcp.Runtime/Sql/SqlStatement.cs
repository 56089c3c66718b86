using System;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Runtime.Sql;

/// <summary>A declared result column: its name and the JSON kind its values are written as.</summary>
public readonly record struct SqlColumn(string Name, InputKind Kind);

/// <summary>
/// One SQL tool's statement as the generator compiled it: the text with its <c>@name</c> parameters (bound by the
/// driver, never spliced), whether it runs in a read-only transaction, its row limit and statement timeout.
/// </summary>
public sealed class SqlStatement
{
    public required string ToolName { get; init; }

    public required string Text { get; init; }

    /// <summary>Runs in a read-only transaction: a write fails in the database, not by a check of the text.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>At most this many rows are returned; one more is fetched to tell that the answer was cut.</summary>
    public int MaxRows { get; init; } = 100;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The declared columns: checked against the result and published as structuredContent; empty when none.</summary>
    public SqlColumn[] Columns { get; init; } = [];
}

/// <summary>A named parameter's value, typed from the tool input it is bound from (string, long, double, bool, or JSON text).</summary>
public readonly record struct SqlParameterValue(string Name, object? Value);
