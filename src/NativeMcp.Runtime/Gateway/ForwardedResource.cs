using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Gateway;

/// <summary>
/// A resource or resource template of the gateway that is one of an MCP upstream: listed from its compiled entry
/// (no upstream is contacted to list it), read by asking the upstream for the URI the caller gave (URIs are
/// served as the upstream has them; only the name carries the spec's prefix).
/// </summary>
public sealed class ForwardedResource : McpServerResource
{
    private static readonly JsonTypeInfo<Resource> ResourceInfo = (JsonTypeInfo<Resource>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Resource));
    private static readonly JsonTypeInfo<ResourceTemplate> TemplateInfo = (JsonTypeInfo<ResourceTemplate>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ResourceTemplate));

    private readonly byte[] _entryJson;
    private readonly Regex? _uriTemplate;
    private ResourceTemplate? _template;
    private Resource? _resource;

    /// <param name="entryJsonUtf8">The exposed resources/list (or resources/templates/list) entry, computed at compile time.</param>
    /// <param name="isTemplate">A resource template (its entry has uriTemplate), else a resource (uri).</param>
    /// <param name="upstream">The upstream's one shared connection.</param>
    public ForwardedResource(ReadOnlySpan<byte> entryJsonUtf8, bool isTemplate, McpUpstream upstream)
    {
        _entryJson = entryJsonUtf8.ToArray();
        Upstream = upstream;
        using var document = JsonDocument.Parse(_entryJson);
        Key = document.RootElement.GetProperty(isTemplate ? "uriTemplate" : "uri").GetString()!;
        _uriTemplate = isTemplate ? TemplatePattern(Key) : null;
    }

    /// <summary>The uri, or the uriTemplate, as locked.</summary>
    public string Key { get; }

    public McpUpstream Upstream { get; }

    public override ResourceTemplate ProtocolResourceTemplate => _template ??= _uriTemplate is null
        ? ToTemplate(ProtocolResource!)
        : JsonSerializer.Deserialize(_entryJson, TemplateInfo)!;

    public override Resource? ProtocolResource => _uriTemplate is not null ? null : _resource ??= JsonSerializer.Deserialize(_entryJson, ResourceInfo)!;

    public override IReadOnlyList<object> Metadata => [];

    public override bool IsMatch(string uri) =>
        _uriTemplate is null ? string.Equals(uri, Key, StringComparison.Ordinal) : _uriTemplate.IsMatch(uri);

    public override ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default) =>
        Upstream.ReadResourceAsync(Key, request.Params!.Uri, request.Params.Meta, cancellationToken);

    /// <summary>
    /// Which URIs a locked URI template covers (RFC 6570 expressions: {x} one segment, {+x} and {#x} anything,
    /// {?x} and {&amp;x} an optional query). Only to route a read to its upstream; the upstream reads the variables
    /// itself. Kept here rather than the Primitives' template (a higher layer).
    /// </summary>
    private static Regex TemplatePattern(string template)
    {
        var pattern = new StringBuilder("^");
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                pattern.Append(Regex.Escape(template[at..]));
                break;
            }
            pattern.Append(Regex.Escape(template[at..open]));
            pattern.Append(template[open + 1] switch
            {
                '+' or '#' => ".*",
                '?' or '&' => "([?&].*)?",
                _ => "[^/?#]*",
            });
            at = close + 1;
        }
        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    private static ResourceTemplate ToTemplate(Resource resource) => new()
    {
        UriTemplate = resource.Uri,
        Name = resource.Name,
        Title = resource.Title,
        Description = resource.Description,
        MimeType = resource.MimeType,
        Annotations = resource.Annotations,
        Meta = resource.Meta,
    };
}
