using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace NativeMcp.Tests.Gateway;

/// <summary>
/// The fixture MCP server (tests/Fixtures/FakeMcpServer) over HTTP on 127.0.0.1: Streamable HTTP at /mcp, the legacy
/// SSE transport at /mcp/sse. It ends when disposed (stdin closed, then killed) and by its own --lifetime at the latest.
/// </summary>
internal sealed class HttpFakeMcpServer : IAsyncDisposable
{
    private readonly Process _process;

    private HttpFakeMcpServer(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The fixture's built dll, run with <c>dotnet</c> (stdio upstreams run it the same way).</summary>
    public static string Dll { get; } = typeof(HttpFakeMcpServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FakeMcpServerDll").Value!;

    /// <summary>Where it listens, e.g. http://127.0.0.1:41234 (no path).</summary>
    public string Url { get; }

    public static async Task<HttpFakeMcpServer> StartAsync(params string[] knobs)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Dll, "--transport", "http", "--lifetime", "120" }.Concat(knobs)) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("the fake MCP server did not start: " + line);
        }
        return new HttpFakeMcpServer(process, line["listening ".Length..].Trim().TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
