using NativeMcp.Generators.Common;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Model;

/// <summary>The database engines a spec can name under <c>databases</c>.</summary>
internal enum DatabaseKind
{
    Postgres,
    Sqlite,
}

/// <summary>One entry of <c>databases</c>: its engine, the secret variable holding its connection string, and the defaults of its tools.</summary>
internal sealed record DatabaseModel
{
    public string Name { get; init; } = "";
    public DatabaseKind Kind { get; init; }
    /// <summary>The environment variable (declared <c>secret: true</c>) whose value is the connection string.</summary>
    public string ConnectionEnv { get; init; } = "";
    public int TimeoutMilliseconds { get; init; } = 30_000;
    public int MaxRows { get; init; } = 100;

    /// <summary>Resolved: the PascalCase stem of the database's generated variable.</summary>
    public string Identifier { get; init; } = "";
}

/// <summary>A declared result column of a SQL tool: published in the output schema, checked against the result.</summary>
internal sealed record SqlColumnModel(string Name, InputKind Type, string? Description, bool Nullable);

/// <summary>
/// A tool's <c>sql</c>: the statement with its <c>@name</c> parameters (each one an input, bound by the driver),
/// whether it runs read-only (already decided by the one rule: flag, annotation, scope or verb), its limits and columns.
/// </summary>
internal sealed record SqlModel
{
    public string Database { get; init; } = "";
    public string Statement { get; init; } = "";
    /// <summary>The inputs the statement names, in order of first use.</summary>
    public EquatableArray<string> Parameters { get; init; } = EquatableArray<string>.Empty;
    public bool ReadOnly { get; init; }
    public int MaxRows { get; init; }
    public int TimeoutMilliseconds { get; init; }
    public EquatableArray<SqlColumnModel> Columns { get; init; } = EquatableArray<SqlColumnModel>.Empty;
}
