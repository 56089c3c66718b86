using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Upstream;

namespace NativeMcp.Runtime.Primitives;

/// <summary>
/// <c>completion/complete</c> for prompt arguments and resource-template variables: from a fixed list in the
/// spec, or from the answer of one of the spec's operations (values picked out by a JSON path).
/// </summary>
public sealed class Completions
{
    private const int MaxValues = 100;
    private readonly Dictionary<string, Func<CancellationToken, ValueTask<IReadOnlyList<string>>>> _sources = new(StringComparer.Ordinal);

    public void AddValues(string reference, string argument, string[] values) =>
        _sources[Key(reference, argument)] = _ => ValueTask.FromResult<IReadOnlyList<string>>(values);

    public void AddUpstream(string reference, string argument, Func<CancellationToken, Task<UpstreamResponse>> call, string[] path) =>
        _sources[Key(reference, argument)] = async cancellationToken =>
        {
            var response = await call(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess) return [];
            try
            {
                using var document = JsonDocument.Parse(response.Body);
                var values = new List<string>();
                Collect(document.RootElement, path, 0, values);
                return values;
            }
            catch (JsonException)
            {
                return [];
            }
        };

    public bool IsEmpty => _sources.Count == 0;

    public async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken)
    {
        var parameters = request.Params!;
        var reference = parameters.Ref switch
        {
            PromptReference prompt => "prompt:" + prompt.Name,
            ResourceTemplateReference resource => "resource:" + resource.Uri,
            _ => "",
        };
        var empty = new CompleteResult { Completion = new Completion { Values = [] } };
        if (!_sources.TryGetValue(Key(reference, parameters.Argument.Name), out var source)) return empty;

        var prefix = parameters.Argument.Value ?? "";
        var matches = new List<string>();
        foreach (var value in await source(cancellationToken).ConfigureAwait(false))
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !matches.Contains(value)) matches.Add(value);
        }
        return new CompleteResult
        {
            Completion = new Completion
            {
                Values = matches.Count > MaxValues ? matches.GetRange(0, MaxValues) : matches,
                Total = matches.Count,
                HasMore = matches.Count > MaxValues,
            },
        };
    }

    private static string Key(string reference, string argument) => reference + "#" + argument;

    /// <summary>Every scalar at <paramref name="path"/>; "*" walks every item of an array (or value of an object).</summary>
    internal static void Collect(JsonElement element, string[] path, int index, List<string> values)
    {
        if (index == path.Length)
        {
            if (element.ValueKind is JsonValueKind.String) values.Add(element.GetString()!);
            else if (element.ValueKind is JsonValueKind.Number) values.Add(element.GetRawText());
            return;
        }
        var segment = path[index];
        if (element.ValueKind == JsonValueKind.Array)
        {
            if (segment == "*")
            {
                foreach (var item in element.EnumerateArray()) Collect(item, path, index + 1, values);
            }
            else if (int.TryParse(segment, out var i) && i >= 0 && i < element.GetArrayLength())
            {
                Collect(element[i], path, index + 1, values);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            if (segment == "*")
            {
                foreach (var property in element.EnumerateObject()) Collect(property.Value, path, index + 1, values);
            }
            else if (element.TryGetProperty(segment, out var child))
            {
                Collect(child, path, index + 1, values);
            }
        }
    }
}
