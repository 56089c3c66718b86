using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Results;

// MCP9005: sampling's tool blocks are deprecated from protocol 2026-07-28 on; the versions served here still carry them.
#pragma warning disable MCP9005

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// Masks an upstream's credentials wherever an answer object can carry text to the caller: every content block
/// (text, embedded resource, resource link, tool use and tool result), structured content, resource contents, a
/// prompt's messages and description, icon sources, and every <c>_meta</c>. Base64 payloads (image and audio data,
/// resource blobs) are left as they are: a credential there would be encoded, and a short value matching by chance
/// must not corrupt the payload.
/// </summary>
internal static class CredentialMask
{
    public static CallToolResult Apply(CallToolResult result, IReadOnlyList<string> secrets)
    {
        foreach (var block in result.Content) Block(block, secrets);
        if (result.StructuredContent is { } structured) result.StructuredContent = Json(structured, secrets);
        result.Meta = Meta(result.Meta, secrets);
        return result;
    }

    public static ReadResourceResult Apply(ReadResourceResult result, IReadOnlyList<string> secrets)
    {
        foreach (var contents in result.Contents) Contents(contents, secrets);
        result.Meta = Meta(result.Meta, secrets);
        return result;
    }

    public static GetPromptResult Apply(GetPromptResult result, IReadOnlyList<string> secrets)
    {
        if (result.Description is { } description) result.Description = Secrets.Redact(description, secrets);
        foreach (var message in result.Messages) Block(message.Content, secrets);
        result.Meta = Meta(result.Meta, secrets);
        return result;
    }

    private static void Block(ContentBlock block, IReadOnlyList<string> secrets)
    {
        switch (block)
        {
            case TextContentBlock text:
                text.Text = Secrets.Redact(text.Text, secrets);
                break;
            case EmbeddedResourceBlock embedded:
                Contents(embedded.Resource, secrets);
                break;
            case ResourceLinkBlock link:
                link.Uri = Secrets.Redact(link.Uri, secrets);
                link.Name = Secrets.Redact(link.Name, secrets);
                if (link.Title is { } title) link.Title = Secrets.Redact(title, secrets);
                if (link.Description is { } description) link.Description = Secrets.Redact(description, secrets);
                if (link.Icons is { } icons)
                {
                    foreach (var icon in icons) icon.Source = Secrets.Redact(icon.Source, secrets);
                }
                break;
            case ToolUseContentBlock use:
                use.Input = Json(use.Input, secrets);
                break;
            case ToolResultContentBlock toolResult:
                foreach (var inner in toolResult.Content) Block(inner, secrets);
                if (toolResult.StructuredContent is { } structured) toolResult.StructuredContent = Json(structured, secrets);
                break;
        }
        block.Meta = Meta(block.Meta, secrets);
    }

    private static void Contents(ResourceContents contents, IReadOnlyList<string> secrets)
    {
        contents.Uri = Secrets.Redact(contents.Uri, secrets);
        if (contents is TextResourceContents text) text.Text = Secrets.Redact(text.Text, secrets);
        contents.Meta = Meta(contents.Meta, secrets);
    }

    private static JsonElement Json(JsonElement value, IReadOnlyList<string> secrets) =>
        Secrets.Contains(value, secrets) ? Secrets.Redact(value, secrets) : value;

    private static JsonObject? Meta(JsonObject? meta, IReadOnlyList<string> secrets)
    {
        if (meta is null) return null;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) meta.WriteTo(writer);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return Secrets.Contains(document.RootElement, secrets) ? JsonObject.Create(Secrets.Redact(document.RootElement, secrets)) : meta;
    }
}
