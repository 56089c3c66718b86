using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NativeMcp.Generated.Linktime;
using NativeMcp.Runtime.Hosting;
using Xunit;

namespace NativeMcp.Tests.Hosting;

/// <summary>--print-config, --list-tools and --check of the LinkTime server, answered without serving.</summary>
public sealed class InfoCommandsTests
{
    private const string Binary = "/opt/mcp/linktime-mcp";

    private static (bool Handled, int Exit, string Out, string Err) Run(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var handled = InfoCommands.TryRun(LinktimeServer.Definition, args, stdout, stderr, name => environment.TryGetValue(name, out var v) ? v : null, Binary, out var exit);
        return (handled, exit, stdout.ToString(), stderr.ToString());
    }

    private static (bool Handled, int Exit, string Out, string Err) Run(params string[] args) => Run(new Dictionary<string, string?>(), args);

    [Theory]
    [InlineData("claude-desktop")]
    [InlineData("cursor")]
    [InlineData("windsurf")]
    public void Mcp_servers_snippet_names_the_binary_and_every_variable_as_a_placeholder(string client)
    {
        var (handled, exit, stdout, _) = Run(new Dictionary<string, string?> { ["LINKTIME_API_KEY"] = "lt_live_secret" }, "--print-config", client);

        Assert.True(handled);
        Assert.Equal(0, exit);
        var server = JsonDocument.Parse(stdout).RootElement.GetProperty("mcpServers").GetProperty("linktime");
        Assert.Equal(Binary, server.GetProperty("command").GetString());
        Assert.Equal("<LINKTIME_API_KEY>", server.GetProperty("env").GetProperty("LINKTIME_API_KEY").GetString());
        Assert.Equal("https://linktime.io", server.GetProperty("env").GetProperty("LINKTIME_BASE_URL").GetString());
        Assert.Equal(client == "windsurf", server.TryGetProperty("args", out _));
        Assert.DoesNotContain("lt_live_secret", stdout);
    }

    [Fact]
    public void Vscode_snippet_prompts_for_secrets_instead_of_writing_them()
    {
        var (_, exit, stdout, _) = Run("--print-config", "vscode");

        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(stdout).RootElement;
        var input = Assert.Single(root.GetProperty("inputs").EnumerateArray());
        Assert.Equal("promptString", input.GetProperty("type").GetString());
        Assert.Equal("linktime-linktime-api-key", input.GetProperty("id").GetString());
        Assert.True(input.GetProperty("password").GetBoolean());
        var server = root.GetProperty("servers").GetProperty("linktime");
        Assert.Equal("stdio", server.GetProperty("type").GetString());
        Assert.Equal(Binary, server.GetProperty("command").GetString());
        Assert.Equal("${input:linktime-linktime-api-key}", server.GetProperty("env").GetProperty("LINKTIME_API_KEY").GetString());
    }

    [Fact]
    public void Claude_code_gets_one_command_line()
    {
        var (_, exit, stdout, _) = Run("--print-config", "claude-code");

        Assert.Equal(0, exit);
        Assert.Equal("claude mcp add linktime --env 'LINKTIME_API_KEY=<LINKTIME_API_KEY>' --env LINKTIME_BASE_URL=https://linktime.io -- /opt/mcp/linktime-mcp\n", stdout);
    }

    [Theory]
    [InlineData("--print-config")]
    [InlineData("--print-config", "zed")]
    public void An_unknown_client_is_a_usage_error_listing_the_clients(params string[] args)
    {
        var (handled, exit, stdout, stderr) = Run(args);

        Assert.True(handled);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal("linktime: --print-config needs one of: claude-desktop, cursor, vscode, claude-code, windsurf\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void List_tools_prints_the_table_without_any_environment()
    {
        var (_, exit, stdout, _) = Run("--list-tools");

        Assert.Equal(0, exit);
        var lines = stdout.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("TOOL ", lines[0]);
        Assert.Equal("32 tools", lines[^1]);
        Assert.Equal(34, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("list_event_types ") && l.Contains("  read   List your event types"));
        Assert.Contains(lines, l => l.StartsWith("create_booking ") && l.Contains("  write  Book a meeting"));
    }

    [Fact]
    public void Check_reports_a_missing_variable_and_exits_1()
    {
        var (_, exit, stdout, stderr) = Run("--check");

        Assert.Equal(1, exit);
        Assert.Contains("LINKTIME_API_KEY         MISSING (required)", stdout);
        Assert.Contains("LINKTIME_BASE_URL        default", stdout);
        Assert.Equal("LINKTIME_API_KEY environment variable is required\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Check_reports_a_base_url_that_is_not_an_http_url_without_printing_it_and_exits_1()
    {
        var (_, exit, stdout, stderr) = Run(new Dictionary<string, string?> { ["LINKTIME_API_KEY"] = "lt_live_secret", ["LINKTIME_BASE_URL"] = "linktime.io/secret-path" }, "--check");

        Assert.Equal(1, exit);
        Assert.Contains("LINKTIME_BASE_URL        INVALID", stdout);
        Assert.Equal("LINKTIME_BASE_URL environment variable must be an absolute http:// or https:// URL\n", stderr.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("secret-path", stdout + stderr);
    }

    [Fact]
    public void Check_passes_with_the_environment_and_never_prints_a_value()
    {
        var (_, exit, stdout, stderr) = Run(new Dictionary<string, string?> { ["LINKTIME_API_KEY"] = "lt_live_secret", ["LINKTIME_BASE_URL"] = "http://127.0.0.1:9" }, "--check");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("LINKTIME_API_KEY         set (required)", stdout);
        Assert.Contains("LINKTIME_BASE_URL        set", stdout);
        Assert.EndsWith("ok: linktime 1.0.0, 32 tools; not serving (--check)\n", stdout.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("lt_live_secret", stdout);
        Assert.DoesNotContain("127.0.0.1", stdout);
    }

    [Fact]
    public void Describe_gives_the_packaging_metadata_without_values()
    {
        var (_, exit, stdout, _) = Run(new Dictionary<string, string?> { ["LINKTIME_API_KEY"] = "lt_live_secret" }, "--describe");

        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("linktime", root.GetProperty("name").GetString());
        Assert.Equal("LinkTime", root.GetProperty("title").GetString());
        Assert.Equal("1.0.0", root.GetProperty("version").GetString());
        Assert.StartsWith("LinkTime gives access to the user's scheduling account", root.GetProperty("description").GetString());
        var env = root.GetProperty("env").EnumerateArray().ToList();
        Assert.Equal(["LINKTIME_API_KEY", "LINKTIME_BASE_URL"], env.Select(e => e.GetProperty("name").GetString()));
        Assert.True(env[0].GetProperty("required").GetBoolean());
        Assert.True(env[0].GetProperty("secret").GetBoolean());
        Assert.False(env[0].TryGetProperty("default", out _));
        Assert.Equal("https://linktime.io", env[1].GetProperty("default").GetString());
        Assert.Equal(32, root.GetProperty("tools").GetArrayLength());
        Assert.Equal("list_event_types", root.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.DoesNotContain("lt_live_secret", stdout);
    }

    [Theory]
    [InlineData]
    [InlineData("--http")]
    [InlineData("--read-only")]
    public void Serving_command_lines_are_left_to_the_server(params string[] args)
    {
        Assert.False(Run(args).Handled);
    }

    [Fact]
    public void Info_commands_take_no_serving_options()
    {
        var (handled, exit, _, stderr) = Run("--check", "--http");

        Assert.True(handled);
        Assert.Equal(2, exit);
        Assert.Contains("--check takes no other argument", stderr);
    }
}
