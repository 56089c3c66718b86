using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// A process and everything below it, read from /proc (Linux), and the one way to kill all of it without an orphan.
/// </summary>
internal static class ProcessTree
{
    private const int SIGKILL = 9, SIGTERM = 15, SIGSTOP = 19;

    /// <summary>
    /// SIGKILLs a process and every descendant. Killing from the top leaves orphans: when a supervisor dies first, its
    /// command dies of its parent-death signal and the command's children are re-parented to init before anyone reads
    /// them (the runtime's <c>Process.Kill(entireProcessTree)</c> kills each parent before it reads its children). So
    /// the tree is frozen first, top-down: a stopped process can neither fork nor exit, and the children read after it
    /// stopped are all it has. The walk is repeated until it finds nobody new (a process that was already exiting may
    /// have handed its children up meanwhile); then every frozen process gets SIGKILL.
    /// </summary>
    public static void Kill(int root)
    {
        var frozen = new List<int>();
        var seen = new HashSet<int>();
        for (var pass = 0; pass < 10; pass++)
        {
            var before = seen.Count;
            var pending = new Stack<int>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var pid = pending.Pop();
                if (seen.Add(pid))
                {
                    if (kill(pid, SIGSTOP) != 0) continue;
                    frozen.Add(pid);
                }
                foreach (var child in ChildrenOf(pid)) pending.Push(child);
            }
            if (seen.Count == before) break;
        }
        foreach (var pid in frozen) kill(pid, SIGKILL);
    }

    /// <summary>
    /// Every live descendant of a process. A process whose main thread shows as a zombie is still walked: the other
    /// threads of a multi-threaded process can still be ending, and the children they forked are not handed to the
    /// reaper before the last of them has (a .NET process's main thread often ends first).
    /// </summary>
    public static List<int> Descendants(int root)
    {
        var found = new List<int>();
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            foreach (var child in ChildrenOf(pid))
            {
                if (IsLive(child)) found.Add(child);
                pending.Push(child);
            }
        }
        return found;
    }

    /// <summary>
    /// The children of a process, from /proc: every thread's list, since a child belongs to the thread that forked it
    /// (or, re-parented, to whichever thread of its reaper the kernel picked). A thread that ends while the lists are
    /// read costs only its own list, never the others'.
    /// </summary>
    public static List<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        IEnumerable<string> tasks;
        try
        {
            tasks = Directory.GetDirectories("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/task");
        }
        catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException)
        {
            return children; // Gone.
        }
        foreach (var task in tasks)
        {
            string list;
            try
            {
                list = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException)
            {
                continue; // That thread ended meanwhile.
            }
            foreach (var part in list.Split(' ', System.StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var child)) children.Add(child);
            }
        }
        return children;
    }

    public static bool SigKill(int pid) => kill(pid, SIGKILL) == 0;

    public static bool SigTerm(int pid) => kill(pid, SIGTERM) == 0;

    /// <summary>Whether any thread of a process has not ended yet (a zombie's threads have all ended).</summary>
    private static bool IsLive(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/task");
        }
        catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException)
        {
            return false;
        }
        foreach (var task in tasks)
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                if (stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X')) return true;
            }
            catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException)
            {
                // That thread ended meanwhile.
            }
        }
        return false;
    }

    // Blittable signature only (no marshalling code is generated or needed under NativeAOT).
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
