using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using NativeMcp.Runtime.Gateway;
using Xunit;

namespace NativeMcp.Tests.Gateway;

/// <summary>The tree walk and tree kill that the supervisor and the gateway's exit use (Linux /proc).</summary>
public sealed class ProcessTreeTests
{
    [Fact]
    public async Task Killing_a_tree_ends_every_level_and_leaves_no_orphan()
    {
        // sh -> (sleep, sh -> (sleep, sleep)): three levels, as npx -> node -> a helper.
        var start = new ProcessStartInfo("sh", ["-c", "sleep 300 & sh -c 'sleep 300 & sleep 300 & wait' & wait"]) { UseShellExecute = false };
        using var root = Process.Start(start)!;
        try
        {
            for (var i = 0; i < 400 && ProcessTree.Descendants(root.Id).Count < 4; i++) await Task.Delay(25);
            var tree = ProcessTree.Descendants(root.Id);
            Assert.Equal(4, tree.Count);

            ProcessTree.Kill(root.Id);
            await root.WaitForExitAsync().WaitAsync(System.TimeSpan.FromSeconds(20));
            for (var i = 0; i < 400 && tree.Any(FakeMcp.IsAlive); i++) await Task.Delay(25);
            Assert.DoesNotContain(tree, FakeMcp.IsAlive);
        }
        finally
        {
            if (!root.HasExited) root.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void A_process_that_is_gone_has_no_children_and_killing_it_is_harmless()
    {
        using var done = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        done.WaitForExit();
        Assert.Empty(ProcessTree.ChildrenOf(done.Id));
        Assert.Empty(ProcessTree.Descendants(done.Id));
        ProcessTree.Kill(done.Id);
    }
}
