using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
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
    private static readonly string[] Secrets = ["sk-live-abcdef123"];

    [Theory]
    [InlineData("""{"content":[{"type":"text","text":"say \u0022hi\u0022"}],"structuredContent":{"text":"hi","pid":7}}""", false, 8)]
    [InlineData("""{"content":[{"type":"text","text":"h\u00e9"},{"type":"text","text":"ok"}]}""", false, 5)]
    [InlineData("""{"content":[{"type":"text","text":"boom"}],"isError":true,"_meta":{"x":1}}""", true, 4)]
    [InlineData("""{"isError":false,"content":[{"type":"image","data":"AAAA","mimeType":"image/png"},{"type":"resource_link","uri":"file:///a","name":"a"}]}""", false, 0)]
    [InlineData("""{"content":[]}""", false, 0)]
    [InlineData("""{"content":[{"type":"text","text":"overhead"}],"structuredContent":{"text":"overhead","server":"gamma","pid":10061},"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"gamma","version":"1.0.0"}}}""", false, 8)]
    public void A_result_the_sdk_would_read_the_same_passes_as_its_bytes(string json, bool isError, int textBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var answer = ResultPassThrough.Read(bytes, Secrets);
        Assert.NotNull(answer);
        Assert.Equal(json, Encoding.UTF8.GetString(answer.Json.Span));
        Assert.Equal(isError, answer.IsError);
        Assert.Equal(textBytes, answer.TextBytes);
        // The result object read from the bytes agrees with what the reading found.
        Assert.Equal(isError, answer.Result.IsError == true);
    }

    [Theory]
    [InlineData("""{"content":[{"type":"text","text":"token sk-live-abcdef123"}]}""", "a credential in the text")]
    [InlineData("""{"content":[{"type":"text","text":"token sk-\u006cive-abcdef123"}]}""", "a credential escaped")]
    [InlineData("""{"content":[{"type":"text","text":"ok"}],"structuredContent":{"auth":{"token":"sk-live-abcdef123"}}}""", "a credential in structured content")]
    [InlineData("""{"content":[{"type":"text","text":"more input"}],"resultType":"input_required"}""", "a resultType, for the upstream to refuse")]
    [InlineData("""{"structuredContent":{"a":1}}""", "no content")]
    [InlineData("""{"content":"text"}""", "content not an array")]
    [InlineData("""{"content":["text"]}""", "a block that is not an object")]
    [InlineData("""{"content":[{"text":"no type"}]}""", "a block without a type")]
    [InlineData("""{"content":[{"type":"hologram"}]}""", "a block of a type MCP does not name")]
    [InlineData("""{"content":[],"isError":"yes"}""", "isError not a boolean")]
    [InlineData("""{"content":[],"resultType":7}""", "resultType not a string")]
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

        input.Writer.Complete();
        await server.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
