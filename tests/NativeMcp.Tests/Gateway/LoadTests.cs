using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using NativeMcp.Runtime.Gateway;
using Xunit;
using Xunit.Abstractions;
using static NativeMcp.Tests.Gateway.ForwardingTests;

namespace NativeMcp.Tests.Gateway;

/// <summary>Many callers on three shared connections; and what a forwarded call costs over a direct one.</summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Five_hundred_concurrent_calls_over_three_upstreams_are_neither_lost_nor_mixed_up()
    {
        await using var http = await FakeMcp.StartHttpAsync("web");
        await using var sse = await FakeMcp.StartHttpAsync("legacy");
        var upstreams = new[]
        {
            new McpUpstream(FakeMcp.Stdio("local")),
            new McpUpstream(new McpUpstreamOptions { Name = "web", Transport = McpTransportKind.StreamableHttp, Endpoint = http.Streamable }),
            new McpUpstream(new McpUpstreamOptions { Name = "legacy", Transport = McpTransportKind.Sse, Endpoint = sse.Sse }),
        };
        await using var gateway = await GatewayHarness.StartAsync(upstreams, "echo");

        var clock = Stopwatch.StartNew();
        var calls = Enumerable.Range(0, 500).Select(async i =>
        {
            var upstream = upstreams[i % 3].Name;
            var text = upstream + "-call-" + i;
            var result = await gateway.Client.CallToolAsync(upstream + "_echo", new Dictionary<string, object?> { ["text"] = text });
            return (i, upstream, text, result);
        }).ToList();
        var results = await Task.WhenAll(calls);
        output.WriteLine("500 concurrent calls over stdio, Streamable HTTP and SSE: " + clock.ElapsedMilliseconds + " ms");

        Assert.Equal(500, results.Length);
        foreach (var (i, upstream, text, result) in results)
        {
            Assert.True(result.IsError != true, "call " + i + ": " + Text(result));
            Assert.Equal(text, Text(result));
            Assert.Equal(upstream, result.StructuredContent!.Value.GetProperty("server").GetString());
            Assert.Equal(text, result.StructuredContent!.Value.GetProperty("text").GetString());
        }
        Assert.All(upstreams, u => Assert.Equal(1, u.Connects));
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task Per_call_overhead_over_calling_the_upstream_directly(string transport)
    {
        const int Calls = 600;
        await using var server = transport == "http" ? await FakeMcp.StartHttpAsync("direct") : null;
        var options = FakeMcp.Stdio("direct");
        IClientTransport directTransport = server is null
            ? new StdioClientTransport(new StdioClientTransportOptions { Command = options.Command!, Arguments = [.. options.Arguments] })
            : new HttpClientTransport(new HttpClientTransportOptions { Endpoint = server.Streamable, TransportMode = HttpTransportMode.StreamableHttp });
        await using var direct = await McpClient.CreateAsync(directTransport);
        var upstream = new McpUpstream(server is null
            ? FakeMcp.Stdio("viagw")
            : new McpUpstreamOptions { Name = "viagw", Transport = McpTransportKind.StreamableHttp, Endpoint = server.Streamable });
        await using var gateway = await GatewayHarness.StartAsync([upstream], "echo");

        var args = new Dictionary<string, object?> { ["text"] = "ping" };
        var directTimes = new List<double>();
        var gatewayTimes = new List<double>();
        for (var i = 0; i < Calls + 50; i++)
        {
            // Interleaved, so both see the same machine load; the first 50 of each are warm-up.
            var clock = Stopwatch.StartNew();
            var a = await direct.CallToolAsync("echo", args);
            var directElapsed = clock.Elapsed.TotalMicroseconds;
            clock.Restart();
            var b = await gateway.Client.CallToolAsync("viagw_echo", args);
            var gatewayElapsed = clock.Elapsed.TotalMicroseconds;
            Assert.Equal("ping", Text(a));
            Assert.Equal("ping", Text(b));
            if (i < 50) continue;
            directTimes.Add(directElapsed);
            gatewayTimes.Add(gatewayElapsed);
        }
        var directMedian = Median(directTimes);
        var gatewayMedian = Median(gatewayTimes);
        output.WriteLine(transport + ": " + Calls + " calls each, median direct " + directMedian.ToString("0") + " µs, through the gateway " + gatewayMedian.ToString("0")
            + " µs, overhead " + (gatewayMedian - directMedian).ToString("0") + " µs");
        Assert.Equal(Calls, gatewayTimes.Count);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
