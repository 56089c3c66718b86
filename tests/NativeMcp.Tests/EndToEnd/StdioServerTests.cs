using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Generated.Faults;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Runtime.Stdio;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>
/// The stdio loop in process, fed raw lines through a pipe: what the drain does when a call outlives its
/// timeout, and what a client's cancellation does. (Every other end-to-end test runs the real SDK client
/// over this same loop through <see cref="InProcessServer"/>.)
/// </summary>
public sealed class StdioServerTests
{
    private const string Initialize = """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private sealed class Raw : IAsyncDisposable
    {
        private readonly Pipe _input = new();
        private readonly Pipe _output = new();
        private readonly StreamReader _answers;

        public Raw(FakeUpstream upstream, TimeSpan drainTimeout)
        {
            var env = EnvironmentValues.Load(FaultsServer.Definition.Environment,
                new Dictionary<string, string?> { ["FAULTS_URL"] = upstream.BaseUrl, ["FAULTS_KEY"] = "k_secret_faults" }, out _);
            var options = FaultsServer.Definition.CreateOptions(env, null);
            var settings = new StdioSettings
            {
                InitializeResult = FaultsServer.Definition.InitializeResult!,
                DrainTimeout = drainTimeout,
                Secrets = env.Secrets,
            };
            Running = new StdioServer(settings, () => options, _input.Reader.AsStream(), _output.Writer.AsStream()).RunAsync();
            _answers = new StreamReader(_output.Reader.AsStream(), Encoding.UTF8);
        }

        public Task<int> Running { get; }

        public async Task WriteAsync(params string[] lines) =>
            await _input.Writer.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(Array.ConvertAll(lines, l => l + "\n"))));

        public ValueTask EndInputAsync() => _input.Writer.CompleteAsync();

        public async Task<JsonElement> NextAsync()
        {
            var line = await _answers.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? throw new EndOfStreamException();
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }

        public async ValueTask DisposeAsync()
        {
            await _input.Writer.CompleteAsync();
            await Running.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_call_that_outlives_the_drain_timeout_is_answered_with_an_error_that_says_so()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = _ => FakeResponse.Json("{}") with { Delay = TimeSpan.FromSeconds(20) };
        // slow_thing times out after 200 ms: a drain of 50 ms ends first.
        await using var server = new Raw(upstream, TimeSpan.FromMilliseconds(50));

        await server.WriteAsync(Initialize, """{"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"slow_thing","arguments":{}}}""");
        Assert.Equal(0, (await server.NextAsync()).GetProperty("id").GetInt32());
        await server.EndInputAsync();

        var answer = await server.NextAsync();
        Assert.Equal("slow", answer.GetProperty("id").GetString());
        Assert.Equal(-32603, answer.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("'slow_thing' did not finish within the drain timeout of 0.05 s (server.drainTimeout", answer.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(0, await server.Running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_cancelled_call_stops_its_upstream_request_and_is_not_answered()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = _ => FakeResponse.Json("{}") with { Delay = TimeSpan.FromSeconds(20) };
        await using var server = new Raw(upstream, TimeSpan.FromSeconds(10));

        await server.WriteAsync(Initialize, """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_thing","arguments":{"id":"a"}}}""");
        await server.NextAsync();
        for (var i = 0; i < 200 && upstream.Requests.IsEmpty; i++) await Task.Delay(50);
        await server.WriteAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7,"reason":"user"}}""",
            """{"jsonrpc":"2.0","id":8,"method":"ping"}""");

        // The next answer is the ping's: the cancelled call gets none (MCP), and its upstream request is aborted.
        Assert.Equal(8, (await server.NextAsync()).GetProperty("id").GetInt32());
        for (var i = 0; i < 200 && upstream.Aborted.IsEmpty; i++) await Task.Delay(50);
        Assert.Single(upstream.Aborted);
    }

    /// <summary>A tool named <paramref name="name"/> whose every call is <paramref name="call"/>.</summary>
    private sealed class ScriptedTool(string name, Func<ModelContextProtocol.Protocol.CallToolResult> call) : ModelContextProtocol.Server.McpServerTool
    {
        public override ModelContextProtocol.Protocol.Tool ProtocolTool { get; } = new()
        {
            Name = name,
            InputSchema = JsonDocument.Parse("""{"type":"object"}""").RootElement,
        };

        public override IReadOnlyList<object> Metadata => Array.Empty<object>();

        public override ValueTask<ModelContextProtocol.Protocol.CallToolResult> InvokeAsync(
            ModelContextProtocol.Server.RequestContext<ModelContextProtocol.Protocol.CallToolRequestParams> request, System.Threading.CancellationToken cancellationToken = default) =>
            new(call());
    }

    /// <summary>A tool whose code throws: what any bug or unforeseen failure in a tool's path looks like.</summary>
    private static ScriptedTool ThrowingTool() => new("explode", () => throw new InvalidOperationException("the ledger is locked by k_secret_tool"));

    /// <summary>A tool that answers at once with the text "said".</summary>
    private static ScriptedTool SayTool() => new("say", () => new() { Content = [new ModelContextProtocol.Protocol.TextContentBlock { Text = "said" }] });

    /// <summary>A log output whose every line waits until the test lets it through.</summary>
    private sealed class HeldWriter : StringWriter
    {
        public System.Threading.ManualResetEventSlim Writing { get; } = new();

        public System.Threading.ManualResetEventSlim Release { get; } = new();

        public override void WriteLine(string? value)
        {
            Writing.Set();
            Release.Wait(TimeSpan.FromSeconds(30));
            base.WriteLine(value);
        }
    }

    [Fact]
    public async Task A_call_is_answered_before_its_call_log_line_is_written()
    {
        var held = new HeldWriter();
        using var log = new NativeMcp.Runtime.Serving.CallLog(held, includeContent: false, Array.Empty<string>());
        var full = new ModelContextProtocol.Server.McpServerOptions { ToolCollection = [SayTool()] };
        var options = new NativeMcp.Runtime.Serving.ScopedOptions(full, null, log).For(null);
        var input = new Pipe();
        var output = new Pipe();
        var settings = new StdioSettings { InitializeResult = "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"t\",\"version\":\"1\"}" };
        var running = new StdioServer(settings, () => options, input.Reader.AsStream(), output.Writer.AsStream()).RunAsync();
        var answers = new StreamReader(output.Reader.AsStream(), Encoding.UTF8);
        await input.Writer.WriteAsync(Encoding.UTF8.GetBytes(Initialize + "\n" + """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"say"}}""" + "\n"));
        await answers.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

        // The answer arrives while its log line is still being written: the log's write is not on the way to the client.
        var answer = await answers.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("\"said\"", answer);
        Assert.True(held.Writing.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal("", held.ToString());
        Assert.Equal(0, log.Count);

        held.Release.Set();
        await input.Writer.CompleteAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));
        using var line = JsonDocument.Parse(held.ToString());
        Assert.Equal("say", line.RootElement.GetProperty("tool").GetString());
        Assert.Equal("ok", line.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, log.Count);
    }

    [Fact]
    public async Task An_exception_in_a_tool_is_an_isError_result_that_says_what_failed_with_secrets_redacted()
    {
        var options = new ModelContextProtocol.Server.McpServerOptions { ToolCollection = [ThrowingTool()] };
        var input = new Pipe();
        var output = new Pipe();
        var settings = new StdioSettings { InitializeResult = "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"t\",\"version\":\"1\"}", Secrets = ["k_secret_tool"] };
        var running = new StdioServer(settings, () => options, input.Reader.AsStream(), output.Writer.AsStream()).RunAsync();
        await input.Writer.WriteAsync(Encoding.UTF8.GetBytes(Initialize + "\n" + """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"explode"}}""" + "\n"));
        await input.Writer.CompleteAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));

        var lines = Encoding.UTF8.GetString((await output.Reader.ReadAsync()).Buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var call = JsonDocument.Parse(Assert.Single(lines, l => l.Contains("\"id\":1")));
        var result = call.RootElement.GetProperty("result");
        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.Equal("Tool 'explode' failed: the ledger is locked by [redacted] (InvalidOperationException)", result.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_request_whose_server_cannot_be_built_is_answered_with_its_own_id_and_the_next_one_too()
    {
        // The options are built at the first message that needs them (never for initialize); when that fails, each
        // request read is still answered, under its id, with what failed and no secret.
        var input = new Pipe();
        var output = new Pipe();
        var settings = new StdioSettings { InitializeResult = "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"t\",\"version\":\"1\"}", Secrets = ["k_secret_build"] };
        var running = new StdioServer(settings, () => throw new InvalidOperationException("cannot reach k_secret_build"), input.Reader.AsStream(), output.Writer.AsStream()).RunAsync();
        await input.Writer.WriteAsync(Encoding.UTF8.GetBytes(Initialize + "\n" + """{"jsonrpc":"2.0","id":"list-1","method":"tools/list"}""" + "\n" + """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"x"}}""" + "\n"));
        await input.Writer.CompleteAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));

        var lines = Encoding.UTF8.GetString((await output.Reader.ReadAsync()).Buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        using var list = JsonDocument.Parse(Assert.Single(lines, l => l.Contains("\"id\":\"list-1\"")));
        Assert.Equal(-32603, list.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("'tools/list' could not be handled: cannot reach [redacted]", list.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Single(lines, l => l.Contains("\"id\":2"));
        Assert.DoesNotContain(lines, l => l.Contains("k_secret_build") || l.Contains("\"id\":null"));
    }
}
