using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

internal sealed partial class SpecParser
{
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
        return new RegistryModel
        {
            AdminKeyEnv = adminKey ?? "",
            EncryptionKeyEnv = SecretEnv(m, "encryptionKey"),
            TenantKeysEnv = SecretEnv(m, "tenants"),
            PostgresEnv = postgres,
            SqlitePath = sqlite,
            Commands = commands,
        };
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
