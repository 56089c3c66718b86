// The upstream call that every C# peer makes, the same way NativeMcp does: the spec's base URL, auth and headers,
// and per tool its method, path parameters, query parameters (in spec order) and JSON body.
// Spec.g.cs, written by bench/make-peers.cs from the spec, holds the per-tool table this reads.
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

namespace Peer;

/// <summary>One tool's HTTP mapping. Query and Body pair a wire name with an input name; Body null means no body.</summary>
sealed record Route(string Name, string Method, string Path, (string Wire, string Input)[] Query, (string Wire, string Input)[]? Body);

static class Upstream
{
    private static readonly HttpClient Http = new();
    private static readonly string BaseUrl = Spec.Resolve(Spec.BaseUrl).TrimEnd('/');
    private static readonly (string Name, string Value)[] Headers = Spec.Headers.Select(h => (h.Name, Spec.Resolve(h.Value))).ToArray();
    private static readonly Dictionary<string, Route> Routes = Spec.Routes.ToDictionary(r => r.Name);
    private static readonly Dictionary<string, JsonElement> NoArguments = new();

    public static Route Route(string name) => Routes[name];

    /// <summary>tools/call for the peers that take raw arguments (Core, AspNetCore).</summary>
    public static ValueTask<CallToolResult> CallToolAsync(CallToolRequestParams? call, CancellationToken ct) =>
        call is not null && Routes.TryGetValue(call.Name, out var route)
            ? CallAsync(route, call.Arguments, ct)
            : ValueTask.FromResult(new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = $"Unknown tool '{call?.Name}'." }] });

    public static async ValueTask<CallToolResult> CallAsync(Route route, IDictionary<string, JsonElement>? arguments, CancellationToken ct)
    {
        arguments ??= NoArguments;
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), BaseUrl + Target(route, arguments));
        foreach (var (name, value) in Headers) request.Headers.TryAddWithoutValidation(name, value);
        if (route.Body is { } body)
        {
            request.Content = new ByteArrayContent(Body(body, arguments));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await Http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var ok = response.IsSuccessStatusCode;
        return new CallToolResult
        {
            IsError = !ok,
            Content = [new TextContentBlock { Text = ok ? text : $"Upstream answered HTTP {(int)response.StatusCode}: {text}" }],
        };
    }

    // Path parameters escaped as one segment each; query parameters that were given, in the spec's order.
    private static string Target(Route route, IDictionary<string, JsonElement> arguments)
    {
        var target = new StringBuilder(route.Path);
        foreach (var (name, value) in arguments) target.Replace("{" + name + "}", System.Uri.EscapeDataString(Text(value)));
        var separator = '?';
        foreach (var (wire, input) in route.Query)
        {
            if (!arguments.TryGetValue(input, out var value) || value.ValueKind == JsonValueKind.Null) continue;
            target.Append(separator).Append(System.Uri.EscapeDataString(wire)).Append('=').Append(System.Uri.EscapeDataString(Text(value)));
            separator = '&';
        }
        return target.ToString();
    }

    private static byte[] Body((string Wire, string Input)[] fields, IDictionary<string, JsonElement> arguments)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (wire, input) in fields)
            {
                if (!arguments.TryGetValue(input, out var value)) continue;
                writer.WritePropertyName(wire);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}

/// <summary>Builds tools/call arguments from typed parameters (the Hosting peer's attribute methods).</summary>
static class Arguments
{
    public static Dictionary<string, JsonElement> Of(params (string Name, JsonElement? Value)[] values)
    {
        var arguments = new Dictionary<string, JsonElement>();
        foreach (var (name, value) in values) if (value is { } v) arguments[name] = v;
        return arguments;
    }

    public static JsonElement? Of(string? value) => value is null ? null : JsonSerializer.SerializeToElement(value, PeerJson.Default.String);
    public static JsonElement? Of(long? value) => value is null ? null : JsonSerializer.SerializeToElement(value.Value, PeerJson.Default.Int64);
    public static JsonElement? Of(double? value) => value is null ? null : JsonSerializer.SerializeToElement(value.Value, PeerJson.Default.Double);
    public static JsonElement? Of(bool? value) => value is null ? null : JsonSerializer.SerializeToElement(value.Value, PeerJson.Default.Boolean);
    public static JsonElement? Of(JsonElement? value) => value;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(long))]
[System.Text.Json.Serialization.JsonSerializable(typeof(double))]
[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
partial class PeerJson : System.Text.Json.Serialization.JsonSerializerContext;
