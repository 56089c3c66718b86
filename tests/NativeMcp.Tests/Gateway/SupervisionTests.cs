using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Gateway;
using Xunit;
using Xunit.Abstractions;
using static NativeMcp.Tests.Gateway.FailureTests;
using static NativeMcp.Tests.Gateway.ForwardingTests;

namespace NativeMcp.Tests.Gateway;

/// <summary>Stdio children: crash and restart (stderr tail, backoff), idle reaping, and no orphans, ever.</summary>
public sealed class SupervisionTests(ITestOutputHelper output)
{
    private static McpUpstreamOptions Stdio(string name, McpRestartPolicy? restart = null, TimeSpan? idle = null, IReadOnlyDictionary<string, string>? env = null, params string[] knobs) =>
        Stdio(name, null, restart, idle, env, knobs);

    private static McpUpstreamOptions Stdio(string name, IReadOnlyList<string>? supervisor, McpRestartPolicy? restart = null, TimeSpan? idle = null, IReadOnlyDictionary<string, string>? env = null, params string[] knobs)
    {
        var o = FakeMcp.Stdio(name, knobs);
        return new McpUpstreamOptions
        {
            Name = name,
            Command = o.Command,
            Arguments = o.Arguments,
            Restart = restart ?? McpRestartPolicy.Default,
            IdleTimeout = idle ?? TimeSpan.FromMinutes(10),
            Environment = env ?? new Dictionary<string, string>(),
            Supervisor = supervisor,
        };
    }

    /// <summary>The fixture as a <see cref="ChildSupervisor"/>, as a native gateway is its own.</summary>
    private static readonly string[] Supervisor = ["dotnet", FakeMcp.Dll, ChildSupervisor.Flag];

    private static int Pid(CallToolResult result) => int.Parse(Text(result), CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_crash_is_reported_with_the_stderr_tail_and_the_next_call_restarts_the_child()
    {
        var upstream = new McpUpstream(Stdio("crashy", knobs: ["--stderr", "panic: index out of range", "--stderr", "goroutine 1 [running]"]));
        await using var gateway = await GatewayHarness.StartAsync([upstream], "pid", "crash");
        var first = Pid(await gateway.Client.CallToolAsync("crashy_pid"));

        var crash = await gateway.Client.CallToolAsync("crashy_crash");
        Assert.True(crash.IsError);
        Assert.Equal("upstream_crashed: MCP upstream 'crashy' (stdio) exited while answering 'crash' with exit code 3; it is restarted at the next call; last stderr lines:\n"
            + "panic: index out of range\ngoroutine 1 [running]", Text(crash));

        var second = Pid(await gateway.Client.CallToolAsync("crashy_pid"));
        Assert.NotEqual(first, second);
        Assert.False(FakeMcp.IsAlive(first));
        Assert.Equal(1, upstream.Crashes);
        Assert.Equal(2, upstream.Connects);
    }

    [Fact]
    public async Task Secrets_in_the_stderr_tail_are_masked()
    {
        var env = new Dictionary<string, string> { ["FAKE_TOKEN"] = "sk-live-abcdef123" };
        var upstream = new McpUpstream(Stdio("leaky", env: env, knobs: ["--stderr", "auth failed for token sk-live-abcdef123", "--crash-after", "1"]));
        await using var gateway = await GatewayHarness.StartAsync([upstream], "echo");
        var crash = Text(await gateway.Client.CallToolAsync("leaky_echo", new Dictionary<string, object?> { ["text"] = "x" }));
        Assert.EndsWith("last stderr lines:\nauth failed for token [redacted]", crash, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live", crash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restarts_back_off_exponentially_and_the_count_resets_after_sustained_uptime()
    {
        var policy = new McpRestartPolicy { InitialBackoff = TimeSpan.FromMilliseconds(800), MaxBackoff = TimeSpan.FromSeconds(2), ResetAfter = TimeSpan.FromSeconds(4) };
        Assert.Equal([800, 1600, 2000, 2000], Enumerable.Range(1, 4).Select(n => policy.BackoffFor(n).TotalMilliseconds));

        var upstream = new McpUpstream(Stdio("bouncy", policy));
        await using var gateway = await GatewayHarness.StartAsync([upstream], "pid", "crash");
        await gateway.Client.CallToolAsync("bouncy_crash");
        await AssertEventuallyAsync(() => Task.FromResult(upstream.Crashes == 1));
        Assert.Equal(TimeSpan.FromMilliseconds(800), upstream.LastBackoff);
        var clock = Stopwatch.StartNew();
        Pid(await gateway.Client.CallToolAsync("bouncy_pid"));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(700), "restarted after " + clock.ElapsedMilliseconds + " ms, before the backoff");

        await gateway.Client.CallToolAsync("bouncy_crash");
        await AssertEventuallyAsync(() => Task.FromResult(upstream.Crashes == 2));
        Assert.Equal(TimeSpan.FromMilliseconds(1600), upstream.LastBackoff);

        // Up for longer than ResetAfter: the next crash is a first one again.
        Pid(await gateway.Client.CallToolAsync("bouncy_pid"));
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        await gateway.Client.CallToolAsync("bouncy_crash");
        await AssertEventuallyAsync(() => Task.FromResult(upstream.Crashes == 3));
        Assert.Equal(TimeSpan.FromMilliseconds(800), upstream.LastBackoff);
    }

    [Fact]
    public async Task An_idle_child_is_reaped_and_started_again_at_the_next_call()
    {
        var upstream = new McpUpstream(Stdio("sleepy", idle: TimeSpan.FromMilliseconds(500)));
        await using var gateway = await GatewayHarness.StartAsync([upstream], "pid");
        var first = Pid(await gateway.Client.CallToolAsync("sleepy_pid"));

        await AssertEventuallyAsync(() => Task.FromResult(!FakeMcp.IsAlive(first)));
        Assert.Null(upstream.ChildProcessId);
        var second = Pid(await gateway.Client.CallToolAsync("sleepy_pid"));
        Assert.NotEqual(first, second);
        Assert.Equal(0, upstream.Crashes);
        Assert.Equal(2, upstream.Connects);
    }

    [Fact]
    public async Task Fifty_killed_children_leave_no_orphan()
    {
        var policy = new McpRestartPolicy { InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(50) };
        var upstream = new McpUpstream(Stdio("cycler", Supervisor, policy));
        var gateway = await GatewayHarness.StartAsync([upstream], "pid");
        var killed = new List<int>();
        var pid = Pid(await gateway.Client.CallToolAsync("cycler_pid"));
        for (var cycle = 1; cycle <= 50; cycle++)
        {
            using (var child = Process.GetProcessById(pid)) child.Kill();
            killed.Add(pid);
            // The next call either meets the dead child (and says so) or already gets a fresh one.
            var result = await gateway.Client.CallToolAsync("cycler_pid");
            if (result.IsError == true)
            {
                Assert.StartsWith("upstream_crashed: MCP upstream 'cycler' (stdio) exited while answering 'pid' (killed by SIGKILL)", Text(result), StringComparison.Ordinal);
                result = await gateway.Client.CallToolAsync("cycler_pid");
            }
            pid = Pid(result);
            Assert.DoesNotContain(pid, killed);
        }
        // Our children are the supervisors; each one's child is the server the pid tool reports.
        var mine = FakeMcp.ChildrenOf(Environment.ProcessId).Where(p => FakeMcp.CommandLine(p).Contains("--name cycler", StringComparison.Ordinal)).ToList();
        var survivors = killed.Count(FakeMcp.IsAlive);
        output.WriteLine("after 50 kill/restart cycles: " + mine.Count + " supervised child running (expected 1), " + survivors + " killed children still alive, crashes counted " + upstream.Crashes);
        var supervisor = Assert.Single(mine);
        Assert.Equal([pid], FakeMcp.ChildrenOf(supervisor));
        Assert.Equal(pid, upstream.ChildProcessId);
        Assert.Equal(0, survivors);
        Assert.Equal(50, upstream.Crashes);

        await gateway.DisposeAsync();
        await AssertEventuallyAsync(() => Task.FromResult(!FakeMcp.IsAlive(pid) && !FakeMcp.IsAlive(supervisor)));
        var left = FakeMcp.ChildrenOf(Environment.ProcessId).Count(p => FakeMcp.CommandLine(p).Contains("--name cycler", StringComparison.Ordinal));
        output.WriteLine("after the gateway closed: " + left + " children");
        Assert.Equal(0, left);
    }

    [Theory]
    [InlineData("SIGKILL")]
    [InlineData("SIGTERM")]
    [InlineData("stdin closed")]
    public async Task Children_and_their_children_end_with_the_gateway_process(string how)
    {
        // Each child starts a grandchild (sleep 300, as npx starts node), which no parent-death signal reaches.
        using var gateway = Process.Start(FakeMcp.StartInfo("--gateway-of", "3", "--grandchild", "on", "--lifetime", "120"))!;
        var pids = new List<int>();
        var grandchildren = new List<int>();
        var supervisors = new List<int>();
        try
        {
            await using (var client = await McpClient.CreateAsync(new StreamClientTransport(gateway.StandardInput.BaseStream, gateway.StandardOutput.BaseStream)))
            {
                for (var i = 1; i <= 3; i++) pids.Add(Pid(await client.CallToolAsync("pid_child" + i)));
                for (var i = 1; i <= 3; i++) grandchildren.Add(Pid(await client.CallToolAsync("grandchild_child" + i)));
                Assert.All(pids.Concat(grandchildren), p => Assert.True(FakeMcp.IsAlive(p)));
                // gateway -> supervisor -> child -> grandchild.
                supervisors.AddRange(FakeMcp.ChildrenOf(gateway.Id));
                Assert.Equal(pids.Order(), supervisors.SelectMany(FakeMcp.ChildrenOf).Order());
                Assert.Equal(grandchildren.Order(), pids.SelectMany(FakeMcp.ChildrenOf).Order());

                switch (how)
                {
                    case "SIGKILL":
                        gateway.Kill();
                        break;
                    case "SIGTERM":
                        using (var kill = Process.Start("kill", ["-TERM", gateway.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
                        break;
                }
            }
            // The end of the gateway's input (an MCP client going away); the others are gone already.
            if (how == "stdin closed") gateway.StandardInput.Close();
            await gateway.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            var clock = Stopwatch.StartNew();
            var tree = supervisors.Concat(pids).Concat(grandchildren).ToList();
            // The bound allows for a loaded machine: the fixture's supervisor is a JIT-compiled process, so its first
            // signal handling compiles the tree walk (a NativeAOT gateway's does not); the time taken is printed.
            for (var i = 0; i < 400 && tree.Any(FakeMcp.IsAlive); i++) await Task.Delay(50);
            var survivors = tree.Where(FakeMcp.IsAlive).ToList();
            Assert.True(survivors.Count == 0, how + ": alive 20 s after the gateway ended: " + string.Join(", ", survivors.Select(p =>
                (supervisors.Contains(p) ? "supervisor " : pids.Contains(p) ? "child " : "grandchild ") + p + " (" + Stat(p) + ")")));
            output.WriteLine(how + ": the whole tree (3 supervisors, 3 children, 3 grandchildren) gone " + clock.ElapsedMilliseconds + " ms after the gateway ended; "
                + tree.Count(FakeMcp.IsAlive) + " of 9 alive");
        }
        finally
        {
            if (!gateway.HasExited) gateway.Kill(entireProcessTree: true);
            foreach (var p in supervisors.Concat(pids).Concat(grandchildren).Where(FakeMcp.IsAlive))
            {
                using var orphan = Process.GetProcessById(p);
                orphan.Kill();
            }
        }
    }

    private static string Stat(int pid)
    {
        try
        {
            return System.IO.File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat").Trim();
        }
        catch (System.IO.IOException)
        {
            return "gone";
        }
    }
}
