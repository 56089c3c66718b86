using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using NativeMcp.Runtime.Gateway;
using Xunit;

namespace NativeMcp.Tests.Gateway;

/// <summary>A child's stderr tail and exit, and the environment it gets.</summary>
public sealed class StdioChildTests
{
    [Fact]
    public async Task The_tail_keeps_the_last_lines_in_order_and_the_exit_code()
    {
        var child = await StdioChild.StartAsync(new McpUpstreamOptions
        {
            Name = "sh",
            Command = "sh",
            Arguments = ["-c", "for i in 1 2 3 4 5; do echo line $i >&2; done; exit 7"],
            StderrTailLines = 3,
        });
        await child.Exited.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(["line 3", "line 4", "line 5"], child.StderrTail());
        Assert.Equal(7, child.ExitCode);
    }

    [Fact]
    public async Task Only_the_declared_environment_and_the_basics_reach_the_child()
    {
        Environment.SetEnvironmentVariable("NATIVEMCP_TEST_OTHER_SECRET", "not-for-children");
        var child = await StdioChild.StartAsync(new McpUpstreamOptions
        {
            Name = "env",
            Command = "sh",
            Arguments = ["-c", "echo \"declared=$DECLARED other=$NATIVEMCP_TEST_OTHER_SECRET path=${PATH:+set}\" >&2"],
            Environment = new Dictionary<string, string> { ["DECLARED"] = "yes" },
        });
        await child.Exited.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(["declared=yes other= path=set"], child.StderrTail());
    }
}
