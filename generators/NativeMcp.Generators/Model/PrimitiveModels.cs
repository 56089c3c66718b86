namespace NativeMcp.Generators.Model;

// Resources, prompts, completions and content items: the MCP primitives beside tools.

internal enum ContentKind
{
    Text,
    Image,
    Audio,
    Resource,
}

/// <summary>
/// One content item of a static tool result or a prompt message. Text and Uri are <c>{{name}}</c> templates.
/// A Resource item with neither Text nor Asset refers to one of the server's own resources by Uri.
/// </summary>
internal sealed record ContentModel(ContentKind Kind, string? Text, string? Asset, string? Uri, string? MimeType);

internal enum ResourceSource
{
    Http,
    Text,
    File,
    Handler,
}

/// <param name="Uri">The fixed URI, or the URI template when <paramref name="IsTemplate"/>.</param>
internal sealed record ResourceModel(
    string Name,
    string Uri,
    bool IsTemplate,
    string? Title,
    string? Description,
    string MimeType,
    ResourceSource Source,
    HttpModel? Http,
    string? Text,
    string? Asset,
    string Upstream,
    EquatableArray<string> Variables,
    EquatableArray<CompletionModel> Complete);

/// <summary>Completion for one argument: fixed values, or values picked from a tool's upstream answer.</summary>
internal sealed record CompletionModel(string Argument, EquatableArray<string> Values, string? Tool, JsonPathModel? Path);

internal sealed record PromptArgumentModel(string Name, string? Description, bool Required, string? Default, CompletionModel? Complete);

internal sealed record PromptMessageModel(string Role, ContentModel Content);

internal sealed record PromptModel(
    string Name,
    string? Title,
    string? Description,
    EquatableArray<PromptArgumentModel> Arguments,
    EquatableArray<PromptMessageModel> Messages,
    bool Handler);

internal enum HandlerKind
{
    Tool,
    Resource,
    Prompt,
}

/// <summary>A <c>handler: csharp</c> the spec declares, with where it says so (for NMCP018).</summary>
internal sealed record HandlerReference(HandlerKind Kind, string Name, string MethodName, string Signature, LocationInfo Location);

/// <summary>A <c>file:</c>/<c>image:</c>/<c>audio:</c> path the spec embeds, with where it says so (for NMCP019).</summary>
internal sealed record AssetReference(string Path, LocationInfo Location);
