using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// Starts every stdio child and ends them all when the gateway exits. On Linux each child is started through
/// <c>setpriv --pdeathsig KILL</c>, so the kernel kills it if the gateway dies without running any code
/// (SIGKILL, a crash). The parent-death signal fires when the <em>thread</em> that forked the child ends, so
/// every child is forked from one thread that lives as long as the process.
/// </summary>
internal static class ChildProcesses
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = new();
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    private static readonly string? Setpriv = FindSetpriv();
    private static int _started;

    public static Task<Process> StartAsync(ProcessStartInfo start)
    {
        EnsureThread();
        if (Setpriv is not null)
        {
            start.ArgumentList.Insert(0, start.FileName);
            start.ArgumentList.Insert(0, "--");
            start.ArgumentList.Insert(0, "KILL");
            start.ArgumentList.Insert(0, "--pdeathsig");
            start.FileName = Setpriv;
        }
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task;
    }

    /// <summary>Ends a child and everything it started; waits for it to be gone.</summary>
    public static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
        Forget(process);
    }

    public static void Forget(Process process)
    {
        try
        {
            Live.TryRemove(process.Id, out _);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void EnsureThread()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        var thread = new Thread(Spawn) { IsBackground = true, Name = "nativemcp-children" };
        thread.Start();
        // Normal exit and SIGTERM (the runtime runs ProcessExit for both): end every child before we go.
        AppDomain.CurrentDomain.ProcessExit += static (_, _) => KillAll();
    }

    private static void Spawn()
    {
        foreach (var (start, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                var process = new Process { StartInfo = start };
                process.Start();
                Live[process.Id] = process;
                started.TrySetResult(process);
            }
            catch (Exception ex)
            {
                started.TrySetException(ex);
            }
        }
    }

    private static void KillAll()
    {
        foreach (var process in Live.Values)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }
    }

    private static string? FindSetpriv()
    {
        if (!OperatingSystem.IsLinux()) return null;
        foreach (var path in new[] { "/usr/bin/setpriv", "/bin/setpriv" })
        {
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
