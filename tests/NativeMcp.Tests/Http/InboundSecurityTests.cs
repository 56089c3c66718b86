using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Runtime.Http;
using NativeMcp.Runtime.Serving;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Http;

/// <summary>API keys (env and hashed file), scopes by verb, the command line, and --read-only over stdio.</summary>
public sealed class InboundSecurityTests
{
    [Fact]
    public void Keys_from_env_carry_their_scopes_and_default_to_read_write()
    {
        var keys = ApiKeys.Load("ci:key-one:read;ops:key-two:read,write,admin;plain:key-three", null);
        Assert.Equal(3, keys.Count);
        Assert.Equal("ci", keys.Find("key-one")!.Id);
        Assert.Equal(["read"], keys.Find("key-one")!.Scopes);
        Assert.Equal(["admin", "read", "write"], keys.Find("key-two")!.Scopes.Order());
        Assert.Equal(["read", "write"], keys.Find("key-three")!.Scopes.Order());
        Assert.Null(keys.Find("key-on"));
        Assert.Null(keys.Find(""));
    }

    [Fact]
    public void Keys_file_holds_only_hashes_and_comments()
    {
        var file = Path.GetTempFileName();
        try
        {
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("s3cret-key"))).ToLowerInvariant();
            File.WriteAllText(file, "# id hash scopes\n\nbot sha256:" + hash + " read\n");
            var keys = ApiKeys.Load(null, file);
            Assert.Equal("bot", keys.Find("s3cret-key")!.Id);
            Assert.Equal(["read"], keys.Find("s3cret-key")!.Scopes);
            Assert.Null(keys.Find(hash));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("ci:", "an API key entry must be id:key[:scopes] (entry 1)")]
    [InlineData("justakey", "an API key entry must be id:key[:scopes] (entry 1)")]
    public void Malformed_key_entries_are_rejected_without_echoing_them(string entry, string message)
    {
        var error = Assert.Throws<FormatException>(() => ApiKeys.Load(entry, null));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("list_items", "read")]
    [InlineData("get_item", "read")]
    [InlineData("check_availability", "read")]
    [InlineData("search_docs", "read")]
    [InlineData("render_prompt", "read")]
    [InlineData("fetch_doc_page", "read")]
    [InlineData("create_item", "write")]
    [InlineData("deploy_agent", "write")]
    [InlineData("export_chatbot", "write")]
    [InlineData("delete_item", "admin")]
    public void Scope_follows_the_verb_convention(string tool, string scope) => Assert.Equal(scope, ToolScopes.For(tool));

    [Fact]
    public void Spec_override_wins_over_the_verb() =>
        Assert.Equal("admin", ToolScopes.For("rotate_keys", new Dictionary<string, string> { ["rotate_keys"] = "admin" }));

    [Theory]
    [InlineData(new[] { "--http", "--port", "8080", "--host", "0.0.0.0", "--read-only", "--log-level", "error", "--log-file", "logs/calls.log", "--log-content" }, null)]
    [InlineData(new[] { "--port", "0" }, "--port needs a number from 1 to 65535")]
    [InlineData(new[] { "--host", "example.com" }, "--host needs an IP address to bind, such as 127.0.0.1 or 0.0.0.0")]
    [InlineData(new[] { "--log-level", "loud" }, "--log-level is one of: off, error, warning, info, debug")]
    [InlineData(new[] { "--stdio" }, "unknown option '--stdio' (try --help)")]
    public void Command_line_is_parsed_or_rejected_with_one_clear_line(string[] args, string? error)
    {
        var parsed = HostArguments.Parse(args, out var message);
        Assert.Equal(error, message);
        if (error is null)
        {
            Assert.True(parsed.Http && parsed.ReadOnly && parsed.LogContent);
            Assert.Equal((8080, "0.0.0.0", "error", "logs/calls.log"), (parsed.Port!.Value, parsed.Host, parsed.LogLevel, parsed.LogFile));
        }
    }

    [Fact]
    public async Task Read_only_shows_and_allows_only_read_tools()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var env = EnvironmentValues.Load(NativeMcp.Generated.Gateway.GatewayServer.Definition.Environment,
            new Dictionary<string, string?> { ["GATEWAY_URL"] = upstream.BaseUrl }, out _);
        var full = NativeMcp.Generated.Gateway.GatewayServer.Definition.CreateOptions(env, null);
        var log = new StringWriter();
        var scoped = new ScopedOptions(full, NativeMcp.Generated.Gateway.GatewayServer.Definition.ToolScopes, new CallLog(log, false, env.Secrets));

        var readOnly = scoped.For(new HashSet<string> { ToolScopes.Read });
        Assert.Equal(["list_items"], readOnly.ToolCollection!.Select(t => t.ProtocolTool.Name));
        var everything = scoped.For(null);
        Assert.Equal(4, everything.ToolCollection!.Count);
        Assert.Same(readOnly, scoped.For(new HashSet<string> { ToolScopes.Read }));
    }
}
