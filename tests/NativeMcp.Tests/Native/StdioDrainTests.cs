using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Native;

/// <summary>
/// Nothing read is ever dropped: at end of input, SIGTERM or SIGINT the native LinkTime binary stops reading,
/// answers every request it has read (upstream calls included), then exits 0.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Native)]
public sealed class StdioDrainTests
{
    private static StdioProcess Start(FakeUpstream upstream, bool defaultSignals = false) =>
        StdioProcess.Start(NativeBinary.LinkTimePath(), new Dictionary<string, string>
        {
            ["LINKTIME_API_KEY"] = "lt_live_drain",
            ["LINKTIME_BASE_URL"] = upstream.BaseUrl,
        }, defaultSignals);

    private static string Call(object id, string tool, string arguments = "{}") =>
        "{\"jsonrpc\":\"2.0\",\"id\":" + JsonSerializer.Serialize(id) + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}";

    [Fact]
    public async Task Initialize_tools_list_and_a_call_piped_in_then_end_of_input_all_get_answers()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = _ => FakeResponse.Json("""{"name":"Ann \"The\" Example","email":"ann@example.com"}""");
        await using var server = Start(upstream);

        // What `printf '<initialize>\n<tools/list>\n<tools/call>\n' | linktime-mcp` sends: three lines, then EOF.
        await server.WriteAsync(StdioProcess.Initialize, """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Call(2, "get_me"));
        server.CloseInput();
        var (answers, exitCode) = await server.ToEndAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal([0, 1, 2], answers.Select(a => a.GetProperty("id").GetInt32()).Order());
        Assert.Equal("2025-06-18", answers.Single(a => a.GetProperty("id").GetInt32() == 0).GetProperty("result").GetProperty("protocolVersion").GetString());
        Assert.Equal(32, answers.Single(a => a.GetProperty("id").GetInt32() == 1).GetProperty("result").GetProperty("tools").GetArrayLength());
        var call = answers.Single(a => a.GetProperty("id").GetInt32() == 2).GetProperty("result");
        Assert.False(call.TryGetProperty("isError", out var isError) && isError.GetBoolean());
        Assert.Equal("ann@example.com", call.GetProperty("structuredContent").GetProperty("email").GetString());
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task Answers_carry_quotes_as_backslash_quote_not_as_unicode_escapes()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = _ => FakeResponse.Json("""{"name":"Ann \"The\" Example","note":"café <b>&</b>"}""");
        await using var server = Start(upstream);

        await server.WriteAsync(StdioProcess.Initialize, Call(1, "get_me"));
        server.NextText();
        var text = server.NextText();

        Assert.DoesNotContain("\\u0022", text);
        Assert.DoesNotContain("\\u00E9", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("café <b>&</b>", text);
    }

    [Fact]
    public async Task Two_hundred_requests_written_at_once_then_end_of_input_get_two_hundred_answers()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = _ => FakeResponse.Json("""{"name":"Ann"}""");
        await using var server = Start(upstream);

        var lines = new List<string> { StdioProcess.Initialize };
        for (var i = 1; i <= 200; i++)
        {
            // 50 upstream calls: under the spec's 60 per minute, so none waits for the rate limit.
            lines.Add(i % 4 == 0 ? "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/list\"}"
                : i % 4 == 2 ? Call(i, "get_me")
                : "{\"jsonrpc\":\"2.0\",\"id\":\"p" + i + "\",\"method\":\"ping\"}");
        }
        await server.WriteAsync(lines.ToArray());
        server.CloseInput();
        var (answers, exitCode) = await server.ToEndAsync(120);

        Assert.Equal(0, exitCode);
        Assert.Equal(201, answers.Count);
        var ids = answers.Select(a => a.GetProperty("id").GetRawText()).ToHashSet();
        Assert.Equal(201, ids.Count);
        Assert.All(answers, a => Assert.True(a.TryGetProperty("result", out _), a.GetRawText()));
        Assert.Equal(50, upstream.Requests.Count);
    }

    [Fact]
    public async Task A_slow_upstream_call_in_flight_at_end_of_input_still_answers()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = _ => FakeResponse.Json("""{"name":"Slow"}""") with { Delay = TimeSpan.FromSeconds(2) };
        await using var server = Start(upstream);

        await server.WriteAsync(StdioProcess.Initialize, Call("slow", "get_me"));
        server.CloseInput();
        var (answers, exitCode) = await server.ToEndAsync();

        Assert.Equal(0, exitCode);
        var call = answers.Single(a => a.GetProperty("id").ValueKind == JsonValueKind.String);
        Assert.Equal("Slow", call.GetProperty("result").GetProperty("structuredContent").GetProperty("name").GetString());
        Assert.Empty(upstream.Aborted);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_signal_stops_reading_and_the_call_in_flight_still_answers_before_exit_0(string signal)
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = _ => FakeResponse.Json("""{"name":"Slow"}""") with { Delay = TimeSpan.FromSeconds(2) };
        await using var server = Start(upstream, defaultSignals: true);

        await server.WriteAsync(StdioProcess.Initialize, Call(1, "get_me"));
        Assert.Equal(0, server.Next().GetProperty("id").GetInt32());
        // The upstream has the request: the booking could already exist, so the caller must be told.
        for (var i = 0; i < 200 && upstream.Requests.IsEmpty; i++) await Task.Delay(50);
        Assert.Single(upstream.Requests);

        server.Signal(signal);
        var (answers, exitCode) = await server.ToEndAsync();

        Assert.Equal(0, exitCode);
        var call = Assert.Single(answers);
        Assert.Equal("Slow", call.GetProperty("result").GetProperty("structuredContent").GetProperty("name").GetString());
    }
}
