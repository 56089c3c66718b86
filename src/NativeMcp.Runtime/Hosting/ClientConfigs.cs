using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace NativeMcp.Runtime.Hosting;

/// <summary>
/// The config snippet each MCP client takes for this binary: its real path as the command and every variable
/// of the spec's env section as a placeholder ("&lt;NAME&gt;" for a value the user must give, the default for one
/// that has it). Never a value from the current environment.
/// </summary>
public static class ClientConfigs
{
    public static readonly IReadOnlyList<string> Clients = ["claude-desktop", "cursor", "vscode", "claude-code", "windsurf"];

    public static string Snippet(string client, ServerDefinition definition, string binaryPath) => client switch
    {
        "claude-code" => ClaudeCode(definition, binaryPath),
        "vscode" => VsCode(definition, binaryPath),
        // Claude Desktop (claude_desktop_config.json), Cursor (.cursor/mcp.json) and Windsurf (mcp_config.json)
        // share the mcpServers shape.
        "claude-desktop" or "cursor" or "windsurf" => McpServers(definition, binaryPath, client == "windsurf"),
        _ => throw new ArgumentOutOfRangeException(nameof(client), client, "unknown client"),
    };

    private static string Placeholder(EnvVar variable) =>
        variable.Default is { Length: > 0 } value && !variable.Secret ? value : "<" + variable.Name + ">";

    private static string McpServers(ServerDefinition definition, string binaryPath, bool withArgs) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("mcpServers");
        w.WriteStartObject(definition.Name);
        w.WriteString("command", binaryPath);
        if (withArgs)
        {
            w.WriteStartArray("args");
            w.WriteEndArray();
        }
        WriteEnv(w, definition, Placeholder);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>VS Code's .vscode/mcp.json: secrets come from prompted inputs, so that they never sit in the file.</summary>
    private static string VsCode(ServerDefinition definition, string binaryPath) => Json(w =>
    {
        string InputId(EnvVar v) => definition.Name + "-" + v.Name.ToLowerInvariant().Replace('_', '-');
        w.WriteStartObject();
        var secrets = definition.Environment.Where(v => v.Secret).ToList();
        if (secrets.Count > 0)
        {
            w.WriteStartArray("inputs");
            foreach (var secret in secrets)
            {
                w.WriteStartObject();
                w.WriteString("type", "promptString");
                w.WriteString("id", InputId(secret));
                w.WriteString("description", secret.Description ?? secret.Name);
                w.WriteBoolean("password", true);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteStartObject("servers");
        w.WriteStartObject(definition.Name);
        w.WriteString("type", "stdio");
        w.WriteString("command", binaryPath);
        WriteEnv(w, definition, v => v.Secret ? "${input:" + InputId(v) + "}" : Placeholder(v));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static string ClaudeCode(ServerDefinition definition, string binaryPath)
    {
        var line = new StringBuilder("claude mcp add ").Append(definition.Name);
        foreach (var variable in definition.Environment) line.Append(" --env ").Append(ShellQuote(variable.Name + "=" + Placeholder(variable)));
        return line.Append(" -- ").Append(ShellQuote(binaryPath)).Append('\n').ToString();
    }

    private static void WriteEnv(Utf8JsonWriter w, ServerDefinition definition, Func<EnvVar, string> value)
    {
        if (definition.Environment.Count == 0) return;
        w.WriteStartObject("env");
        foreach (var variable in definition.Environment) w.WriteString(variable.Name, value(variable));
        w.WriteEndObject();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(w);
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Single quotes for POSIX shells unless the word needs none.</summary>
    private static string ShellQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '=' or ':' or '+' or ',')
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";
}
