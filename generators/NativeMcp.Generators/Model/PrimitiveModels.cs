using NativeMcp.Generators.Common;

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

internal sealed record ResourceModel
{
    public string Name { get; init; } = "";
    /// <summary>The fixed URI, or the URI template when <see cref="IsTemplate"/>.</summary>
    public string Uri { get; init; } = "";
    public bool IsTemplate { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string MimeType { get; init; } = "";
    public ResourceSource Source { get; init; }
    public HttpModel? Http { get; init; }
    public string? Text { get; init; }
    public string? Asset { get; init; }
    public string Upstream { get; init; } = "";
    /// <summary>The URI template's variables.</summary>
    public EquatableArray<string> Variables { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<CompletionModel> Complete { get; init; } = EquatableArray<CompletionModel>.Empty;

    // Resolved C# names.

    /// <summary>The C# parameter of each variable, in <see cref="Variables"/> order.</summary>
    public EquatableArray<string> VariableParameters { get; init; } = EquatableArray<string>.Empty;
    public string Identifier { get; init; } = "";
    public string ReaderMethod { get; init; } = "";
    public string ClientMethod { get; init; } = "";
    public string HandlerMethod { get; init; } = "";
    /// <summary>The resources/list (or resources/templates/list) entry, compact JSON.</summary>
    public string ListJson { get; init; } = "";
}

/// <summary>Completion for one argument: fixed values, or values picked from a tool's upstream answer.</summary>
internal sealed record CompletionModel(string Argument, EquatableArray<string> Values, string? Tool, JsonPathModel? Path);

internal sealed record PromptArgumentModel(string Name, string? Description, bool Required, string? Default, CompletionModel? Complete)
{
    /// <summary>Resolved: the argument's C# parameter in a handler method.</summary>
    public string Parameter { get; init; } = "";
}

internal sealed record PromptMessageModel(string Role, ContentModel Content);

internal sealed record PromptModel
{
    public string Name { get; init; } = "";
    public string? Title { get; init; }
    public string? Description { get; init; }
    public EquatableArray<PromptArgumentModel> Arguments { get; init; } = EquatableArray<PromptArgumentModel>.Empty;
    public EquatableArray<PromptMessageModel> Messages { get; init; } = EquatableArray<PromptMessageModel>.Empty;
    public bool Handler { get; init; }

    // Resolved C# names.
    public string Identifier { get; init; } = "";
    public string BuilderMethod { get; init; } = "";
    public string HandlerMethod { get; init; } = "";
    /// <summary>The prompts/list entry, compact JSON.</summary>
    public string ListJson { get; init; } = "";
}
