using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using NativeMcp.Runtime.Gateway;

namespace NativeMcp.Tests.Gateway;

/// <summary>The FakeMcpServer fixture (tests/Fixtures): as a stdio upstream's options, or started as an HTTP server.</summary>
internal static class FakeMcp
{
    public static string Dll { get; } = typeof(FakeMcp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FakeMcpServerDll").Value!;

    /// <summary>A stdio upstream that runs the fixture with these knobs (see its Knobs.cs).</summary>
    public static McpUpstreamOptions Stdio(string name, params string[] knobs) => new()
    {
        Name = name,
        Transport = McpTransportKind.Stdio,
        Command = "dotnet",
        Arguments = [Dll, "--name", name, "--lifetime", "120", .. knobs],
    };

    public static ProcessStartInfo StartInfo(params string[] knobs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var knob in knobs) start.ArgumentList.Add(knob);
        return start;
    }

    /// <summary>The fixture serving HTTP on 127.0.0.1 (Streamable HTTP at /mcp, legacy SSE at /mcp/sse).</summary>
    public static async Task<HttpFake> StartHttpAsync(string name, params string[] knobs)
    {
        var process = Process.Start(StartInfo(["--transport", "http", "--name", name, "--lifetime", "120", .. knobs]))!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException("FakeMcpServer did not start: " + line + " " + await process.StandardError.ReadToEndAsync());
        }
        return new HttpFake(process, new Uri(line["listening ".Length..]));
    }

    /// <summary>Live processes whose parent is <paramref name="parent"/> (read from /proc, as the orphan counts are).</summary>
    public static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z" && int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == parent) children.Add(pid);
            }
            catch (IOException)
            {
            }
        }
        return children;
    }

    /// <summary>A process's command line, arguments separated by spaces ("" once it is gone).</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText("/proc/" + pid + "/cmdline").TrimEnd('\0').Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Live processes running the fixture (any parent): what an orphan would be.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText("/proc/" + pid + "/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>A running HTTP FakeMcpServer; ended (stdin closed, then killed) on dispose.</summary>
internal sealed class HttpFake(Process process, Uri root) : IAsyncDisposable
{
    public Uri Root { get; } = root;

    public Uri Streamable => new(Root, "/mcp");

    public Uri Sse => new(Root, "/mcp/sse");

    public async ValueTask DisposeAsync()
    {
        try
        {
            process.StandardInput.Close();
            using var wait = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
