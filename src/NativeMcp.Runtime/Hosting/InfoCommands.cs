using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Http;

namespace NativeMcp.Runtime.Hosting;

/// <summary>
/// What a binary answers without serving: <c>--print-config CLIENT</c> (the MCP client's config snippet),
/// <c>--list-tools</c> (the tool table) and <c>--check</c> (is the environment complete?). Each is the only
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
            case "--list-tools" or "--check":
                stderr.WriteLine(definition.Name + ": " + args[0] + " takes no other argument");
                exitCode = ServerHost.ExitUsage;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The running executable (the path an MCP client config must name), else the command as typed.</summary>
    private static string BinaryPath() => Environment.ProcessPath is { Length: > 0 } path ? path : Environment.GetCommandLineArgs()[0];

    /// <summary>One line per tool: name, scope (read, write, admin) and the first line of its description.</summary>
    private static int ListTools(ServerDefinition definition, TextWriter stdout, TextWriter stderr)
    {
        // Placeholders for every variable: listing needs the tools, never the values.
        var env = EnvironmentValues.Load(definition.Environment, name => "<" + name + ">", out _);
        IEnumerable<McpServerTool> tools;
        try
        {
            tools = definition.CreateOptions(env, null).ToolCollection ?? [];
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            stderr.WriteLine(definition.Name + ": " + ex.Message);
            return ServerHost.ExitEnvironment;
        }

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
    /// serving. Prints each variable as set, default or missing (never a value) and exits 1 when one is missing.
    /// </summary>
    private static int Check(ServerDefinition definition, TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
    {
        var env = EnvironmentValues.Load(definition.Environment, environment, out var errors);
        foreach (var variable in definition.Environment)
        {
            var state = env.Explicit(variable.Name) is not null ? "set"
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
