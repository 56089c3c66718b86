using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// Keeps a stdio child's whole process tree from outliving the gateway. The gateway runs each child under its own
/// executable re-run as <c>--supervise -- command args…</c>: the supervisor marks itself a child subreaper (so
/// whatever the command starts and abandons is re-parented to it, not to init), asks the kernel for a signal when
/// the gateway dies (PR_SET_PDEATHSIG: SIGTERM, caught, even when the gateway was SIGKILLed), starts the command
/// with stdin, stdout and stderr passed straight through (no copy, no extra hop per message), and when either the
/// gateway or the command ends it SIGKILLs every descendant it has and exits with the command's code. The command
/// itself gets SIGKILL if the supervisor dies (setpriv --pdeathsig), so killing the supervisor from outside ends
/// the command too. A parent-death signal alone does not reach grandchildren (npx's node), which is why the
/// supervisor exists.
/// </summary>
public static class ChildSupervisor
{
    /// <summary>The first argument that runs an executable as a supervisor.</summary>
    public const string Flag = "--supervise";

    private const int SIGKILL = 9, SIGTERM = 15;
    private const int PR_SET_PDEATHSIG = 1, PR_SET_CHILD_SUBREAPER = 36;
    private static readonly object Ending = new();

    /// <summary>
    /// The program and leading arguments that run a supervisor (its own executable and <see cref="Flag"/>); the
    /// default of <see cref="McpUpstreamOptions.Supervisor"/>. Null: children are started without one.
    /// </summary>
    public static IReadOnlyList<string>? Command { get; set; }

    /// <summary>This executable supervises its own children (a generated server's Main calls it).</summary>
    public static void UseThisExecutable()
    {
        if (OperatingSystem.IsLinux() && Environment.ProcessPath is { } self) Command = [self, Flag];
    }

    /// <summary>Runs as the supervisor: <c>--supervise -- command args…</c>. Returns the command's exit code.</summary>
    public static int Run(string[] args)
    {
        var dash = Array.IndexOf(args, "--");
        if (!OperatingSystem.IsLinux() || dash < 0 || dash + 1 >= args.Length)
        {
            Console.Error.WriteLine("usage: " + Flag + " -- <command> [args...] (Linux only)");
            return 2;
        }
        var parent = getppid();
        if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0 || prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) != 0)
        {
            Console.Error.WriteLine("nativemcp supervisor: prctl failed (errno " + Marshal.GetLastPInvokeError().ToString(CultureInfo.InvariantCulture) + ")");
            return 2;
        }
        // The gateway may have died before the death signal was asked for: then it never comes.
        if (getppid() != parent) return 137;

        // The gateway's death (or a SIGTERM, SIGINT, SIGHUP to us): end the whole tree, then ourselves.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, EndTree);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, EndTree);
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, EndTree);

        var start = new ProcessStartInfo { UseShellExecute = false };
        var setpriv = ChildProcesses.Setpriv;
        if (setpriv is not null)
        {
            start.FileName = setpriv;
            foreach (var a in new[] { "--pdeathsig", "KILL", "--" }) start.ArgumentList.Add(a);
            start.ArgumentList.Add(args[dash + 1]);
        }
        else
        {
            start.FileName = args[dash + 1];
        }
        for (var i = dash + 2; i < args.Length; i++) start.ArgumentList.Add(args[i]);
        Process child;
        try
        {
            // From this (main) thread, which lives as long as we do: the command's death signal is tied to it.
            child = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Console.Error.WriteLine("nativemcp supervisor: cannot start '" + args[dash + 1] + "': " + ex.Message);
            return 127;
        }
        child.WaitForExit();
        var code = child.ExitCode;
        lock (Ending) KillDescendants();
        return code;
    }

    /// <summary>Asks a supervisor to end its tree (SIGTERM); false when it is gone.</summary>
    internal static bool Terminate(int supervisor) => ProcessTree.SigTerm(supervisor);

    private static void EndTree(PosixSignalContext context)
    {
        // The gateway's death also closes the command's stdin, so the command often exits at the same moment and
        // the main thread is ending the tree too: each waits for the other, and neither exits before the tree is gone.
        context.Cancel = true;
        lock (Ending) KillDescendants();
        Environment.Exit(128 + SIGKILL);
    }

    /// <summary>
    /// Kills every live descendant, each child's subtree frozen before it is killed (<see cref="ProcessTree.Kill"/>),
    /// again until none has been seen for three looks in a row: an orphan of a process that has just exited can take
    /// a moment to show as our child (the reaper's); as a subreaper we see it then.
    /// </summary>
    private static void KillDescendants()
    {
        var quiet = 0;
        for (var round = 0; round < 300 && quiet < 3; round++)
        {
            var live = ProcessTree.Descendants(Environment.ProcessId);
            if (live.Count == 0)
            {
                quiet++;
                Thread.Sleep(10);
                continue;
            }
            quiet = 0;
            foreach (var child in ProcessTree.ChildrenOf(Environment.ProcessId)) ProcessTree.Kill(child);
            Thread.Sleep(5);
        }
    }

    // Blittable signatures only (no marshalling code is generated or needed under NativeAOT).
    [DllImport("libc", SetLastError = true)]
    private static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [DllImport("libc")]
    private static extern int getppid();

}
