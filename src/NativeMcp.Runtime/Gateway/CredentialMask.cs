using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Binding;
using NativeMcp.Runtime.Results;

// MCP9005: sampling's tool blocks are deprecated from protocol 2026-07-28 on; the versions served here still carry them.
#pragma warning disable MCP9005

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// Masks an upstream's credentials in every string an answer object carries to the caller: each content block's
/// (text, URIs, names, titles, descriptions, MIME types, icons, tool-use ids and inputs), structured content,
/// resource contents, a prompt's messages and description, and every <c>_meta</c>. Base64 payloads (image and audio
/// data, resource blobs) are left as they are: a credential there would be encoded, and a short value matching by
/// chance must not corrupt the payload. Null entries (which the SDK's reader lets into its lists) are passed as they are.
/// </summary>
internal static class CredentialMask
{
    public static CallToolResult Apply(CallToolResult result, IReadOnlyList<string> secrets)
    {
        foreach (var block in result.Content ?? []) Block(block, secrets);
        if (result.StructuredContent is { } structured) result.StructuredContent = Json(structured, secrets);
        result.ResultType = Text(result.ResultType, secrets);
        result.Meta = Meta(result.Meta, secrets);
        return result;
    }

    public static ReadResourceResult Apply(ReadResourceResult result, IReadOnlyList<string> secrets)
    {
        foreach (var contents in result.Contents ?? []) Contents(contents, secrets);
        result.ResultType = Text(result.ResultType, secrets);
        result.Meta = Meta(result.Meta, secrets);
        return result;
    }

    public static GetPromptResult Apply(GetPromptResult result, IReadOnlyList<string> secrets)
    {
        result.Description = Text(result.Description, secrets);
        foreach (var message in result.Messages ?? []) Block(message?.Content, secrets);
        result.ResultType = Text(result.ResultType, secrets);
        result.Meta = Meta(result.Meta, secrets);
        return result;
    }

    private static void Block(ContentBlock? block, IReadOnlyList<string> secrets)
    {
        switch (block)
        {
            case null:
                return;
            case TextContentBlock text:
                text.Text = Text(text.Text, secrets)!;
                break;
            case ImageContentBlock image:
                image.MimeType = Text(image.MimeType, secrets)!;
                break;
            case AudioContentBlock audio:
                audio.MimeType = Text(audio.MimeType, secrets)!;
                break;
            case EmbeddedResourceBlock embedded:
                Contents(embedded.Resource, secrets);
                break;
            case ResourceLinkBlock link:
                link.Uri = Text(link.Uri, secrets)!;
                link.Name = Text(link.Name, secrets)!;
                link.Title = Text(link.Title, secrets);
                link.Description = Text(link.Description, secrets);
                link.MimeType = Text(link.MimeType, secrets);
                foreach (var icon in link.Icons ?? []) Icon(icon, secrets);
                break;
            case ToolUseContentBlock use:
                use.Id = Text(use.Id, secrets)!;
                use.Name = Text(use.Name, secrets)!;
                use.Input = Json(use.Input, secrets);
                break;
            case ToolResultContentBlock toolResult:
                toolResult.ToolUseId = Text(toolResult.ToolUseId, secrets)!;
                foreach (var inner in toolResult.Content ?? []) Block(inner, secrets);
                if (toolResult.StructuredContent is { } structured) toolResult.StructuredContent = Json(structured, secrets);
                break;
        }
        block.Meta = Meta(block.Meta, secrets);
    }

    private static void Contents(ResourceContents? contents, IReadOnlyList<string> secrets)
    {
        if (contents is null) return;
        contents.Uri = Text(contents.Uri, secrets)!;
        contents.MimeType = Text(contents.MimeType, secrets);
        if (contents is TextResourceContents text) text.Text = Text(text.Text, secrets)!;
        contents.Meta = Meta(contents.Meta, secrets);
    }

    private static void Icon(Icon? icon, IReadOnlyList<string> secrets)
    {
        if (icon is null) return;
        icon.Source = Text(icon.Source, secrets)!;
        icon.MimeType = Text(icon.MimeType, secrets);
        icon.Theme = Text(icon.Theme, secrets);
        if (icon.Sizes is { } sizes)
        {
            for (var i = 0; i < sizes.Count; i++) sizes[i] = Text(sizes[i], secrets)!;
        }
    }

    // Null stays null: the SDK's reader lets nulls into members it calls required.
    private static string? Text(string? text, IReadOnlyList<string> secrets) => text is null ? null : Secrets.Redact(text, secrets);

    private static JsonElement Json(JsonElement value, IReadOnlyList<string> secrets) =>
        Secrets.Contains(value, secrets) ? Secrets.Redact(value, secrets) : value;

    private static JsonObject? Meta(JsonObject? meta, IReadOnlyList<string> secrets)
    {
        if (meta is null) return null;
        using var scratch = ScratchJson.Rent();
        meta.WriteTo(scratch.Writer);
        // The document reads the scratch's bytes in place; what is kept (the masked copy) is a clone.
        using var document = JsonDocument.Parse(scratch.Written);
        return Secrets.Contains(document.RootElement, secrets) ? JsonObject.Create(Secrets.Redact(document.RootElement, secrets)) : meta;
    }
}
