using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Hosting;

/// <summary>
/// The entry point of a generated binary: checks the environment, then serves MCP over stdio.
/// No Microsoft.Extensions.Hosting: it costs milliseconds of start-up that a stdio server does not need.
/// </summary>
public static class StdioHost
{
    public const int ExitOk = 0;
    public const int ExitEnvironment = 1;
    public const int ExitUsage = 2;

    public static async Task<int> RunAsync(ServerDefinition definition, string[] args)
    {
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--version":
                    Console.Out.WriteLine(definition.Name + " " + definition.Version);
                    return ExitOk;
                case "-h" or "--help":
                    Console.Out.Write(Usage(definition));
                    return ExitOk;
                default:
                    Console.Error.WriteLine(definition.Name + ": unknown option '" + arg + "' (try --help)");
                    return ExitUsage;
            }
        }

        var env = EnvironmentValues.Load(definition.Environment, Environment.GetEnvironmentVariable, out var errors);
        if (errors.Count > 0)
        {
            // Nothing is served: the client sees the process exit, the user sees why on stderr.
            foreach (var error in errors) Console.Error.WriteLine(error);
            return ExitEnvironment;
        }

        try
        {
            var options = definition.CreateOptions(env, null);
            await using var server = McpServer.Create(new StdioServerTransport(options), options);
            if (definition.StartupMessage is { Length: > 0 } message) Console.Error.WriteLine(message);

            using var stop = new CancellationTokenSource();
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            await server.RunAsync(stop.Token).ConfigureAwait(false);
            return ExitOk;
        }
        catch (OperationCanceledException)
        {
            return ExitOk;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine(definition.Name + ": fatal: " + ex.Message);
            return ExitEnvironment;
        }
    }

    private static string Usage(ServerDefinition definition)
    {
        var text = new StringBuilder();
        text.Append(definition.Title ?? definition.Name).Append(' ').Append(definition.Version).AppendLine(" - MCP server over stdio");
        text.AppendLine().AppendLine("Options:").AppendLine("  --help       show this text").AppendLine("  --version    print the version");
        if (definition.Environment.Count > 0)
        {
            text.AppendLine().AppendLine("Environment:");
            foreach (var v in definition.Environment)
            {
                text.Append("  ").Append(v.Name.PadRight(24)).Append(v.Required ? " required" : " optional");
                if (v.Default is { } d && !v.Secret) text.Append(" (default ").Append(d).Append(')');
                if (v.Description is { } desc) text.Append("  ").Append(desc);
                text.AppendLine();
            }
        }
        return text.ToString();
    }
}
