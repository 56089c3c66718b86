using System;
using System.Globalization;

namespace NativeMcp.Runtime.Hosting;

/// <summary>The command line of a generated binary.</summary>
public sealed class HostArguments
{
    public bool Help { get; private set; }

    public bool Version { get; private set; }

    public bool Http { get; private set; }

    public int? Port { get; private set; }

    public string? Host { get; private set; }

    public bool ReadOnly { get; private set; }

    /// <summary><c>--toolsets a,b</c>: serve only the tools of these groups; null for all.</summary>
    public string[]? Toolsets { get; private set; }

    /// <summary>off, error, warning, info (default) or debug: which tool calls get a log line.</summary>
    public string LogLevel { get; private set; } = "info";

    public string? LogFile { get; private set; }

    /// <summary>Log arguments and results too (secrets redacted).</summary>
    public bool LogContent { get; private set; }

    public static HostArguments Parse(string[] args, out string? error)
    {
        var parsed = new HostArguments();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "-h" or "--help": parsed.Help = true; break;
                case "--version": parsed.Version = true; break;
                case "--http": parsed.Http = true; break;
                case "--read-only": parsed.ReadOnly = true; break;
                case "--toolsets":
                    parsed.Toolsets = SplitToolsets(Value());
                    if (parsed.Toolsets is null)
                    {
                        error = "--toolsets needs a comma-separated list of tool groups, such as --toolsets issues,repos";
                        return parsed;
                    }
                    break;
                case "--log-content": parsed.LogContent = true; break;
                case "--port":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                    {
                        error = "--port needs a number from 1 to 65535";
                        return parsed;
                    }
                    parsed.Port = port;
                    parsed.Http = true;
                    break;
                case "--host":
                    parsed.Host = Value();
                    if (parsed.Host is null || !System.Net.IPAddress.TryParse(parsed.Host, out _))
                    {
                        error = "--host needs an IP address to bind, such as 127.0.0.1 or 0.0.0.0";
                        return parsed;
                    }
                    break;
                case "--log-level":
                    parsed.LogLevel = Value() ?? "";
                    if (parsed.LogLevel is not ("off" or "error" or "warning" or "info" or "debug"))
                    {
                        error = "--log-level is one of: off, error, warning, info, debug";
                        return parsed;
                    }
                    break;
                case "--log-file":
                    parsed.LogFile = Value();
                    if (parsed.LogFile is null)
                    {
                        error = "--log-file needs a path";
                        return parsed;
                    }
                    break;
                default:
                    error = "unknown option '" + args[i] + "' (try --help)";
                    return parsed;
            }
        }
        return parsed;
    }

    /// <summary>"a, b" -> [a, b]; null when nothing is named.</summary>
    public static string[]? SplitToolsets(string? text)
    {
        if (text is null) return null;
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.Length == 0 ? null : names;
    }
}
