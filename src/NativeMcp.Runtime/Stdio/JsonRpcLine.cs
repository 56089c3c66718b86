using System;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace NativeMcp.Runtime.Stdio;

/// <summary>What one line of input is, after the JSON-RPC 2.0 envelope rules (MCP: one message per line, no batches).</summary>
internal enum LineKind
{
    /// <summary>A request: has a valid id and a method; <see cref="JsonRpcLine.Params"/> is an object or absent.</summary>
    Request,

    /// <summary>A notification: a method and no id; never answered.</summary>
    Notification,

    /// <summary>A response to a request this server sent (sampling, elicitation, roots).</summary>
    Response,

    /// <summary>Not a valid message: answered with <see cref="JsonRpcLine.ErrorCode"/> and <see cref="JsonRpcLine.ErrorMessage"/>.</summary>
    Invalid,
}

/// <summary>
/// One input line classified by the envelope rules of JSON-RPC 2.0 and MCP, with an error a person can act on
/// when it breaks them. The id is kept as its raw JSON bytes, so the answer echoes exactly what was sent.
/// </summary>
internal readonly struct JsonRpcLine
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    private JsonRpcLine(LineKind kind, ReadOnlyMemory<byte> id, string? method, JsonElement @params, int errorCode, string? errorMessage)
    {
        Kind = kind;
        Id = id;
        Method = method;
        Params = @params;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    public LineKind Kind { get; }

    /// <summary>The raw JSON of the id (<c>"abc"</c> or <c>7</c>); empty when there is none or it is invalid (answered with null).</summary>
    public ReadOnlyMemory<byte> Id { get; }

    public string? Method { get; }

    /// <summary>The params object; <c>default</c> (Undefined) when absent.</summary>
    public JsonElement Params { get; }

    public int ErrorCode { get; }

    public string? ErrorMessage { get; }

    public static JsonRpcLine Classify(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root.GetArrayLength() > 0 && root[0].ValueKind == JsonValueKind.Object
                ? Invalid(default, "Batches are not supported (MCP removed JSON-RPC batching): send one JSON-RPC message per line")
                : Invalid(default, "A JSON-RPC message must be a JSON object, not an array");
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid(default, "A JSON-RPC message must be a JSON object, not " + Describe(root.ValueKind));
        }

        var hasId = root.TryGetProperty("id", out var idElement);
        ReadOnlyMemory<byte> id = default;
        string? idProblem = null;
        if (hasId)
        {
            idProblem = IdProblem(idElement);
            if (idProblem is null) id = JsonMarshal.GetRawUtf8Value(idElement).ToArray();
        }

        if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || !version.ValueEquals("2.0"u8))
        {
            return Invalid(id, "'jsonrpc' must be the string \"2.0\"");
        }
        if (idProblem is not null) return Invalid(default, idProblem);

        if (!root.TryGetProperty("method", out var methodElement))
        {
            if (hasId && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _)))
            {
                return new JsonRpcLine(LineKind.Response, id, null, default, 0, null);
            }
            return Invalid(id, "A request needs a 'method' (a string such as \"tools/list\")");
        }
        if (methodElement.ValueKind != JsonValueKind.String)
        {
            return Invalid(id, "'method' must be a string, not " + Describe(methodElement.ValueKind));
        }
        var method = methodElement.GetString()!;

        JsonElement parameters = default;
        if (root.TryGetProperty("params", out var paramsElement) && paramsElement.ValueKind != JsonValueKind.Null)
        {
            if (paramsElement.ValueKind != JsonValueKind.Object)
            {
                // Notifications are never answered, even when their params are wrong.
                return hasId
                    ? new JsonRpcLine(LineKind.Invalid, id, method, default, InvalidParams, "'params' must be an object, not " + Describe(paramsElement.ValueKind))
                    : new JsonRpcLine(LineKind.Notification, default, method, default, 0, null);
            }
            parameters = paramsElement;
        }
        return new JsonRpcLine(hasId ? LineKind.Request : LineKind.Notification, id, method, parameters, 0, null);
    }

    public static JsonRpcLine Unparsable(string message) =>
        new(LineKind.Invalid, default, null, default, ParseError, message);

    private static JsonRpcLine Invalid(ReadOnlyMemory<byte> id, string message) =>
        new(LineKind.Invalid, id, null, default, InvalidRequest, message);

    /// <summary>MCP: a string or an integer, never null; JSON-RPC: numbers without a fractional part.</summary>
    private static string? IdProblem(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.String => null,
        JsonValueKind.Number => id.TryGetInt64(out _) ? null : "'id' must be a string or an integer; " + id.GetRawText() + " is not an integer",
        JsonValueKind.Null => "'id' must be a string or an integer, not null (MCP requests never have a null id)",
        var kind => "'id' must be a string or an integer, not " + Describe(kind),
    };

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "missing",
    };
}
