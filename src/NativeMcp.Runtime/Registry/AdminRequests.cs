using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NativeMcp.Runtime.Registry;

/// <summary>The fields of a server body as sent; null where the body leaves them out.</summary>
internal sealed record ServerFields
{
    public string? Name { get; init; }
    public bool HasDescription { get; init; }
    public string? Description { get; init; }
    public string? Command { get; init; }
    public IReadOnlyList<string>? Args { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>>? Env { get; init; }
    public IReadOnlyList<string>? SecretEnv { get; init; }
    public bool? Enabled { get; init; }
}

/// <summary>
/// Reads and checks admin API bodies and ids. Every rule that refuses input names the field; nothing is stored
/// until the whole body passed. The limits keep one request from filling the database or a page.
/// </summary>
internal static class AdminRequests
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxArgs = 100;
    public const int MaxArgLength = 4096;
    public const int MaxEnv = 100;
    public const int MaxEnvValueLength = 8192;
    public const int MaxTenantServers = 1000;

    // Letters, digits, spaces and . _ - ( ) : a person's label ("Google Calendar (Updated)"), never SQL or markup.
    private static readonly Regex NamePattern = new(@"^[\p{L}\p{N}][\p{L}\p{N} ._()\-]*$", RegexOptions.CultureInvariant);

    private static readonly Regex EnvNamePattern = new("^[A-Za-z_][A-Za-z0-9_]{0,127}$", RegexOptions.CultureInvariant);

    // Ids are ours (mcp_ + hex) or the spec's tenant ids: nothing that could climb a path or end a statement.
    private static readonly Regex IdPattern = new("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant);

    public static AdminError? CheckId(string id, string field) =>
        IdPattern.IsMatch(id) ? null : AdminError.Validation(field, field + " must be 1-64 letters, digits, '_' or '-'");

    /// <summary>The body as one JSON object, or the error (malformed, not an object, duplicate keys).</summary>
    public static JsonDocument? Parse(byte[] body, out AdminError? error)
    {
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            error = AdminError.Validation("body", "The body is not valid JSON (line " + ((ex.LineNumber ?? 0) + 1) + ", byte " + ((ex.BytePositionInLine ?? 0) + 1) + ")");
            return null;
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            error = AdminError.Validation("body", "The body must be a JSON object");
            return null;
        }
        return document;
    }

    /// <summary>A server body of POST (<paramref name="create"/>: name, command and args required) or PATCH.</summary>
    public static ServerFields? ReadServer(JsonElement body, bool create, IReadOnlyList<string> allowedCommands, out AdminError? error)
    {
        error = null;
        string? name = null, description = null, command = null;
        var hasDescription = false;
        List<string>? args = null, secretEnv = null;
        List<KeyValuePair<string, string>>? env = null;
        bool? enabled = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                error = AdminError.Validation(property.Name, "'" + property.Name + "' is given twice");
                return null;
            }
            var value = property.Value;
            switch (property.Name)
            {
                case "name":
                    name = String(value, "name", MaxNameLength, ref error);
                    if (name is not null && !NamePattern.IsMatch(name)) error = AdminError.Validation("name", "name may hold letters, digits, spaces and . _ - ( ), starting with a letter or digit");
                    break;
                case "description":
                    hasDescription = true;
                    if (value.ValueKind != JsonValueKind.Null) description = String(value, "description", MaxDescriptionLength, ref error);
                    break;
                case "command":
                    command = String(value, "command", 1024, ref error);
                    break;
                case "args":
                    args = Strings(value, "args", MaxArgs, MaxArgLength, ref error);
                    break;
                case "env":
                    env = Env(value, ref error);
                    break;
                case "secretEnv":
                    secretEnv = Strings(value, "secretEnv", MaxEnv, 128, ref error);
                    break;
                case "enabled":
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) enabled = value.GetBoolean();
                    else error = AdminError.Validation("enabled", "enabled must be true or false");
                    break;
                default:
                    error = AdminError.Validation(property.Name, "Unknown field '" + Clip(property.Name) + "' (fields: name, description, command, args, env, secretEnv, enabled)");
                    break;
            }
            if (error is not null) return null;
        }
        if (create)
        {
            foreach (var (field, present) in new[] { ("name", name is not null), ("command", command is not null), ("args", args is not null) })
            {
                if (!present)
                {
                    error = AdminError.Validation(field, field + " is required");
                    return null;
                }
            }
        }
        if (command is not null && !Allowed(command, allowedCommands))
        {
            error = new AdminError(403, "FORBIDDEN",
                "Command '" + Clip(command) + "' is not in this registry's allowlist" + (allowedCommands.Count == 0 ? " (the spec allows none)" : " (allowed: " + string.Join(", ", allowedCommands) + ")"), "command");
            return null;
        }
        return new ServerFields { Name = name, HasDescription = hasDescription, Description = description, Command = command, Args = args, Env = env, SecretEnv = secretEnv, Enabled = enabled };
    }

    /// <summary>
    /// Applies a body to a server (a new one for POST). A value sent back masked (ending in <c>***</c>) keeps the stored
    /// one: clients show masked values and send them back unchanged.
    /// </summary>
    public static McpServerRecord? Apply(McpServerRecord current, ServerFields fields, DateTimeOffset now, out AdminError? error)
    {
        error = null;
        var env = current.Env;
        if (fields.Env is { } sent)
        {
            var merged = new List<KeyValuePair<string, string>>(sent.Count);
            foreach (var (name, value) in sent)
            {
                if (EnvMasking.IsMasked(value))
                {
                    var stored = Find(current.Env, name);
                    if (stored is null)
                    {
                        error = AdminError.Validation("env." + name, "env." + name + " is a masked value but no value is stored for it: send the value itself");
                        return null;
                    }
                    merged.Add(new(name, stored));
                }
                else
                {
                    merged.Add(new(name, value));
                }
            }
            env = merged;
        }
        var secretEnv = fields.SecretEnv ?? current.SecretEnv;
        foreach (var name in secretEnv)
        {
            if (Find(env, name) is null)
            {
                error = AdminError.Validation("secretEnv", "secretEnv names '" + Clip(name) + "', which is not in env");
                return null;
            }
        }
        return current with
        {
            Name = fields.Name ?? current.Name,
            Description = fields.HasDescription ? fields.Description : current.Description,
            Command = fields.Command ?? current.Command,
            Args = fields.Args ?? current.Args,
            Env = env,
            SecretEnv = secretEnv,
            Enabled = fields.Enabled ?? current.Enabled,
            UpdatedAt = now,
        };
    }

    /// <summary>A tenant PATCH body: <c>name</c> and <c>settings.enabledMcpServers</c>.</summary>
    public static (string? Name, IReadOnlyList<string>? Servers)? ReadTenant(JsonElement body, out AdminError? error)
    {
        error = null;
        string? name = null;
        List<string>? servers = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                error = AdminError.Validation(property.Name, "'" + property.Name + "' is given twice");
                return null;
            }
            if (property.Name == "name")
            {
                name = String(property.Value, "name", MaxNameLength, ref error);
                if (name is not null && !NamePattern.IsMatch(name)) error = AdminError.Validation("name", "name may hold letters, digits, spaces and . _ - ( ), starting with a letter or digit");
            }
            else if (property.Name == "settings")
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    error = AdminError.Validation("settings", "settings must be an object");
                    return null;
                }
                foreach (var setting in property.Value.EnumerateObject())
                {
                    if (setting.Name != "enabledMcpServers" || servers is not null)
                    {
                        error = AdminError.Validation("settings." + setting.Name, setting.Name == "enabledMcpServers"
                            ? "'settings.enabledMcpServers' is given twice"
                            : "Unknown setting '" + Clip(setting.Name) + "' (this registry manages settings.enabledMcpServers)");
                        return null;
                    }
                    servers = Strings(setting.Value, "settings.enabledMcpServers", MaxTenantServers, 64, ref error);
                    if (servers is null) return null;
                    var distinct = new HashSet<string>(StringComparer.Ordinal);
                    for (var i = 0; i < servers.Count; i++)
                    {
                        var field = "settings.enabledMcpServers[" + i + "]";
                        error = CheckId(servers[i], field) ?? (distinct.Add(servers[i]) ? null : AdminError.Validation(field, "'" + servers[i] + "' is listed twice"));
                        if (error is not null) return null;
                    }
                }
            }
            else
            {
                error = AdminError.Validation(property.Name, "Unknown field '" + Clip(property.Name) + "' (fields: name, settings)");
            }
            if (error is not null) return null;
        }
        return (name, servers);
    }

    internal static bool Allowed(string command, IReadOnlyList<string> allowed)
    {
        foreach (var entry in allowed)
        {
            if (string.Equals(entry, command, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static string? Find(IReadOnlyList<KeyValuePair<string, string>> env, string name)
    {
        foreach (var (key, value) in env)
        {
            if (key == name) return value;
        }
        return null;
    }

    private static string? String(JsonElement value, string field, int maxLength, ref AdminError? error)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            error = AdminError.Validation(field, field + " must be a string");
            return null;
        }
        var text = value.GetString()!;
        if (text.Length == 0 || text.Length > maxLength) error = AdminError.Validation(field, field + " must be 1 to " + maxLength + " characters");
        else if (HasControl(text)) error = AdminError.Validation(field, field + " must not contain control characters");
        return error is null ? text : null;
    }

    private static List<string>? Strings(JsonElement value, string field, int maxCount, int maxLength, ref AdminError? error)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            error = AdminError.Validation(field, field + " must be an array of strings");
            return null;
        }
        var list = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var at = field + "[" + i++ + "]";
            if (list.Count == maxCount)
            {
                error = AdminError.Validation(field, field + " holds at most " + maxCount + " items");
                return null;
            }
            if (item.ValueKind != JsonValueKind.String)
            {
                error = AdminError.Validation(at, at + " must be a string");
                return null;
            }
            var text = item.GetString()!;
            if (text.Length > maxLength || text.IndexOf('\0') >= 0)
            {
                error = AdminError.Validation(at, at + " must be at most " + maxLength + " characters, without NUL");
                return null;
            }
            list.Add(text);
        }
        return list;
    }

    private static List<KeyValuePair<string, string>>? Env(JsonElement value, ref AdminError? error)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            error = AdminError.Validation("env", "env must be an object of string values");
            return null;
        }
        var env = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!EnvNamePattern.IsMatch(property.Name))
            {
                error = AdminError.Validation("env", "env name '" + Clip(property.Name) + "' must be letters, digits and '_', not starting with a digit");
                return null;
            }
            var field = "env." + property.Name;
            if (!seen.Add(property.Name) || env.Count == MaxEnv)
            {
                error = AdminError.Validation(field, env.Count == MaxEnv ? "env holds at most " + MaxEnv + " variables" : field + " is given twice");
                return null;
            }
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                error = AdminError.Validation(field, field + " must be a string");
                return null;
            }
            var text = property.Value.GetString()!;
            if (text.Length > MaxEnvValueLength || text.IndexOf('\0') >= 0)
            {
                error = AdminError.Validation(field, field + " must be at most " + MaxEnvValueLength + " characters, without NUL");
                return null;
            }
            env.Add(new(property.Name, text));
        }
        return env;
    }

    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c)) return true;
        }
        return false;
    }

    /// <summary>Caller-sent text quoted in a message: short, so an error never echoes a huge value.</summary>
    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
