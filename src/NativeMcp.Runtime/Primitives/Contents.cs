using System.Reflection;
using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Results;
using NativeMcp.Runtime.Upstream;

namespace NativeMcp.Runtime.Primitives;

/// <summary>Content blocks and resource contents from spec items: text, embedded files, upstream answers.</summary>
public static class Contents
{
    public static ContentBlock Text(string text) => new TextContentBlock { Text = text };

    public static ContentBlock Image(Assembly assembly, string asset) =>
        ImageContentBlock.FromBytes(Assets.Read(assembly, asset), Assets.MimeType(asset));

    public static ContentBlock Audio(Assembly assembly, string asset) =>
        AudioContentBlock.FromBytes(Assets.Read(assembly, asset), Assets.MimeType(asset));

    public static ContentBlock EmbeddedText(string uri, string mimeType, string text) =>
        new EmbeddedResourceBlock { Resource = new TextResourceContents { Uri = uri, MimeType = mimeType, Text = text } };

    public static ContentBlock EmbeddedFile(Assembly assembly, string uri, string asset, string? mimeType) =>
        new EmbeddedResourceBlock { Resource = FileContents(assembly, uri, asset, mimeType) };

    /// <summary>An embedded file as resource contents: text for text types, a blob otherwise.</summary>
    public static ResourceContents FileContents(Assembly assembly, string uri, string asset, string? mimeType)
    {
        var type = mimeType ?? Assets.MimeType(asset);
        var bytes = Assets.Read(assembly, asset);
        return Assets.IsText(type)
            ? new TextResourceContents { Uri = uri, MimeType = type, Text = Encoding.UTF8.GetString(bytes) }
            : BlobResourceContents.FromBytes(bytes, uri, type);
    }

    public static ReadResourceResult Read(ResourceContents contents) => new() { Contents = [contents] };

    public static ReadResourceResult ReadText(string uri, string mimeType, string text) =>
        Read(new TextResourceContents { Uri = uri, MimeType = mimeType, Text = text });

    /// <summary>One of this server's own resources, read now and embedded (prompt messages that name a URI).</summary>
    public static async System.Threading.Tasks.ValueTask<ContentBlock> OwnResourceAsync(
        ModelContextProtocol.Server.McpServer server, JsonRpcRequest jsonRpcRequest, string uri, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var resource in server.ServerOptions.ResourceCollection ?? [])
        {
            if (!resource.IsMatch(uri)) continue;
            var request = new ModelContextProtocol.Server.RequestContext<ReadResourceRequestParams>(server, jsonRpcRequest, new ReadResourceRequestParams { Uri = uri });
            var result = await resource.ReadAsync(request, cancellationToken).ConfigureAwait(false);
            return new EmbeddedResourceBlock { Resource = result.Contents[0] };
        }
        throw new McpProtocolException("Resource '" + uri + "' is not a resource of this server.", McpErrorCode.InvalidParams);
    }

    /// <summary>
    /// A resource read through the upstream. Resources have no isError result: a failure is a JSON-RPC error
    /// whose message is the same text a tool would give.
    /// </summary>
    public static ReadResourceResult FromUpstream(UpstreamResponse response, string uri, string mimeType)
    {
        if (!response.IsSuccess)
        {
            throw new McpException(UpstreamErrors.Describe(response, null));
        }
        var type = response.MediaType ?? mimeType;
        if (ToolResults.IsJson(response) || ToolResults.IsText(response.MediaType))
        {
            var text = Secrets.Redact(Encoding.UTF8.GetString(response.Body), response.Upstream.Secrets);
            return Read(new TextResourceContents { Uri = uri, MimeType = type, Text = text });
        }
        return Read(BlobResourceContents.FromBytes(response.Body, uri, type));
    }
}
