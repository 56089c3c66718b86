using System;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Gateway;
using Xunit;

namespace NativeMcp.Tests.Gateway;

/// <summary>
/// Answers as the SDK's reader builds them from an upstream's JSON (with the nulls it lets in), masked:
/// no credential is left in any string the caller gets, base64 data is untouched, and nothing throws.
/// </summary>
public sealed class CredentialMaskTests
{
    private const string Credential = "sk-live-abcdef123";
    private static readonly string[] Secrets = [Credential];

    private static string Masked<T>(string json, Func<T, T> apply)
    {
        var value = JsonSerializer.Deserialize<T>(json, McpJsonUtilities.DefaultOptions)!;
        return JsonSerializer.Serialize(apply(value), McpJsonUtilities.DefaultOptions);
    }

    [Fact]
    public void A_tool_result_with_a_credential_in_mime_types_icons_and_tool_use_ids()
    {
        var json = Masked<CallToolResult>("""
            {"content":[
              {"type":"text","text":"ok"},
              {"type":"image","data":"c2stbGl2ZQ==","mimeType":"image/png;k=sk-live-abcdef123"},
              {"type":"resource_link","uri":"u","name":"n","mimeType":"text/sk-live-abcdef123",
               "icons":[{"src":null},{"src":"https://x/i.png?t=sk-live-abcdef123","sizes":["sk-live-abcdef123"],"theme":"sk-live-abcdef123"}]},
              {"type":"tool_use","id":"sk-live-abcdef123","name":"sk-live-abcdef123","input":{"k":"sk-live-abcdef123"}},
              {"type":"tool_result","toolUseId":"sk-live-abcdef123","content":[{"type":"text","text":"sk-live-abcdef123"}]}
            ],"resultType":"sk-live-abcdef123"}
            """, r => CredentialMask.Apply(r, Secrets));
        Assert.DoesNotContain(Credential, json, StringComparison.Ordinal);
        Assert.Equal(11, json.Split("[redacted]").Length - 1);
        Assert.Contains("\"data\":\"c2stbGl2ZQ==\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resource_read_with_an_entry_the_reader_made_null()
    {
        // Neither text nor blob: the SDK's reader makes the first entry null.
        var json = Masked<ReadResourceResult>("""
            {"contents":[{"uri":"file:///a","mimeType":"text/plain"},{"uri":"file:///sk-live-abcdef123","mimeType":"text/plain","text":"sk-live-abcdef123"}]}
            """, r => CredentialMask.Apply(r, Secrets));
        Assert.DoesNotContain(Credential, json, StringComparison.Ordinal);
        Assert.Contains("file:///[redacted]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prompt_with_a_message_without_content()
    {
        var json = Masked<GetPromptResult>("""
            {"description":"for sk-live-abcdef123","messages":[{"role":"user","content":null},{"role":"user","content":{"type":"text","text":"sk-live-abcdef123"}}]}
            """, r => CredentialMask.Apply(r, Secrets));
        Assert.DoesNotContain(Credential, json, StringComparison.Ordinal);
        Assert.Equal(2, json.Split("[redacted]").Length - 1);
    }
}
