using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Cli;
using Xunit;

namespace NativeMcp.Tests.Gateway;

/// <summary>
/// <c>nativemcp sync</c> against the fixture MCP server over stdio, Streamable HTTP and SSE (with a bearer token): the
/// lock it writes, the diff it prints, <c>--check</c> as a drift gate, and that the lock is a valid build input.
/// </summary>
public sealed class SyncCommandTests : IDisposable
{
    private const string Token = "sync-test-token-4b1d";
    private readonly string _folder = Directory.CreateTempSubdirectory("nativemcp-sync-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Spec => Path.Combine(_folder, "gw.yaml");

    private string LockPath => Path.Combine(_folder, "gw.lock.json");

    private void WriteSpec() => File.WriteAllText(Spec, $$"""
        nativemcp: 1
        server: { name: gw, version: 1.0.0, binary: gw-mcp }
        env:
          FAKE_DLL: { required: true }
          WEB_URL: { required: true }
          OLD_URL: { required: true }
          OLD_TOKEN: { required: true, secret: true }
        upstreams:
          local:
            transport: stdio
            command: dotnet
            args: ["${FAKE_DLL}", "--name", "local", "--lifetime", "60"]
            tools: [echo, add]
          web:
            transport: http
            url: ${WEB_URL}/mcp
            prefix: web_
          old:
            transport: sse
            url: ${OLD_URL}/mcp/sse
            auth: { type: bearer, token: "${OLD_TOKEN}" }
            tools: [{ tool: echo, name: old_echo }]
        """);

    private async Task<(int Exit, string Output, string Error)> Sync(Dictionary<string, string?> env, bool check = false)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await SyncCommand.RunAsync(Spec, check, name => env.TryGetValue(name, out var v) ? v : null, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Sync_writes_a_lock_for_stdio_http_and_sse_and_check_fails_on_drift_with_a_diff()
    {
        await using var web = await HttpFakeMcpServer.StartAsync("--name", "web");
        await using var old = await HttpFakeMcpServer.StartAsync("--name", "old", "--bearer", Token);
        WriteSpec();
        var env = new Dictionary<string, string?> { ["FAKE_DLL"] = HttpFakeMcpServer.Dll, ["WEB_URL"] = web.Url, ["OLD_URL"] = old.Url, ["OLD_TOKEN"] = Token };

        var first = await Sync(env);
        Assert.True(first.Exit == 0, first.Error);
        Assert.Contains("+ upstream local", first.Output, StringComparison.Ordinal);
        Assert.Contains("+ web tool echo", first.Output, StringComparison.Ordinal);
        Assert.Contains("wrote gw.lock.json: 3 upstream(s), 30 tool(s)", first.Output, StringComparison.Ordinal);

        var text = File.ReadAllText(LockPath);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, first.Output + first.Error, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(text))
        {
            var upstreams = document.RootElement.GetProperty("upstreams");
            Assert.Equal(new[] { "local", "old", "web" }, upstreams.EnumerateObject().Select(u => u.Name));
            var echo = upstreams.GetProperty("old").GetProperty("tools").GetProperty("echo");
            Assert.Equal("old", upstreams.GetProperty("old").GetProperty("serverInfo").GetProperty("name").GetString());
            Assert.False(string.IsNullOrEmpty(upstreams.GetProperty("web").GetProperty("protocolVersion").GetString()));
            // The hash is the runtime's, of the definition as locked: the gateway checks the same bytes.
            Assert.Equal(Runtime.Gateway.ToolDefinitionHash.Compute(echo.GetProperty("definition")), echo.GetProperty("hash").GetString());
            // Canonical: members sorted.
            var keys = echo.GetProperty("definition").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), keys);
        }

        // The lock is a build input: the spec and it check clean, and the exposed names are the spec's.
        var check = SpecCheck.Run(Spec);
        Assert.Empty(check.Diagnostics.Select(d => d.Message));
        var names = check.Spec.Model!.Tools.Select(t => t.Name).ToList();
        Assert.Equal(new[] { "echo", "add" }, names.Take(2));
        Assert.Contains("web_protocol_error", names);
        Assert.Equal("old_echo", names.Last());

        // Nothing changed: --check passes, and a second sync leaves the file as it was.
        var same = await Sync(env, check: true);
        Assert.True(same.Exit == 0, same.Output + same.Error);
        Assert.Contains("matches every upstream", same.Output, StringComparison.Ordinal);
        var again = await Sync(env);
        Assert.Equal(0, again.Exit);
        Assert.Equal(WithoutProtocolVersions(text), WithoutProtocolVersions(File.ReadAllText(LockPath)));

        // The HTTP upstream now serves other definitions: --check fails and says what changed, and writes nothing.
        await using var drifted = await HttpFakeMcpServer.StartAsync("--name", "web", "--tools", "drifted");
        env["WEB_URL"] = drifted.Url;
        var gate = await Sync(env, check: true);
        Assert.Equal(SyncCommand.Drifted, gate.Exit);
        Assert.Contains("~ web tool echo: description changed", gate.Output, StringComparison.Ordinal);
        Assert.Contains("~ web tool add: inputSchema changed", gate.Output, StringComparison.Ordinal);
        Assert.Contains("- web tool slow", gate.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("local tool", gate.Output, StringComparison.Ordinal);
        Assert.Equal(WithoutProtocolVersions(text), WithoutProtocolVersions(File.ReadAllText(LockPath)));

        // sync takes the change; the lock no longer has slow, and check is clean again.
        var update = await Sync(env);
        Assert.Equal(0, update.Exit);
        Assert.DoesNotContain("\"slow\"", File.ReadAllText(LockPath).Split("\"web\"")[1], StringComparison.Ordinal);
        Assert.Equal(0, (await Sync(env, check: true)).Exit);
    }

    /// <summary>The negotiated protocol version is recorded, but it is the connection's, not a definition: it is not drift.</summary>
    private static string WithoutProtocolVersions(string lockText) =>
        string.Join("\n", lockText.Split('\n').Where(l => !l.Contains("\"protocolVersion\"", StringComparison.Ordinal)));

    [Fact]
    public async Task A_wrong_token_fails_the_sync_naming_the_upstream_without_the_token_and_keeps_the_lock()
    {
        await using var old = await HttpFakeMcpServer.StartAsync("--name", "old", "--bearer", Token);
        await using var web = await HttpFakeMcpServer.StartAsync("--name", "web");
        WriteSpec();
        File.WriteAllText(LockPath, "{\"nativemcp\": 1, \"upstreams\": {}}\n");
        var wrong = "wrong-" + Token;
        var env = new Dictionary<string, string?> { ["FAKE_DLL"] = HttpFakeMcpServer.Dll, ["WEB_URL"] = web.Url, ["OLD_URL"] = old.Url, ["OLD_TOKEN"] = wrong };

        var result = await Sync(env);
        Assert.Equal(1, result.Exit);
        Assert.Contains("upstream 'old' could not be read", result.Error, StringComparison.Ordinal);
        Assert.Contains("the lock is left as it was", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, result.Output + result.Error, StringComparison.Ordinal);
        Assert.Equal("{\"nativemcp\": 1, \"upstreams\": {}}\n", File.ReadAllText(LockPath));
    }

    [Fact]
    public async Task A_missing_variable_is_named_before_anything_is_contacted()
    {
        WriteSpec();
        var result = await Sync(new Dictionary<string, string?> { ["FAKE_DLL"] = HttpFakeMcpServer.Dll });
        Assert.Equal(1, result.Exit);
        Assert.Contains("upstream 'web' needs WEB_URL set", result.Error, StringComparison.Ordinal);
        Assert.Contains("upstream 'old' needs OLD_URL, OLD_TOKEN set", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(LockPath));
    }
}
