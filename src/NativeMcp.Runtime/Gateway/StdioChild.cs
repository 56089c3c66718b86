using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// One running stdio upstream: its process, the last lines of its stderr (for the error a caller sees when it
/// crashes) and a task that ends when it exits.
/// </summary>
internal sealed class StdioChild
{
    // Programs need these to run at all; nothing else of the gateway's environment (other upstreams' secrets) is passed on.
    private static readonly string[] PassedVariables = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "TERM", "SHELL", "DOTNET_ROOT"];
    private const int MaxLineLength = 500;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly int _tailLines;
    private readonly TaskCompletionSource _stderrDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly bool _supervised;
    private int _commandId;

    private StdioChild(Process process, int tailLines, bool supervised)
    {
        _process = process;
        _supervised = supervised;
        _tailLines = Math.Max(1, tailLines);
        // stderr is read line by line on a thread of its own (it is read only to keep its last lines). stdout is
        // the protocol: StdioChildTransport reads it on its own thread and hands each answer to the waiting call.
        new Thread(ReadStderr) { IsBackground = true, Name = "nativemcp-stderr-" + process.Id }.Start();
        Exited = WaitAsync();
    }

    /// <summary>The command's process id: under a supervisor, the supervisor's child (read once from /proc), else the child's.</summary>
    public int ProcessId
    {
        get
        {
            if (!_supervised) return _process.Id;
            if (_commandId == 0 && ProcessTree.ChildrenOf(_process.Id) is [var first, ..]) _commandId = first;
            return _commandId == 0 ? _process.Id : _commandId;
        }
    }

    /// <summary>The process the gateway started: the supervisor, or the command itself.</summary>
    public int StartedProcessId => _process.Id;

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Ends when the process has exited and its stderr is read to the end.</summary>
    public Task Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    /// <summary>The exit code, once exited; a negative number is the signal that killed it (-9: SIGKILL).</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Set before the gateway ends the child itself (idle, shutdown): its exit is not a crash.</summary>
    public bool Stopping { get; private set; }

    public static async Task<StdioChild> StartAsync(McpUpstreamOptions options)
    {
        var start = new ProcessStartInfo(options.Command!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = options.WorkingDirectory ?? "",
        };
        foreach (var argument in options.Arguments) start.ArgumentList.Add(argument);
        var inherited = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in PassedVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value) inherited[name] = value;
        }
        start.Environment.Clear();
        foreach (var (name, value) in inherited) start.Environment[name] = value;
        foreach (var (name, value) in options.Environment) start.Environment[name] = value;
        var supervisor = options.Supervisor;
        var process = await ChildProcesses.StartAsync(start, supervisor).ConfigureAwait(false);
        return new StdioChild(process, options.StderrTailLines, supervised: supervisor is { Count: > 0 } && OperatingSystem.IsLinux());
    }

    /// <summary>The last lines the child wrote to stderr, oldest first.</summary>
    public string[] StderrTail()
    {
        lock (_tail) return [.. _tail];
    }

    /// <summary>Ends the child: stdin closed first (a well-behaved server exits on EOF), killed after a grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        Stopping = true;
        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
        }
        if (await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false) != Exited)
        {
            await ChildProcesses.KillAsync(_process).ConfigureAwait(false);
        }
        await Exited.ConfigureAwait(false);
    }

    /// <summary>Kills the child at once (tests use it to crash a child from outside).</summary>
    internal Task KillAsync() => ChildProcesses.KillAsync(_process);

    private async Task WaitAsync()
    {
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        ExitCode = _process.ExitCode;
        // The tail is what the caller is told: wait (briefly) for the last lines the child wrote.
        await Task.WhenAny(_stderrDone.Task, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        ChildProcesses.Forget(_process);
    }

    private void ReadStderr()
    {
        try
        {
            while (_process.StandardError.ReadLine() is { } line)
            {
                var kept = line.Length > MaxLineLength ? line[..MaxLineLength] + "…" : line;
                lock (_tail)
                {
                    _tail.Enqueue(kept);
                    while (_tail.Count > _tailLines) _tail.Dequeue();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            lock (_tail) _tail.Enqueue("(stderr could not be read further: " + ex.Message + ")");
        }
        finally
        {
            _stderrDone.TrySetResult();
        }
    }
}
