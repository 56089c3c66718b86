using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Native;

/// <summary>
/// Every bad message gets the answer JSON-RPC 2.0 (and MCP) names for it, with a message a person can act on,
/// and the server keeps serving: each case runs in a fresh LinkTime process after initialize, and a ping
/// afterwards must still be answered.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Native)]
public sealed class HostileInputTests
{
    private static readonly string Big = new('x', 30 * 1024 * 1024);

    private static string CallGetBooking(int id, string bookingId) =>
        "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"get_booking\",\"arguments\":{\"bookingId\":\"" + bookingId + "\"}}}";

    /// <summary>
    /// (case, input line, expected answer): "error CODE: TEXT" is a JSON-RPC error whose message contains TEXT;
    /// "isError: TEXT" a tool result with isError true whose text contains TEXT; "result: KEY=VALUE" a result.
    /// </summary>
    public static readonly TheoryData<string, string, string> Table = new()
    {
        { "not JSON", "not json", "error -32700: Parse error: the line is not valid JSON" },
        { "truncated JSON", """{"jsonrpc":"2.0","id":1,"method":"pi""", "error -32700: Parse error" },
        { "a JSON array", "[1,2]", "error -32600: must be a JSON object, not an array" },
        { "a batch", """[{"jsonrpc":"2.0","id":3,"method":"ping"}]""", "error -32600: Batches are not supported" },
        { "null", "null", "error -32600: must be a JSON object, not null" },
        { "a number", "42", "error -32600: must be a JSON object, not a number" },
        { "jsonrpc 1.0", """{"jsonrpc":"1.0","id":4,"method":"ping"}""", "error -32600: 'jsonrpc' must be the string \"2.0\"" },
        { "no jsonrpc", """{"id":5,"method":"ping"}""", "error -32600: 'jsonrpc' must be the string \"2.0\"" },
        { "an object id", """{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}""", "error -32600: 'id' must be a string or an integer, not an object" },
        { "a fractional id", """{"jsonrpc":"2.0","id":1.5,"method":"ping"}""", "error -32600: 1.5 is not an integer" },
        { "a null id", """{"jsonrpc":"2.0","id":null,"method":"ping"}""", "error -32600: not null" },
        { "method not a string", """{"jsonrpc":"2.0","id":6,"method":5}""", "error -32600: 'method' must be a string, not a number" },
        { "no method", """{"jsonrpc":"2.0","id":7}""", "error -32600: A request needs a 'method'" },
        { "unknown method", """{"jsonrpc":"2.0","id":8,"method":"tools/destroy"}""", "error -32601: Method 'tools/destroy' is not supported by this server; it answers initialize, ping, tools/list, tools/call" },
        { "params an array", """{"jsonrpc":"2.0","id":9,"method":"tools/list","params":[]}""", "error -32602: 'params' must be an object, not an array" },
        { "arguments a string", """{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"get_me","arguments":"{}"}}""", "error -32602: 'arguments' must be an object whose properties are the inputs of 'get_me', not a string" },
        { "no tool name", """{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{}}""", "error -32602: tools/call needs 'params.name'" },
        { "unknown tool", """{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"drop_tables"}}""", "error -32602: Unknown tool 'drop_tables'" },
        { "a 30 MB argument", CallGetBooking(15, Big),
            "isError: Argument 'bookingId' of 'get_booking' is 31457282 bytes; the limit for one argument is 1048576 bytes (server.maxArgumentSize in the spec)" },
        { "upstream down", """{"jsonrpc":"2.0","id":17,"method":"tools/call","params":{"name":"get_me","arguments":{}}}""", "isError: upstream_unreachable: GET /me failed" },
        { "unknown protocol version", """{"jsonrpc":"2.0","id":18,"method":"initialize","params":{"protocolVersion":"1999-01-01","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""", "result: protocolVersion=2025-11-25" },
        { "initialize without a version", """{"jsonrpc":"2.0","id":19,"method":"initialize","params":{}}""", "error -32602: initialize needs 'params.protocolVersion'" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Each_bad_message_gets_its_answer_and_the_server_keeps_serving(string name, string input, string expected)
    {
        await using var server = StdioProcess.Start(NativeBinary.LinkTimePath(), new Dictionary<string, string>
        {
            ["LINKTIME_API_KEY"] = "lt_live_hostile",
            // Nothing listens on port 9 (discard) of 127.0.0.1: the upstream is down.
            ["LINKTIME_BASE_URL"] = "http://127.0.0.1:9/api/v1",
        });
        await server.WriteAsync(StdioProcess.Initialize, """{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        Assert.Equal(0, server.Next().GetProperty("id").GetInt32());

        await server.WriteAsync(input, """{"jsonrpc":"2.0","id":"alive","method":"ping"}""");
        // Two answers in either order: a tool call runs while the ping is answered.
        var answers = new[] { server.Next(60), server.Next(60) };
        var alive = Assert.Single(answers, a => a.GetProperty("id") is { ValueKind: JsonValueKind.String } id && id.GetString() == "alive");
        Assert.Equal(JsonValueKind.Object, alive.GetProperty("result").ValueKind);
        var answer = answers.Single(a => a.GetRawText() != alive.GetRawText());
        Assert.True(Matches(answer, expected), name + ": expected " + expected + ", got " + Shorten(answer.GetRawText()));
    }

    private static bool Matches(JsonElement answer, string expected)
    {
        if (answer.GetProperty("jsonrpc").GetString() != "2.0") return false;
        if (expected.StartsWith("error "))
        {
            var code = int.Parse(expected[6..expected.IndexOf(':')]);
            var text = expected[(expected.IndexOf(':') + 2)..];
            return answer.TryGetProperty("error", out var error) && error.GetProperty("code").GetInt32() == code &&
                error.GetProperty("message").GetString()!.Contains(text);
        }
        if (!answer.TryGetProperty("result", out var result)) return false;
        if (expected.StartsWith("isError: "))
        {
            return result.TryGetProperty("isError", out var isError) && isError.GetBoolean() &&
                result.GetProperty("content").EnumerateArray().Any(c => c.GetProperty("text").GetString()!.Contains(expected["isError: ".Length..]));
        }
        var (key, value) = (expected["result: ".Length..].Split('=')[0], expected.Split('=')[1]);
        return result.GetProperty(key).GetString() == value;
    }

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "..." : text;
}
