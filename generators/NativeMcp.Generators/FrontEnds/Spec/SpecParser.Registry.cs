using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

internal sealed partial class SpecParser
{
    /// <summary>A call log retention: whole minutes, hours or days (the call log is kept for days, not milliseconds).</summary>
    private static readonly System.Text.RegularExpressions.Regex RetentionPattern = new("^([0-9]{1,7})(m|h|d)$");

    /// <summary>Ten years: anything longer is a typo, and "keep forever" is not a retention.</summary>
    private const long MaxRetentionMinutes = 3650L * 24 * 60;

    /// <summary>The 'registry' section: admin API, tenants and the database they are kept in.</summary>
    private RegistryModel? ParseRegistry(YamlNode? node, bool hasServe)
    {
        var m = _r.Mapping(node, "registry", SpecKeys.Registry);
        if (m is null) return null;
        // The admin API and the tenants' endpoints are HTTP: a registry without 'serve' could never be reached.
        if (!hasServe) _r.Report(SpecDiagnostics.RegistryWithoutServe, node);

        if (!m.Has("adminKey")) _r.Report(SpecDiagnostics.MissingKey, m.Node, "registry", "adminKey");
        var adminKey = SecretEnv(m, "adminKey");
        var database = _r.Mapping(m["database"], "registry.database", SpecKeys.RegistryDatabase);
        var sqlite = _r.String(database?["sqlite"], "registry.database.sqlite") is { } path ? EnvTemplate(path, database!["sqlite"]!) : null;
        var postgres = database is null ? null : SecretEnv(database, "postgres");

        var commands = StringList(m["commands"], "registry.commands");
        foreach (var command in commands)
        {
            if (command.Trim().Length == 0 || command.IndexOfAny(new[] { ' ', '\t', '\n', ';', '|', '&', '$', '`' }) >= 0)
            {
                _r.Report(SpecDiagnostics.InvalidValue, m["commands"], "registry.commands", "'" + command + "' is not an executable name or path (no spaces or shell characters)");
            }
        }
        var callLog = _r.Mapping(m["callLog"], "registry.callLog", SpecKeys.RegistryCallLog);
        var retention = callLog is null ? null : ParseRetention(callLog["retention"]);
        return new RegistryModel
        {
            CallLogRetentionMinutes = retention,
            AdminKeyEnv = adminKey ?? "",
            EncryptionKeyEnv = SecretEnv(m, "encryptionKey"),
            TenantKeysEnv = SecretEnv(m, "tenants"),
            PostgresEnv = postgres,
            SqlitePath = sqlite,
            Commands = commands,
        };
    }

    /// <summary>registry.callLog.retention (e.g. 7d, 12h, 90m) in minutes; NMCP010 at the value when it is not one.</summary>
    private int? ParseRetention(YamlNode? node)
    {
        const string where = "registry.callLog.retention";
        if (_r.String(node, where) is not { } text) return null;
        var match = RetentionPattern.Match(text);
        var minutes = match.Success ? long.Parse(match.Groups[1].Value) * (match.Groups[2].Value switch { "m" => 1L, "h" => 60L, _ => 1440L }) : 0;
        if (minutes < 1 || minutes > MaxRetentionMinutes)
        {
            _r.Report(SpecDiagnostics.InvalidValue, node, where, "'" + text + "' is not a retention such as 7d, 12h or 90m (from 1m to 3650d)");
            return null;
        }
        return (int)minutes;
    }

    /// <summary>A registry setting that must be <c>${NAME}</c> of a variable declared <c>secret: true</c> (NMCP080).</summary>
    private string? SecretEnv(MappingEntries m, string key)
    {
        var node = m[key];
        if (_r.String(node, "registry." + key) is not { } text) return null;
        var match = WholeEnvReference.Match(text);
        if (!match.Success)
        {
            _r.Report(SpecDiagnostics.RegistrySettingNotSecret, node, key, " (a value written into the spec would be compiled into the binary)");
            return null;
        }
        var variable = match.Groups[1].Value;
        Reference(ReferenceKind.Env, variable, OwnerKind.Server, "", "", node);
        if (_env.TryGetValue(variable, out var declared) && !declared.Secret)
        {
            _r.Report(SpecDiagnostics.RegistrySettingNotSecret, node, key, "; '" + variable + "' is not declared secret");
            return null;
        }
        return variable;
    }
}
