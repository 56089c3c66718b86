using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

internal sealed partial class SpecParser
{
    private const int MaxRowLimit = 10_000;
    private static readonly Regex WholeEnvReference = new(@"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$");
    private readonly List<DatabaseModel> _databases = new();

    /// <summary><c>databases:</c> name → engine, connection string (a secret variable), default timeout and row limit.</summary>
    private EquatableArray<DatabaseModel> ParseDatabases(YamlNode? node)
    {
        var m = _r.Mapping(node, "databases", null);
        if (m is null) return EquatableArray<DatabaseModel>.Empty;
        foreach (var (name, _, value) in m.Entries)
        {
            var where = "databases." + name;
            var d = _r.Mapping(value, where, SpecKeys.Database);
            if (d is null) continue;
            var kindText = RequiredString(d, "kind", where);
            DatabaseKind? kind = kindText switch
            {
                "postgres" or "postgresql" => DatabaseKind.Postgres,
                "sqlite" => DatabaseKind.Sqlite,
                null => null,
                _ => null,
            };
            if (kindText is not null && kind is null)
            {
                _r.Report(SpecDiagnostics.InvalidValue, d["kind"], where + ".kind", "'" + kindText + "' is not one of: postgres, sqlite");
            }
            var connection = ConnectionEnv(d, name, where);
            var timeout = OptionalDuration(d["timeout"], where + ".timeout");
            var maxRows = RowLimit(d["maxRows"], "database '" + name + "'");
            if (kind is null || connection is null) continue;
            _databases.Add(new DatabaseModel
            {
                Name = name,
                Kind = kind.Value,
                ConnectionEnv = connection,
                TimeoutMilliseconds = timeout ?? 30_000,
                MaxRows = maxRows ?? 100,
            });
        }
        return new EquatableArray<DatabaseModel>(_databases.ToArray());
    }

    /// <summary>The variable named by <c>connection: ${NAME}</c>, which must be declared <c>secret: true</c>.</summary>
    private string? ConnectionEnv(MappingEntries d, string database, string where)
    {
        var text = RequiredString(d, "connection", where);
        if (text is null) return null;
        var node = d["connection"]!;
        var match = WholeEnvReference.Match(text);
        if (!match.Success)
        {
            _r.Report(SpecDiagnostics.ConnectionNotSecret, node, database, " (a connection string written into the spec would be compiled into the binary)");
            return null;
        }
        var variable = match.Groups[1].Value;
        Reference(ReferenceKind.Env, variable, OwnerKind.Server, "", "", node);
        if (_env.TryGetValue(variable, out var declared) && !declared.Secret)
        {
            _r.Report(SpecDiagnostics.ConnectionNotSecret, node, database, "; '" + variable + "' is not declared secret");
            return null;
        }
        return variable;
    }

    private int? RowLimit(YamlNode? node, string owner)
    {
        if (node is null || SpecReader.IsNull(node)) return null;
        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar && int.TryParse(scalar.Value, out var value) && value is >= 1 and <= MaxRowLimit)
        {
            return value;
        }
        _r.Report(SpecDiagnostics.InvalidRowLimit, node, owner, (node as YamlScalarNode)?.Value ?? "a " + node.NodeType.ToString().ToLowerInvariant());
        return null;
    }

    /// <summary>
    /// A tool's <c>sql</c>. Read-only is one rule: <c>sql.readOnly</c> if given, else <c>annotations.readOnly</c>,
    /// else the tool's scope (its <c>scope:</c> or the scope its verb implies) is <c>read</c>.
    /// </summary>
    private SqlModel? ParseSql(YamlNode node, string tool, MappingEntries toolEntries, IReadOnlyList<InputModel> inputs, bool? annotatedReadOnly, string? scope)
    {
        var where = "tool '" + tool + "' sql";
        var m = _r.Mapping(node, where, SpecKeys.Sql);
        if (m is null) return null;

        var database = DatabaseOf(m, tool, where);
        var statement = RequiredString(m, "statement", where);
        var readOnly = _r.Bool(m["readOnly"], where + ".readOnly") ?? annotatedReadOnly ?? (scope ?? Scopes.ForName(tool)) == Scopes.Read;
        var maxRows = RowLimit(m["maxRows"], "tool '" + tool + "'") ?? database?.MaxRows ?? 100;
        var timeout = OptionalDuration(m["timeout"], where + ".timeout") ?? database?.TimeoutMilliseconds ?? 30_000;
        var columns = ParseColumns(m["columns"], where + ".columns");
        if (statement is null || database is null) return null;

        var statementNode = m["statement"]!;
        var byName = new HashSet<string>(inputs.Select(i => i.Name), StringComparer.Ordinal);
        var parameters = SqlParameters.Find(statement);
        foreach (var (name, _) in parameters.Where(p => !byName.Contains(p.Name)))
        {
            _r.Report(SpecDiagnostics.UnboundSqlParameter, statementNode, name, tool);
        }
        var used = new HashSet<string>(parameters.Select(p => p.Name), StringComparer.Ordinal);
        foreach (var input in inputs.Where(i => !used.Contains(i.Name)))
        {
            _r.Report(SpecDiagnostics.UnusedSqlInput, InputKeyNode(toolEntries, input.Name), input.Name, tool);
        }

        return new SqlModel
        {
            Database = database.Name,
            Statement = statement,
            Parameters = new EquatableArray<string>(parameters.Select(p => p.Name).ToArray()),
            ReadOnly = readOnly,
            MaxRows = maxRows,
            TimeoutMilliseconds = timeout,
            Columns = columns,
        };
    }

    /// <summary>The line of an input's name (under <c>input</c>, or a raw schema's <c>properties</c>); the tool's key otherwise.</summary>
    private static YamlNode InputKeyNode(MappingEntries tool, string input)
    {
        var container = tool["input"] as YamlMappingNode;
        if (container is null && tool["inputSchema"] is YamlMappingNode schema && schema.Children.TryGetValue(new YamlScalarNode("properties"), out var properties))
        {
            container = properties as YamlMappingNode;
        }
        if (container is not null)
        {
            foreach (var key in container.Children.Keys)
            {
                if (key is YamlScalarNode { Value: var name } && name == input) return key;
            }
        }
        return (YamlNode?)tool.KeyNode("input") ?? (YamlNode?)tool.KeyNode("inputSchema") ?? tool.Node;
    }

    /// <summary>The database a tool runs on: the only one, or the one it names.</summary>
    private DatabaseModel? DatabaseOf(MappingEntries m, string tool, string where)
    {
        var declared = string.Join(", ", _databases.Select(d => d.Name));
        if (_r.String(m["database"], where + ".database") is { } name)
        {
            var found = _databases.FirstOrDefault(d => d.Name == name);
            if (found is null) _r.Report(SpecDiagnostics.UnknownDatabase, m["database"], name, tool, declared.Length == 0 ? "none" : declared);
            return found;
        }
        if (_databases.Count == 1) return _databases[0];
        _r.Report(SpecDiagnostics.UnknownDatabase, m.Node, "(none given)", tool, declared.Length == 0 ? "none" : declared);
        return null;
    }

    private EquatableArray<SqlColumnModel> ParseColumns(YamlNode? node, string where)
    {
        var m = _r.Mapping(node, where, null);
        if (m is null) return EquatableArray<SqlColumnModel>.Empty;
        var columns = new List<SqlColumnModel>();
        foreach (var (name, _, value) in m.Entries)
        {
            var path = where + "." + name;
            var c = SpecReader.IsNull(value) ? null : _r.Mapping(value, path, SpecKeys.Column);
            var typeText = _r.String(c?["type"], path + ".type") ?? "string";
            if (!InputKinds.TryParse(typeText, out var type))
            {
                _r.Report(SpecDiagnostics.InvalidValue, c?["type"], path + ".type", "expected one of: " + string.Join(", ", InputKinds.Names));
                continue;
            }
            columns.Add(new SqlColumnModel(name, type, _r.String(c?["description"], path + ".description"), _r.Bool(c?["nullable"], path + ".nullable") ?? true));
        }
        return new EquatableArray<SqlColumnModel>(columns.ToArray());
    }
}
