using System.Collections.Generic;
using System.Text.Json;

namespace NativeMcp.Runtime.Gateway;

/// <summary>What an MCP upstream offers, each item exactly as it came over the wire (what a lock file records).</summary>
public sealed class UpstreamDefinitions
{
    public required IReadOnlyList<JsonElement> Tools { get; init; }

    public required IReadOnlyList<JsonElement> Resources { get; init; }

    public required IReadOnlyList<JsonElement> ResourceTemplates { get; init; }

    public required IReadOnlyList<JsonElement> Prompts { get; init; }

    /// <summary>The upstream's <c>serverInfo</c> from its initialize answer.</summary>
    public JsonElement? ServerInfo { get; init; }

    public string? ProtocolVersion { get; init; }
}
