using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Serving;

namespace NativeMcp.Runtime.Hosting;

/// <summary>
/// What a binary answers without serving: <c>--print-config CLIENT</c> (the MCP client's config snippet),
/// <c>--list-tools</c> (the tool table), <c>--check</c> (is the environment complete?) and <c>--describe</c>
/// (the server as JSON, from which the packaging writes npm, .mcpb and server.json metadata). Each is the only
/// argument on its command line, so that it never mixes with serving options.
/// </summary>
public static class InfoCommands
{
    /// <summary>Handles <paramref name="args"/> when they are one of the commands; false leaves them to the server.</summary>
    public static bool TryRun(ServerDefinition definition, string[] args, out int exitCode) =>
        TryRun(definition, args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, BinaryPath(), out exitCode);

    public static bool TryRun(ServerDefinition definition, string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, string binaryPath, out int exitCode)
    {
        exitCode = ServerHost.ExitOk;
        if (args.Length == 0) return false;
        switch (args[0])
        {
            case "--print-config":
                if (args.Length != 2 || !ClientConfigs.Clients.Contains(args[1]))
                {
                    stderr.WriteLine(definition.Name + ": --print-config needs one of: " + string.Join(", ", ClientConfigs.Clients));
                    exitCode = ServerHost.ExitUsage;
                    return true;
                }
                stdout.Write(ClientConfigs.Snippet(args[1], definition, binaryPath));
                return true;
            case "--list-tools" when args.Length == 1:
                exitCode = ListTools(definition, stdout, stderr);
                return true;
            case "--check" when args.Length == 1:
                exitCode = Check(definition, stdout, stderr, environment);
                return true;
            case "--describe" when args.Length == 1:
                exitCode = Describe(definition, stdout, stderr);
                return true;
            case "--list-tools" or "--check" or "--describe":
                stderr.WriteLine(definition.Name + ": " + args[0] + " takes no other argument");
                exitCode = ServerHost.ExitUsage;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The running executable (the path an MCP client config must name), else the command as typed.</summary>
    private static string BinaryPath() => Environment.ProcessPath is { Length: > 0 } path ? path : Environment.GetCommandLineArgs()[0];

    /// <summary>Tools built with a placeholder for every variable: listing needs the tools, never the values.</summary>
    private static List<McpServerTool>? Tools(ServerDefinition definition, TextWriter stderr, out McpServerOptions? options)
    {
        var env = EnvironmentValues.Load(definition.Environment, name => "<" + name + ">", out _);
        try
        {
            options = definition.CreateOptions(env, null);
            return (options.ToolCollection ?? []).ToList();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            stderr.WriteLine(definition.Name + ": " + ex.Message);
            options = null;
            return null;
        }
    }

    /// <summary>
    /// {"name","title","version","description","env":[{"name","required","secret","default","description"}],
    /// "tools":[{"name","description"}]}: the spec as compiled, never a value of the environment.
    /// </summary>
    private static int Describe(ServerDefinition definition, TextWriter stdout, TextWriter stderr)
    {
        var tools = Tools(definition, stderr, out var options);
        if (tools is null) return ServerHost.ExitEnvironment;
        using var buffer = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", definition.Name);
            w.WriteString("title", definition.Title ?? definition.Name);
            w.WriteString("version", definition.Version);
            w.WriteString("description", options?.ServerInstructions ?? definition.Title ?? definition.Name);
            w.WriteStartArray("env");
            foreach (var v in definition.Environment)
            {
                w.WriteStartObject();
                w.WriteString("name", v.Name);
                w.WriteBoolean("required", v.Required);
                w.WriteBoolean("secret", v.Secret);
                if (v.Default is { } d && !v.Secret) w.WriteString("default", d);
                if (v.Description is { } desc) w.WriteString("description", desc);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("tools");
            foreach (var tool in tools.Select(t => t.ProtocolTool))
            {
                w.WriteStartObject();
                w.WriteString("name", tool.Name);
                w.WriteString("description", tool.Description ?? "");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stdout.Write(Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
        return ServerHost.ExitOk;
    }

    /// <summary>One line per tool: name, scope (read, write, admin) and the first line of its description.</summary>
    private static int ListTools(ServerDefinition definition, TextWriter stdout, TextWriter stderr)
    {
        var tools = Tools(definition, stderr, out _);
        if (tools is null) return ServerHost.ExitEnvironment;
        var rows = tools.Select(t => t.ProtocolTool).Select(t => (t.Name, Scope: ToolScopes.For(t.Name, definition.ToolScopes), Description: FirstLine(t.Description))).ToList();
        var width = Math.Max(4, rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length));
        var text = new StringBuilder();
        text.Append("TOOL".PadRight(width)).Append("  SCOPE  DESCRIPTION\n");
        foreach (var row in rows) text.Append(row.Name.PadRight(width)).Append("  ").Append(row.Scope.PadRight(5)).Append("  ").Append(row.Description).Append('\n');
        text.Append(rows.Count).Append(rows.Count == 1 ? " tool\n" : " tools\n");
        stdout.Write(text.ToString());
        return ServerHost.ExitOk;
    }

    /// <summary>
    /// The environment as the server would load it, then the server built from it (base URLs, auth), without
    /// serving. Prints each variable as set, default, missing or invalid (never a value) and exits 1 when one is missing or invalid.
    /// </summary>
    private static int Check(ServerDefinition definition, TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
    {
        var env = EnvironmentValues.Load(definition.Environment, environment, out var errors);
        foreach (var variable in definition.Environment)
        {
            var state = env.Invalid.Contains(variable.Name) ? "INVALID"
                : env.Explicit(variable.Name) is not null ? "set"
                : env[variable.Name].Length > 0 ? "default"
                : variable.Required ? "MISSING" : "unset";
            stdout.WriteLine("  " + variable.Name.PadRight(24) + " " + state + (variable.Required ? " (required)" : ""));
        }
        if (errors.Count > 0)
        {
            foreach (var error in errors) stderr.WriteLine(error);
            return ServerHost.ExitEnvironment;
        }
        try
        {
            var tools = definition.CreateOptions(env, null).ToolCollection?.Count ?? 0;
            stdout.WriteLine("ok: " + definition.Name + " " + definition.Version + ", " + tools + (tools == 1 ? " tool" : " tools") + "; not serving (--check)");
            return ServerHost.ExitOk;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            stderr.WriteLine(definition.Name + ": " + ex.Message);
            return ServerHost.ExitEnvironment;
        }
    }

    private static string FirstLine(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
