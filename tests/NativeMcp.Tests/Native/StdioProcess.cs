using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Tests.Native;

/// <summary>
/// A native binary driven with raw JSON-RPC lines over its stdin, the way `printf ... | binary` does: no
/// client library in between, so what is tested is exactly the bytes that go in and come out.
/// </summary>
internal sealed class StdioProcess : IAsyncDisposable
{
    public const string Initialize = """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly Task _reading;

    private StdioProcess(Process process)
    {
        _process = process;
        _reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line) _lines.Add(line);
            _lines.CompleteAdding();
        });
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line) Stderr.Enqueue(line);
        });
    }

    public ConcurrentQueue<string> Stderr { get; } = new();

    public int Pid => _process.Id;

    /// <param name="defaultSignals">
    /// Start the binary with SIGINT and SIGTERM at their default disposition, whatever this test host inherited.
    /// Why: a process started with SIGINT ignored (a background job of a non-interactive shell, as some CI runners
    /// start the tests) passes that on to its children, and the .NET runtime then keeps SIGINT ignored even with a
    /// handler registered, as the shell convention asks; a test of the signal path must not depend on how it was
    /// launched. coreutils' <c>env</c> resets them and then execs the binary, so the pid is the binary's.
    /// </param>
    public static StdioProcess Start(string binary, IReadOnlyDictionary<string, string> environment, bool defaultSignals = false)
    {
        var start = new ProcessStartInfo(defaultSignals ? "env" : binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (defaultSignals)
        {
            start.ArgumentList.Add("--default-signal=INT,TERM");
            start.ArgumentList.Add(binary);
        }
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return new StdioProcess(Process.Start(start)!);
    }

    /// <summary>Writes lines as one write, the way a pipe delivers them.</summary>
    public async Task WriteAsync(params string[] lines)
    {
        await _process.StandardInput.WriteAsync(string.Concat(lines.Select(l => l + "\n")));
        await _process.StandardInput.FlushAsync();
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>The next answer line, parsed; fails after <paramref name="seconds"/>.</summary>
    public JsonElement Next(int seconds = 30)
    {
        if (!_lines.TryTake(out var line, TimeSpan.FromSeconds(seconds)))
        {
            throw new TimeoutException("no answer within " + seconds + " s; stderr: " + string.Join(" | ", Stderr));
        }
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    /// <summary>The raw text of the next answer line.</summary>
    public string NextText(int seconds = 30)
    {
        if (!_lines.TryTake(out var line, TimeSpan.FromSeconds(seconds))) throw new TimeoutException("no answer within " + seconds + " s");
        return line;
    }

    /// <summary>Every answer until stdout closes, and the exit code.</summary>
    public async Task<(List<JsonElement> Answers, int ExitCode)> ToEndAsync(int seconds = 60)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("the process did not exit within " + seconds + " s; its threads: " + Threads() + "; stderr: " + string.Join(" | ", Stderr));
        }
        await _reading.WaitAsync(TimeSpan.FromSeconds(seconds));
        var answers = _lines.Select(l => { using var d = JsonDocument.Parse(l); return d.RootElement.Clone(); }).ToList();
        return (answers, _process.ExitCode);
    }

    /// <summary>Each thread's name, state and kernel wait channel, so a hang says where it waits.</summary>
    private string Threads()
    {
        try
        {
            return string.Join(", ", Directory.GetDirectories("/proc/" + _process.Id + "/task").Select(task =>
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                return name + " " + state + " " + File.ReadAllText(Path.Combine(task, "wchan"));
            }));
        }
        catch (IOException ex)
        {
            return "unreadable (" + ex.Message + ")";
        }
    }

    /// <summary>Sends a signal by name (TERM, INT) with kill(1).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", "-" + name + " " + _process.Id))!;
        kill.WaitForExit();
        Xunit.Assert.Equal(0, kill.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
