using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// Starts every stdio child and ends them all when the gateway exits. On Linux each child runs under a
/// <see cref="ChildSupervisor"/> when one is configured (the gateway's own executable re-run), which ends the
/// child's whole tree when the gateway dies by any means; without one, through <c>setpriv --pdeathsig KILL</c>,
/// so the kernel kills the child itself (not what it started) if the gateway dies without running any code.
/// The parent-death signal fires when the <em>thread</em> that forked the child ends, so every child is forked
/// from one thread that lives as long as the process.
/// </summary>
internal static class ChildProcesses
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = new();
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    private static readonly ConcurrentDictionary<int, bool> Supervised = new();
    internal static readonly string? Setpriv = FindSetpriv();
    private static int _started;

    /// <param name="supervisor">The program and leading arguments of a <see cref="ChildSupervisor"/>; null for none.</param>
    public static Task<Process> StartAsync(ProcessStartInfo start, IReadOnlyList<string>? supervisor = null)
    {
        EnsureThread();
        if (supervisor is { Count: > 0 } && OperatingSystem.IsLinux())
        {
            // No death signal for the supervisor itself: it must outlive us by the moment it takes to end the tree.
            var at = 0;
            foreach (var part in supervisor.Skip(1).Append("--").Append(start.FileName)) start.ArgumentList.Insert(at++, part);
            start.FileName = supervisor[0];
            return StartSupervised(start);
        }
        else if (Setpriv is not null)
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

    private static async Task<Process> StartSupervised(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        var process = await started.Task.ConfigureAwait(false);
        Supervised[process.Id] = true;
        return process;
    }

    /// <summary>Ends a child and everything it started; waits for it to be gone.</summary>
    public static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited) KillTree(process);
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
            Supervised.TryRemove(process.Id, out _);
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
        // A supervisor is asked first (SIGTERM): it ends its whole tree, which a kill from here could miss (killed
        // first, it leaves orphans that are no longer in the tree walked here).
        var asked = new List<Process>();
        foreach (var process in Live.Values)
        {
            if (Supervised.ContainsKey(process.Id) && ChildSupervisor.Terminate(process.Id)) asked.Add(process);
        }
        var deadline = Environment.TickCount64 + 2000;
        foreach (var process in asked)
        {
            try
            {
                process.WaitForExit((int)Math.Max(0, deadline - Environment.TickCount64));
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }
        foreach (var process in Live.Values)
        {
            try
            {
                if (!process.HasExited) KillTree(process);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }
    }

    /// <summary>A child and all it started, with no orphan left behind on Linux (see <see cref="ProcessTree.Kill"/>).</summary>
    private static void KillTree(Process process)
    {
        if (OperatingSystem.IsLinux()) ProcessTree.Kill(process.Id);
        else process.Kill(entireProcessTree: true);
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
