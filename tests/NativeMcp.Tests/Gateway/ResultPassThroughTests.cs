using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Gateway;
using NativeMcp.Runtime.Stdio;
using Xunit;

namespace NativeMcp.Tests.Gateway;

/// <summary>Which stdio-child results go to the caller as the child's bytes, and which are read into a result object first.</summary>
public sealed class ResultPassThroughTests
{
    private static readonly string[] Secrets = ["sk-live-abcdef123", "12345678"];

    [Theory]
    [InlineData("""{"content":[{"type":"text","text":"say \u0022hi\u0022"}],"structuredContent":{"text":"hi","pid":7}}""", false, "say \"hi\"", 8)]
    [InlineData("""{"content":[{"type":"text","text":"h\u00e9"},{"text":"ok","type":"text"}]}""", false, "h\u00e9ok", 5)]
    [InlineData("""{"content":[{"type":"text","text":"boom"}],"isError":true,"_meta":{"x":{"y":[1,{"y":2}]}}}""", true, "boom", 4)]
    [InlineData("""{"content":[]}""", false, "", 0)]
    [InlineData("""{"content":[{"type":"text","text":"overhead"}],"structuredContent":{"text":"overhead","server":"gamma","pid":10061},"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"gamma","version":"1.0.0"}}}""", false, "overhead", 8)]
    public void A_result_of_text_blocks_passes_as_its_bytes(string json, bool isError, string text, int textBytes)
    {
        var answer = ResultPassThrough.Read(Encoding.UTF8.GetBytes(json), Secrets);
        Assert.NotNull(answer);
        Assert.Equal(json, Encoding.UTF8.GetString(answer.Json.Span));
        Assert.Equal(isError, answer.IsError);
        Assert.Equal(textBytes, answer.TextBytes);
        // The result object read from the same bytes says what the reading found.
        Assert.Equal(text, answer.Text);
        Assert.Equal(isError, answer.Result.IsError == true);
    }

    [Fact]
    public void Long_escaped_strings_are_unescaped_whole()
    {
        var first = string.Concat(Enumerable.Repeat("\\u0041", 300));
        var second = string.Concat(Enumerable.Repeat("\\u00e9", 5000));
        var json = "{\"content\":[{\"type\":\"text\",\"text\":\"" + first + "\"},{\"type\":\"text\",\"text\":\"" + second + " sk-live-abcdef123\"}]}";
        Assert.Null(ResultPassThrough.Read(Encoding.UTF8.GetBytes(json), Secrets));
        var answer = ResultPassThrough.Read(Encoding.UTF8.GetBytes(json.Replace(" sk-live-abcdef123", "", StringComparison.Ordinal)), Secrets);
        Assert.NotNull(answer);
        Assert.Equal(300 + 2 * 5000, answer.TextBytes);
    }

    [Fact]
    public void A_string_that_is_not_UTF8_is_read_into_a_result_object()
    {
        byte[] json = [.. "{\"content\":[{\"type\":\"text\",\"text\":\""u8, 0xFF, 0xFE, .. "\"}]}"u8];
        Assert.Null(ResultPassThrough.Read(json, Secrets));
    }

    [Theory]
    [InlineData("""{"content":[{"type":"text","text":"token sk-live-abcdef123"}]}""", "a credential in the text")]
    [InlineData("""{"content":[{"type":"text","text":"token sk-\u006cive-abcdef123"}]}""", "a credential escaped")]
    [InlineData("""{"content":[{"type":"text","text":"ok"}],"structuredContent":{"auth":{"token":"sk-live-abcdef123"}}}""", "a credential in structured content")]
    [InlineData("""{"content":[{"type":"text","text":"ok"}],"structuredContent":{"sk-live-abcdef123":1}}""", "a credential as a name")]
    [InlineData("""{"content":[],"structuredContent":{"pin":12345678}}""", "a credential as a number")]
    [InlineData("""{"content":[{"type":"text","text":"\ud800"}]}""", "a lone surrogate, which the reader cannot unescape")]
    [InlineData("""{"content":[{"type":"text","text":"more input"}],"resultType":"input_required"}""", "a resultType other than complete, for the upstream to refuse")]
    [InlineData("""{"content":[],"resultType":7}""", "resultType not a string")]
    [InlineData("""{"structuredContent":{"a":1}}""", "no content")]
    [InlineData("""{"content":"text"}""", "content not an array")]
    [InlineData("""{"content":["text"]}""", "a block that is not an object")]
    [InlineData("""{"content":[{"text":"no type"}]}""", "a block without a type")]
    [InlineData("""{"content":[{"type":"text"}]}""", "a text block without text")]
    [InlineData("""{"content":[{"type":"text","text":5}]}""", "text that is not a string")]
    [InlineData("""{"content":[{"type":"image","data":"AAAA","mimeType":"image/png"}]}""", "a block of another type (the result object checks those)")]
    [InlineData("""{"content":[{"type":"text","text":"a","annotations":{"audience":["user"]}}]}""", "a block member other than type and text")]
    [InlineData("""{"content":[{"type":"text","type":"text","text":"x"}]}""", "a block's type twice")]
    [InlineData("""{"content":[{"type":"text","text":"x","text":"y"}]}""", "a block's text twice")]
    [InlineData("""{"content":[],"content":null}""", "content twice")]
    [InlineData("""{"content":[],"isError":true,"isError":false}""", "isError twice")]
    [InlineData("""{"content":[],"isError":"yes"}""", "isError not a boolean")]
    [InlineData("""{"content":[],"x-extra":1}""", "a member the result object would drop")]
    [InlineData("""{"content":[],"_meta":7}""", "_meta not an object")]
    [InlineData("""{"content":[],"_meta":{"a":{"b":1,"b":2}}}""", "a name twice in _meta")]
    [InlineData("""[{"type":"text","text":"x"}]""", "not an object")]
    [InlineData("""{"content":[{"type":"text","text":"x"}""", "not JSON")]
    public void Anything_else_is_read_into_a_result_object(string json, string why)
    {
        Assert.True(ResultPassThrough.Read(Encoding.UTF8.GetBytes(json), Secrets) is null, why);
    }

    [Fact]
    public async Task Over_stdio_the_caller_gets_the_childs_bytes_unless_they_carry_a_credential()
    {
        var options = FakeMcp.Stdio("echoing");
        await using var upstream = new McpUpstream(new McpUpstreamOptions
        {
            Name = options.Name,
            Command = options.Command,
            Arguments = options.Arguments,
            Environment = new Dictionary<string, string> { ["FAKE_TOKEN"] = "sk-live-abcdef123" },
        });
        var tools = new McpServerPrimitiveCollection<McpServerTool> { new ForwardedTool("echo", "echo", GatewayHarness.ToolJson("echo"), default, null, upstream) };
        var input = new Pipe();
        var output = new Pipe();
        var server = new StdioServer(new StdioSettings { InitializeResult = "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"gateway\",\"version\":\"1.0.0\"}" },
            () => new McpServerOptions { ToolCollection = tools }, input.Reader.AsStream(), output.Writer.AsStream()).RunAsync();
        using var answers = new StreamReader(output.Reader.AsStream(), Encoding.UTF8);
        var requests = input.Writer.AsStream();

        async Task<string> Send(string line)
        {
            await requests.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
            await requests.FlushAsync();
            return (await answers.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!;
        }

        await Send("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""");
        await requests.WriteAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"));

        // The child (the MCP C# SDK) escapes quotes as \u0022; the gateway writes \" for results it serialises itself.
        var passed = await Send("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"say \"hi\""}}}""");
        Assert.StartsWith("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"say \u0022hi\u0022"}]""", passed, StringComparison.Ordinal);

        var masked = await Send("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"my token \"sk-live-abcdef123\""}}}""");
        Assert.Contains("\"text\":\"my token \\\"[redacted]\\\"\"", masked, StringComparison.Ordinal);
        // The child puts the text in its structured content too: masked there as well.
        Assert.Contains("\"structuredContent\":{\"text\":\"my token \\\"[redacted]\\\"\"", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live", masked, StringComparison.Ordinal);

        input.Writer.Complete();
        await server.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
