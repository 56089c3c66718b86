using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Primitives;

/// <summary>A resource (or resource template) from a spec; how it is read is a generated delegate.</summary>
public sealed class SpecResource : McpServerResource
{
    public delegate ValueTask<ReadResourceResult> Reader(RequestContext<ReadResourceRequestParams> request, string uri, IReadOnlyDictionary<string, string?> variables, CancellationToken cancellationToken);

    private readonly ResourceTemplate _template;
    private readonly UriTemplate? _uriTemplate;
    private readonly Reader _read;

    public SpecResource(ResourceTemplate template, Reader read)
    {
        _template = template;
        _read = read;
        _uriTemplate = template.UriTemplate.Contains('{') ? new UriTemplate(template.UriTemplate) : null;
    }

    public override ResourceTemplate ProtocolResourceTemplate => _template;

    public override IReadOnlyList<object> Metadata => Array.Empty<object>();

    public override bool IsMatch(string uri) =>
        _uriTemplate is null ? string.Equals(uri, _template.UriTemplate, StringComparison.Ordinal) : _uriTemplate.Match(uri) is not null;

    public override ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default)
    {
        var uri = request.Params!.Uri;
        var variables = _uriTemplate?.Match(uri) ?? (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>();
        return _read(request, uri, variables, cancellationToken);
    }
}
