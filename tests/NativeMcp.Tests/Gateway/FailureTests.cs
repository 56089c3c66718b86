using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Gateway;
using Xunit;
using static NativeMcp.Tests.Gateway.ForwardingTests;

namespace NativeMcp.Tests.Gateway;

/// <summary>Hanging and slow upstreams, cancellation and progress both ways, and one upstream down.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task A_hanging_tool_times_out_and_is_cancelled_upstream()
    {
        var options = FakeMcp.Stdio("slowpoke");
        var upstream = new McpUpstream(new McpUpstreamOptions
        {
            Name = options.Name,
            Command = options.Command,
            Arguments = options.Arguments,
            CallTimeout = TimeSpan.FromSeconds(3),
        });
        await using var gateway = await GatewayHarness.StartAsync([upstream], "hang", "cancellations", "slow");
        // Connected first, so the timeout below is the call's, not the child's start-up.
        Assert.Equal("0", Text(await gateway.Client.CallToolAsync("slowpoke_cancellations")));

        var result = await gateway.Client.CallToolAsync("slowpoke_hang");
        Assert.True(result.IsError);
        Assert.Equal("upstream_timeout: MCP upstream 'slowpoke' did not answer 'hang' within 3 s (the call timeout); the call was cancelled upstream", Text(result));
        await AssertEventuallyAsync(async () => Text(await gateway.Client.CallToolAsync("slowpoke_cancellations")) == "1");

        // A slow tool within the timeout answers.
        Assert.Equal("done after 200 ms", Text(await gateway.Client.CallToolAsync("slowpoke_slow", new Dictionary<string, object?> { ["ms"] = 200 })));
    }

    [Theory]
    // resultType "input_required" (2026-07-28): the upstream wants the client to ask the user something first, which a
    // gateway cannot relay.
    [InlineData("input_required", "asked for input from the user before it answers (resultType input_required), which the gateway does not relay")]
    // An image the SDK's reader refuses with an ArgumentException (not a JsonException), on the child's reader thread.
    [InlineData("bad_image", "answered tools/call with a result that is not a tool result: ")]
    public async Task An_answer_that_cannot_be_relayed_is_an_invalid_response_at_once_and_the_connection_stays(string echo, string expected)
    {
        // The upstream is healthy all the same: its connection (a child) is kept.
        await using var server = await FakeMcp.StartHttpAsync("askinghttp", "--echo", echo);
        var stdio = new McpUpstream(FakeMcp.Stdio("asking", "--echo", echo));
        var http = new McpUpstream(new McpUpstreamOptions { Name = "askinghttp", Transport = McpTransportKind.StreamableHttp, Endpoint = server.Streamable });
        await using var gateway = await GatewayHarness.StartAsync([stdio, http], "echo");
        foreach (var (name, upstream) in new[] { ("asking", stdio), ("askinghttp", http) })
        {
            for (var call = 0; call < 2; call++)
            {
                var result = await gateway.Client.CallToolAsync(name + "_echo", new Dictionary<string, object?> { ["text"] = "hi" });
                Assert.True(result.IsError);
                Assert.StartsWith("invalid_response: MCP upstream '" + name + "' " + expected, Text(result), StringComparison.Ordinal);
            }
            Assert.Equal(1, upstream.Connects);
        }
    }

    [Fact]
    public async Task A_stdio_upstream_that_never_finishes_the_handshake_is_a_timeout()
    {
        // `sleep` reads nothing and writes nothing: the MCP handshake never completes.
        var upstream = new McpUpstream(new McpUpstreamOptions { Name = "mute", Command = "sleep", Arguments = ["30"], ConnectTimeout = TimeSpan.FromSeconds(1) });
        await using var gateway = await GatewayHarness.StartAsync([upstream], "echo");
        var result = await gateway.Client.CallToolAsync("mute_echo");
        Assert.True(result.IsError);
        Assert.StartsWith("upstream_timeout: MCP upstream 'mute' did not complete the MCP handshake within 1 s", Text(result), StringComparison.Ordinal);
        // And the child that never answered was ended, not left behind.
        await AssertEventuallyAsync(() => Task.FromResult(!FakeMcp.ChildrenOf(Environment.ProcessId).Any(pid => FakeMcp.CommandLine(pid) == "sleep 30")));
    }

    [Fact]
    public async Task Cancellation_passes_through_to_the_upstream()
    {
        var upstream = new McpUpstream(FakeMcp.Stdio("canceller"));
        await using var gateway = await GatewayHarness.StartAsync([upstream], "hang", "cancellations");
        Assert.Equal("0", Text(await gateway.Client.CallToolAsync("canceller_cancellations")));

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await gateway.Client.CallToolAsync("canceller_hang", cancellationToken: cancel.Token));
        await AssertEventuallyAsync(async () => Text(await gateway.Client.CallToolAsync("canceller_cancellations")) == "1");
    }

    [Fact]
    public async Task Progress_passes_through_to_the_caller()
    {
        await using var server = await FakeMcp.StartHttpAsync("progressive");
        var upstreams = new[]
        {
            new McpUpstream(FakeMcp.Stdio("viastdio")),
            new McpUpstream(new McpUpstreamOptions { Name = "viahttp", Transport = McpTransportKind.StreamableHttp, Endpoint = server.Streamable }),
        };
        await using var gateway = await GatewayHarness.StartAsync(upstreams, "progress");
        // Many calls of many steps: an order that is only usually right fails here.
        foreach (var name in Enumerable.Repeat(new[] { "viastdio_progress", "viahttp_progress" }, 20).SelectMany(n => n))
        {
            // What the caller's client handlers see is no proof of order (the SDK runs each on a task of its own):
            // the order is read from the wire. Every progress comes before the result, none after it.
            var before = gateway.Wire.Count;
            var result = await gateway.Client.CallToolAsync(name, new Dictionary<string, object?> { ["steps"] = 8 }, new Progress<ProgressNotificationValue>());
            Assert.Equal("done in 8 steps", Text(result));
            var wire = gateway.Wire.Skip(before).ToList();
            Assert.Equal([.. Enumerable.Repeat("progress", 8), "result"], wire.Select(m => m switch
            {
                JsonRpcNotification { Method: NotificationMethods.ProgressNotification } => "progress",
                JsonRpcResponse => "result",
                _ => m.GetType().Name,
            }));
            var progress = wire.OfType<JsonRpcNotification>().Select(n => (JsonObject)n.Params!).ToList();
            Assert.Equal(Enumerable.Range(1, 8).Select(i => "step " + i), progress.Select(p => (string?)p["message"]));
            Assert.Equal(Enumerable.Range(1, 8).Select(i => (double)i), progress.Select(p => (double)p["progress"]!));
            Assert.All(progress, p => Assert.Equal(8.0, (double)p["total"]!));
        }
    }

    [Fact]
    public async Task One_upstream_down_does_not_stop_the_others()
    {
        // Nothing listens on that port: connection refused, at once, every time.
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var down = new McpUpstream(new McpUpstreamOptions { Name = "down", Transport = McpTransportKind.StreamableHttp, Endpoint = new Uri("http://127.0.0.1:" + port + "/mcp") });
        var up = new McpUpstream(FakeMcp.Stdio("up"));
        await using var gateway = await GatewayHarness.StartAsync([down, up], "echo");

        var calls = Enumerable.Range(0, 20).Select(i => gateway.Client.CallToolAsync(i % 2 == 0 ? "down_echo" : "up_echo", new Dictionary<string, object?> { ["text"] = "n" + i }).AsTask()).ToList();
        var results = await Task.WhenAll(calls);
        for (var i = 0; i < results.Length; i++)
        {
            if (i % 2 == 0)
            {
                Assert.True(results[i].IsError);
                Assert.StartsWith("upstream_unreachable: MCP upstream 'down' could not be reached:", Text(results[i]), StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal("n" + i, Text(results[i]));
            }
        }
    }

    internal static async Task AssertEventuallyAsync(Func<Task<bool>> condition, double seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail("the condition did not become true within " + seconds + " s");
            await Task.Delay(50);
        }
    }
}
