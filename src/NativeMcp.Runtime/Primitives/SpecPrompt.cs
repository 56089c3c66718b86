using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Primitives;

/// <summary>A prompt from a spec: checks its arguments, then a generated delegate builds the messages.</summary>
public sealed class SpecPrompt : McpServerPrompt
{
    public delegate ValueTask<GetPromptResult> Builder(RequestContext<GetPromptRequestParams> request, IReadOnlyDictionary<string, string?> arguments, CancellationToken cancellationToken);

    private readonly Prompt _prompt;
    private readonly IReadOnlyDictionary<string, string>? _defaults;
    private readonly Builder _build;

    public SpecPrompt(Prompt prompt, IReadOnlyDictionary<string, string>? defaults, Builder build)
    {
        _prompt = prompt;
        _defaults = defaults;
        _build = build;
    }

    public override Prompt ProtocolPrompt => _prompt;

    public override IReadOnlyList<object> Metadata => Array.Empty<object>();

    public override ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken = default)
    {
        var given = request.Params?.Arguments;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var argument in _prompt.Arguments ?? [])
        {
            string? value = null;
            if (given is not null && given.TryGetValue(argument.Name, out var element))
            {
                value = element.ValueKind == System.Text.Json.JsonValueKind.String ? element.GetString() : element.ToString();
            }
            if (string.IsNullOrEmpty(value) && _defaults is not null && _defaults.TryGetValue(argument.Name, out var fallback)) value = fallback;
            if (string.IsNullOrEmpty(value) && argument.Required == true) missing.Add(argument.Name);
            values[argument.Name] = value;
        }
        if (missing.Count > 0)
        {
            throw new McpProtocolException(
                "Prompt '" + _prompt.Name + "' is missing its required argument" + (missing.Count > 1 ? "s " : " ") + "'" + string.Join("', '", missing) + "'.",
                McpErrorCode.InvalidParams);
        }
        return _build(request, values, cancellationToken);
    }
}
