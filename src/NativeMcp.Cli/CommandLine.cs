using System;
using System.IO;

namespace NativeMcp.Cli;

/// <summary><c>nativemcp check &lt;spec&gt; [--json]</c> and <c>nativemcp list &lt;spec&gt;</c>.</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: nativemcp check <spec> [--json]   the build's diagnostics for a spec; exit code 1 on any error
               nativemcp list <spec>             the spec's tools, grouped
               nativemcp import <document> [-o <spec>] [--force]
                                                 write a starting spec that imports an OpenAPI document, listing every
                                                 operation with its tool name (default: <document>.nativemcp.yaml beside it)
               nativemcp sync <spec> [--check]   read the spec's MCP upstreams and write <spec>.lock.json, printing
                                                 what changed; --check only compares (exit code 1 on any drift)
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length >= 2 && args[0] == "import")
        {
            string? target = null;
            var force = false;
            for (var i = 2; i < args.Length; i++)
            {
                if (args[i] == "--force") force = true;
                else if (args[i] is "-o" or "--output" && i + 1 < args.Length && target is null) target = args[++i];
                else
                {
                    error.WriteLine(Usage);
                    return 2;
                }
            }
            return ImportCommand.Run(args[1], target, force, output, error);
        }
        if (args.Length is 2 or 3 && args[0] == "sync" && (args.Length == 2 || args[2] == "--check"))
        {
            if (!File.Exists(args[1]))
            {
                error.WriteLine("nativemcp: no such file: " + args[1]);
                return 2;
            }
            return SyncCommand.RunAsync(args[1], args.Length == 3, Environment.GetEnvironmentVariable, output, error).GetAwaiter().GetResult();
        }
        if (args.Length is < 2 or > 3 || args[0] is not ("check" or "list") || (args.Length == 3 && (args[0] != "check" || args[2] != "--json")))
        {
            error.WriteLine(Usage);
            return 2;
        }
        var path = args[1];
        if (!File.Exists(path))
        {
            error.WriteLine("nativemcp: no such file: " + path);
            return 2;
        }

        var check = SpecCheck.Run(path);
        if (args[0] == "list")
        {
            if (check.HasErrors)
            {
                CheckCommand.WriteText(check, output);
                return 1;
            }
            ListCommand.Write(check.Spec.Model!, output);
            return 0;
        }
        if (args.Length == 3) CheckCommand.WriteJson(check, output);
        else CheckCommand.WriteText(check, output);
        return check.HasErrors ? 1 : 0;
    }
}
