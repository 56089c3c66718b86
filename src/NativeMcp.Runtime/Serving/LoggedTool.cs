using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Results;

namespace NativeMcp.Runtime.Serving;

/// <summary>A tool that writes one <see cref="CallLog"/> line per call, whatever the outcome.</summary>
internal sealed class LoggedTool(McpServerTool inner, CallLog log) : DelegatingMcpServerTool(inner), IMcpServerPrimitive
{
    // The inner tool's key, without building its metadata (see the generated tools).
    private readonly string _id = ((IMcpServerPrimitive)inner).Id;

    string IMcpServerPrimitive.Id => _id;

    /// <summary>The inner tool, for its precomputed tools/list entry.</summary>
    public McpServerTool Inner { get; } = inner;

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default) =>
        (await AnswerAsync(request, answer: null, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>
    /// Calls the tool for its answer (<see cref="ToolAnswer.FromAsync"/>: bytes when it can pass them through) and
    /// logs the call. <paramref name="answer"/>, when given, gets the answer before the log line is written: the
    /// stdio server writes its answer there, so the log line's write (a syscall, and a wake-up of whoever reads
    /// stderr) is not between the upstream's answer and the client's.
    /// </summary>
    public async ValueTask<ToolAnswer> AnswerAsync(RequestContext<CallToolRequestParams> request, Action<ToolAnswer>? answer, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string status = "error";
        ToolAnswer? result = null;
        try
        {
            result = await ToolAnswer.FromAsync(Inner, request, cancellationToken).ConfigureAwait(false);
            status = result.IsError ? "tool_error" : "ok";
            answer?.Invoke(result);
            return result;
        }
        catch (OperationCanceledException)
        {
            status = "cancelled";
            throw;
        }
        finally
        {
            // After the answer, not before the call: nothing the log needs is on the way to the upstream. Texts are
            // made only when the log shows them; their sizes need no copy.
            var elapsed = clock.Elapsed;
            var input = request.Params?.Arguments;
            var arguments = log.IncludeContent ? Results.JsonValues.ObjectText(input) : null;
            var text = result is not null && log.IncludeContent ? result.Text : null;
            var inputBytes = arguments is not null ? Encoding.UTF8.GetByteCount(arguments) : Results.JsonValues.ObjectSize(input);
            log.Write(_id, Upstream.CallerCredential.KeyId ?? "stdio", status, elapsed, inputBytes, result?.TextBytes ?? 0, arguments, text);
        }
    }
}
