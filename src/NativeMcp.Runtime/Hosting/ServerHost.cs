using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Serving;

namespace NativeMcp.Runtime.Hosting;

/// <summary>
/// The entry point of a generated binary: checks the environment, then serves MCP over stdio (default) or
/// Streamable HTTP (--http, --port, or the spec's port variable). No Microsoft.Extensions.Hosting on the
/// stdio path: it costs milliseconds of start-up that a stdio server does not need.
/// </summary>
public static class ServerHost
{
    public const int ExitOk = 0;
    public const int ExitEnvironment = 1;
    public const int ExitUsage = 2;

    /// <summary>The environment variable that narrows a server to some toolsets when <c>--toolsets</c> is not given.</summary>
    public const string ToolsetsVariable = "NATIVEMCP_TOOLSETS";

    public static async Task<int> RunAsync(ServerDefinition definition, string[] args)
    {
        // --print-config, --list-tools, --check: answered without serving (InfoCommands.cs).
        if (InfoCommands.TryRun(definition, args, out var infoExit)) return infoExit;
        var arguments = HostArguments.Parse(args, out var usageError);
        if (usageError is not null)
        {
            Console.Error.WriteLine(definition.Name + ": " + usageError);
            return ExitUsage;
        }
        if (arguments.Version)
        {
            Console.Out.WriteLine(definition.Name + " " + definition.Version);
            return ExitOk;
        }
        if (arguments.Help)
        {
            Console.Out.Write(Usage(definition));
            return ExitOk;
        }

        // --toolsets, else NATIVEMCP_TOOLSETS: serve only those groups. A name the server lacks is a usage error.
        var toolsetNames = arguments.Toolsets ?? HostArguments.SplitToolsets(Environment.GetEnvironmentVariable(ToolsetsVariable));
        System.Collections.Generic.HashSet<string>? toolsets = null;
        if (toolsetNames is not null)
        {
            var known = ScopedOptions.KnownToolsets(definition.ToolGroups, toolsetNames, out var unknown);
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine(definition.Name + ": unknown toolset" + (unknown.Count > 1 ? "s " : " ") + string.Join(", ", unknown) +
                    "; this server has: " + (known.Length == 0 ? "none (no tool declares a group)" : string.Join(", ", known)));
                return ExitUsage;
            }
            toolsets = new System.Collections.Generic.HashSet<string>(toolsetNames, StringComparer.Ordinal);
        }

        var env = EnvironmentValues.Load(definition.Environment, Environment.GetEnvironmentVariable, out var errors);
        if (errors.Count > 0)
        {
            // Nothing is served: the client sees the process exit, the user sees why on stderr.
            foreach (var error in errors) Console.Error.WriteLine(error);
            return ExitEnvironment;
        }

        CallLog? log = null;
        try
        {
            var failuresOnly = arguments.LogLevel is "warning" or "error";
            log = arguments.LogLevel == "off" ? null
                : arguments.LogFile is { } file ? CallLog.ToFile(file, arguments.LogContent, env.Secrets, failuresOnly)
                : CallLog.ToStandardError(arguments.LogContent, env.Secrets, failuresOnly);
            var http = definition.Http(env);
            var port = arguments.Port ?? (int.TryParse(http.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : (int?)null);
            if (!arguments.Http && port is null)
            {
                // Built at the first message that needs the tools, never before initialize is answered.
                var stdioLog = log;
                McpServerOptions StdioOptions()
                {
                    var scopes = arguments.ReadOnly ? new System.Collections.Generic.HashSet<string> { ToolScopes.Read } : null;
                    return new ScopedOptions(definition.CreateOptions(env, null), definition.ToolScopes, stdioLog, definition.ToolGroups, toolsets).For(scopes);
                }
                return ServeStdio(definition, StdioOptions, env, () => stdioLog?.Dispose());
            }
            var options = definition.CreateOptions(env, null);
            var scoped = new ScopedOptions(options, definition.ToolScopes, log, definition.ToolGroups, toolsets);
            if (definition.ServeHttp is null)
            {
                Console.Error.WriteLine(definition.Name + ": this server is built for stdio only; add a 'serve' section to its spec to serve HTTP");
                return ExitUsage;
            }
            return await definition.ServeHttp(definition, scoped, http, arguments, port ?? http.DefaultPort).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine(definition.Name + ": fatal: " + ex.Message);
            return ExitEnvironment;
        }
        finally
        {
            log?.Dispose();
        }
    }

    /// <summary>The runtime's switch (read once, at the first socket) that runs socket completions on the epoll thread.</summary>
    public const string InlineSocketCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private static int ServeStdio(ServerDefinition definition, Func<McpServerOptions> options, EnvironmentValues env, Action beforeExit)
    {
        // A stdio call waits on one upstream socket: by default its answer is handed from the epoll thread to a
        // thread-pool worker, which then spins for more work. Run the rest of the call (shaping, the write to
        // stdout) on the epoll thread instead: half the CPU per call, measured (bench/README.md). Set before the
        // first socket exists; a user's own setting (0 to turn it off) wins. Not for HTTP serving, where Kestrel's
        // request code would run on the epoll threads too.
        if (Environment.GetEnvironmentVariable(InlineSocketCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineSocketCompletionsVariable, "1");
        }
        var settings = new Stdio.StdioSettings
        {
            InitializeResult = definition.InitializeResult ?? DefaultInitializeResult(definition),
            DrainTimeout = definition.DrainTimeout,
            MaxArgumentBytes = definition.MaxArgumentBytes,
            Secrets = env.Secrets,
        };
        var server = new Stdio.StdioServer(settings, options, Console.OpenStandardInput(), Console.OpenStandardOutput());
        if (definition.StartupMessage is { Length: > 0 } message)
        {
            // A raw write: Console.Error's writer costs start-up time that one line does not need.
            using var stderr = Console.OpenStandardError();
            stderr.Write(Encoding.UTF8.GetBytes(message + "\n"));
        }

        // SIGTERM/SIGINT: stop reading, answer what was read, exit 0. The reading thread may be blocked in
        // read(2), so the handler ends the process itself once the drain is done.
        Action<PosixSignalContext> stop = context =>
        {
            context.Cancel = true;
            server.DrainAsync().GetAwaiter().GetResult();
            beforeExit();
            Environment.Exit(ExitOk);
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, stop);
        return server.Run();
    }

    /// <summary>For definitions written by hand (the generator always computes it).</summary>
    private static string DefaultInitializeResult(ServerDefinition definition) =>
        "\"capabilities\":{\"logging\":{},\"tools\":{}},\"serverInfo\":{\"name\":" + JsonSerializerString(definition.Name) + ",\"version\":" + JsonSerializerString(definition.Version) + "}";

    private static string JsonSerializerString(string value) =>
        System.Text.Json.JsonEncodedText.Encode(value, Stdio.ProtocolOutput.Encoder).ToString() is var encoded ? "\"" + encoded + "\"" : "";

    private static string Usage(ServerDefinition definition)
    {
        var text = new StringBuilder();
        text.Append(definition.Title ?? definition.Name).Append(' ').Append(definition.Version).AppendLine(" - MCP server (stdio by default, or Streamable HTTP)");
        text.AppendLine().AppendLine("Options:")
            .AppendLine("  --http              serve Streamable HTTP instead of stdio")
            .AppendLine("  --port N            HTTP port (implies --http)")
            .AppendLine("  --host ADDRESS      HTTP bind address (default 127.0.0.1)")
            .AppendLine("  --read-only         expose only tools of the read scope")
            .AppendLine("  --toolsets a,b      expose only the tools of these groups (or set " + ToolsetsVariable + ")")
            .AppendLine("  --log-level LEVEL   off, error, warning, info (default), debug: tool-call log lines on stderr")
            .AppendLine("  --log-file PATH     write the tool-call log to a file instead")
            .AppendLine("  --log-content       include arguments and results in the log (secrets redacted)")
            .AppendLine("  --print-config CLIENT  print the config for claude-desktop, cursor, vscode, claude-code or windsurf")
            .AppendLine("  --list-tools        print the tools and exit")
            .AppendLine("  --check             check the environment and exit without serving")
            .AppendLine("  --help              show this text")
            .AppendLine("  --version           print the version");
        if (definition.Environment.Count > 0)
        {
            text.AppendLine().AppendLine("Environment:");
            foreach (var v in definition.Environment)
            {
                text.Append("  ").Append(v.Name.PadRight(24)).Append(v.Required ? " required" : " optional");
                if (v.Url) text.Append(", an http(s) URL");
                if (v.Default is { } d && !v.Secret) text.Append(" (default ").Append(d).Append(')');
                if (v.Description is { } desc) text.Append("  ").Append(desc);
                text.AppendLine();
            }
        }
        return text.ToString();
    }
}
