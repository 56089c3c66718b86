using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// A prompt of the gateway that is a prompt of an MCP upstream: listed from its compiled prompts/list entry (no
/// upstream is contacted to list it), got by asking the upstream for its own prompt name with the caller's arguments.
/// </summary>
public sealed class ForwardedPrompt : McpServerPrompt
{
    private static readonly JsonTypeInfo<Prompt> PromptInfo = (JsonTypeInfo<Prompt>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Prompt));

    private readonly byte[] _entryJson;
    private Prompt? _prompt;

    /// <param name="name">The name the gateway exposes (after the prefix).</param>
    /// <param name="upstreamPromptName">The prompt's name at the upstream.</param>
    /// <param name="entryJsonUtf8">The exposed prompts/list entry, computed at compile time.</param>
    /// <param name="upstream">The upstream's one shared connection.</param>
    public ForwardedPrompt(string name, string upstreamPromptName, ReadOnlySpan<byte> entryJsonUtf8, McpUpstream upstream)
    {
        Name = name;
        UpstreamPromptName = upstreamPromptName;
        Upstream = upstream;
        _entryJson = entryJsonUtf8.ToArray();
    }

    public string Name { get; }

    public string UpstreamPromptName { get; }

    public McpUpstream Upstream { get; }

    public override Prompt ProtocolPrompt => _prompt ??= JsonSerializer.Deserialize(_entryJson, PromptInfo)!;

    public override IReadOnlyList<object> Metadata => [];

    public override ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken = default) =>
        Upstream.GetPromptAsync(Name, UpstreamPromptName, request.Params?.Arguments, request.Params?.Meta, cancellationToken);
}
