using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Emit;

/// <summary>
/// SQL tools: each database built once from its secret connection string, each tool's statement as a constant
/// (text, read-only, row limit, timeout, columns), and the call that binds the arguments as named parameters.
/// </summary>
internal static class SqlEmitter
{
    private const string Sql = "global::NativeMcp.Runtime.Sql";
    public const string DatabaseType = Sql + ".SqlDatabase";

    public static string DatabaseVariable(DatabaseModel database) => "database" + database.Identifier;

    /// <summary>Nothing connects here: the database opens its first connection at the first call.</summary>
    public static void EmitDatabase(SourceWriter w, DatabaseModel database)
    {
        var type = database.Kind == DatabaseKind.Postgres ? "PostgresDatabase" : "SqliteDatabase";
        w.Line("var " + DatabaseVariable(database) + " = new " + Sql + "." + type + "(" + CSharp.Literal(database.Name) + ", env[" +
            CSharp.Literal(database.ConnectionEnv) + "], env.Secrets);");
    }

    public static void EmitStatement(SourceWriter w, SqlModel sql)
    {
        w.Line("private static readonly " + Sql + ".SqlStatement Statement = new()");
        w.Line("{");
        w.Line("ToolName = Name,");
        w.Line("Text = " + CSharp.Literal(sql.Statement) + ",");
        if (sql.ReadOnly) w.Line("ReadOnly = true,");
        w.Line("MaxRows = " + sql.MaxRows + ",");
        w.Line("Timeout = " + ServerEmitter.Ms(sql.TimeoutMilliseconds) + ",");
        if (!sql.Columns.IsEmpty)
        {
            w.Line("Columns = new " + Sql + ".SqlColumn[]");
            w.Line("{");
            foreach (var column in sql.Columns) w.Line("new(" + CSharp.Literal(column.Name) + ", global::NativeMcp.Runtime.Vocabulary.InputKind." + column.Type + "),");
            w.Line("},");
        }
        w.Line("};");
        w.Line();
    }

    /// <summary>Every parameter is an input (NMCP070/NMCP071): its bound value, JSON text for arrays and objects.</summary>
    public static void EmitCall(SourceWriter w, ToolModel tool)
    {
        var sql = tool.Sql!;
        var values = sql.Parameters.Select(name =>
        {
            var input = tool.Inputs.First(i => i.Name == name);
            var value = "args." + input.Member;
            if (input.Type is InputKind.Array or InputKind.Object) value += input.AlwaysSet ? ".GetRawText()" : "?.GetRawText()";
            return "new(" + CSharp.Literal(name) + ", " + value + ")";
        });
        w.Line("return _database.CallAsync(Statement, new " + Sql + ".SqlParameterValue[] { " + string.Join(", ", values) + " }, cancellationToken);");
    }
}
