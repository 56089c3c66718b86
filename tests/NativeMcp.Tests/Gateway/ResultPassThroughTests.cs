using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Linq;
using System.Text;
using System.Text.Json;
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
        await using var gateway = StdioGateway.Start("echoing");
        await gateway.InitializeAsync();

        // The child (the MCP C# SDK) escapes quotes as \u0022; the gateway writes \" for results it serialises itself.
        var passed = await gateway.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"say \"hi\""}}}""");
        Assert.StartsWith("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"say \u0022hi\u0022"}]""", passed, StringComparison.Ordinal);

        var masked = await gateway.SendAsync("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"my token \"sk-live-abcdef123\""}}}""");
        Assert.Contains("\"text\":\"my token \\\"[redacted]\\\"\"", masked, StringComparison.Ordinal);
        // The child puts the text in its structured content too: masked there as well.
        Assert.Contains("\"structuredContent\":{\"text\":\"my token \\\"[redacted]\\\"\"", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live", masked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credential_echoed_anywhere_in_a_result_object_is_masked_and_base64_data_is_left_as_it_is()
    {
        await using var gateway = StdioGateway.Start("rich", "--echo", "rich");
        await gateway.InitializeAsync();

        var answer = await gateway.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"my token sk-live-abcdef123"}}}""");
        Assert.DoesNotContain("sk-live", answer, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(answer);
        var result = document.RootElement.GetProperty("result");
        var content = result.GetProperty("content");
        const string Said = "my token [redacted]";
        Assert.Equal(Said, content[0].GetProperty("text").GetString());
        Assert.Equal(Said, content[0].GetProperty("_meta").GetProperty("said").GetString());
        var embedded = content[1].GetProperty("resource");
        Assert.Equal(Said, embedded.GetProperty("text").GetString());
        Assert.Equal("fake://echo?text=my%20token%20[redacted]", embedded.GetProperty("uri").GetString());
        Assert.Equal(Said, embedded.GetProperty("_meta").GetProperty("said").GetString());
        var link = content[2];
        Assert.Equal(["fake://echo/" + Said, "echo of " + Said, Said, "It said " + Said],
            new[] { "uri", "name", "title", "description" }.Select(n => link.GetProperty(n).GetString()));
        Assert.Equal("iVBORw0KGgo=", content[3].GetProperty("data").GetString());
        Assert.Equal(Said, content[3].GetProperty("_meta").GetProperty("alt").GetString());
        Assert.Equal(Said, result.GetProperty("structuredContent").GetProperty("text").GetString());
        Assert.Equal(Said, result.GetProperty("_meta").GetProperty("echoed")[0].GetString());

        // Without a credential in it the same result keeps every value (it goes the result-object path all the same).
        var plain = await gateway.SendAsync("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}""");
        using var plainDocument = JsonDocument.Parse(plain);
        Assert.Equal("echo of hello", plainDocument.RootElement.GetProperty("result").GetProperty("content")[2].GetProperty("name").GetString());
    }

    /// <summary>A gateway serving one forwarded tool, echo, of a stdio child whose environment holds a credential, over stdio.</summary>
    private sealed class StdioGateway : IAsyncDisposable
    {
        private readonly McpUpstream _upstream;
        private readonly Pipe _input = new();
        private readonly Task<int> _server;
        private readonly StreamReader _answers;

        private StdioGateway(McpUpstream upstream)
        {
            _upstream = upstream;
            var output = new Pipe();
            var tools = new McpServerPrimitiveCollection<McpServerTool> { new ForwardedTool("echo", "echo", GatewayHarness.ToolJson("echo"), default, null, upstream) };
            _server = new StdioServer(new StdioSettings { InitializeResult = "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"gateway\",\"version\":\"1.0.0\"}" },
                () => new McpServerOptions { ToolCollection = tools }, _input.Reader.AsStream(), output.Writer.AsStream()).RunAsync();
            _answers = new StreamReader(output.Reader.AsStream(), Encoding.UTF8);
        }

        public static StdioGateway Start(string name, params string[] knobs)
        {
            var options = FakeMcp.Stdio(name, knobs);
            return new StdioGateway(new McpUpstream(new McpUpstreamOptions
            {
                Name = options.Name,
                Command = options.Command,
                Arguments = options.Arguments,
                // The second value occurs in the base64 of the rich echo's image, which must pass unchanged.
                Environment = new Dictionary<string, string> { ["FAKE_TOKEN"] = "sk-live-abcdef123", ["FAKE_PNG"] = "iVBORw0K" },
            }));
        }

        public async Task InitializeAsync()
        {
            await SendAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""");
            await WriteAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        }

        public async Task<string> SendAsync(string line)
        {
            await WriteAsync(line);
            return (await _answers.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!;
        }

        private async Task WriteAsync(string line)
        {
            var requests = _input.Writer.AsStream();
            await requests.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
            await requests.FlushAsync();
        }

        public async ValueTask DisposeAsync()
        {
            _input.Writer.Complete();
            await _server.WaitAsync(TimeSpan.FromSeconds(30));
            await _upstream.DisposeAsync();
        }
    }
}
