using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Results;

/// <summary>
/// A tool's result on its way to the caller. Usually the SDK's <see cref="CallToolResult"/>; for a call forwarded to
/// a stdio child, the bytes of the child's <c>result</c> as it wrote them, which the stdio server writes on unchanged
/// (no result object is built and serialised again). The gateway passes bytes through only when one reading of them
/// found nothing it must change or refuse (the gateway's ResultPassThrough); the result object is built from them
/// only when something asks for it (an HTTP caller, a call log that shows content).
/// </summary>
public sealed class ToolAnswer
{
    private static readonly JsonTypeInfo<CallToolResult> ResultInfo = (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    private CallToolResult? _result;
    private int _textBytes;

    private ToolAnswer(CallToolResult? result, ReadOnlyMemory<byte> json, bool isError, int textBytes)
    {
        _result = result;
        Json = json;
        IsError = isError;
        _textBytes = textBytes;
    }

    /// <summary>An answer that is a result object.</summary>
    public static ToolAnswer Of(CallToolResult result) => new(result, default, result.IsError == true, -1);

    /// <summary>An answer that is the upstream's JSON, with the two facts the call log needs, read with it.</summary>
    public static ToolAnswer OfJson(ReadOnlyMemory<byte> json, bool isError, int textBytes) => new(null, json, isError, textBytes);

    /// <summary>The result's JSON as the upstream wrote it; empty when the answer is a result object.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    public bool IsError { get; }

    /// <summary>
    /// The result object, read from <see cref="Json"/> at first use when the answer is bytes; bytes the SDK cannot
    /// read as a result (which the gateway's check let through) become an <c>isError</c> result saying so.
    /// </summary>
    public CallToolResult Result => _result ??= Read(Json.Span);

    private static CallToolResult Read(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ResultInfo) ?? Unreadable("it is null");
        }
        catch (JsonException ex)
        {
            return Unreadable(ex.Message);
        }
    }

    private static CallToolResult Unreadable(string why) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = "The upstream's tools/call result could not be read as a result: " + why }] };

    /// <summary>The UTF-8 size of the text blocks' text: the call log's output size.</summary>
    public int TextBytes
    {
        get
        {
            if (_textBytes < 0)
            {
                var bytes = 0;
                foreach (var block in Result.Content ?? [])
                {
                    if (block is TextContentBlock text) bytes += Encoding.UTF8.GetByteCount(text.Text);
                }
                _textBytes = bytes;
            }
            return _textBytes;
        }
    }

    /// <summary>The text blocks' text, joined: what a call log that shows content writes.</summary>
    public string Text => string.Concat((Result.Content ?? []).OfType<TextContentBlock>().Select(c => c.Text));

    /// <summary>Calls a tool for its answer: bytes from a tool that can pass them through, a result object from any other.</summary>
    public static ValueTask<ToolAnswer> FromAsync(McpServerTool tool, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        tool is IPassThroughTool passing ? passing.AnswerAsync(request, cancellationToken) : OfAsync(tool.InvokeAsync(request, cancellationToken));

    private static async ValueTask<ToolAnswer> OfAsync(ValueTask<CallToolResult> result) => Of(await result.ConfigureAwait(false));
}
