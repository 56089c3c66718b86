using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Serving;

/// <summary>A tool that writes one <see cref="CallLog"/> line per call, whatever the outcome.</summary>
internal sealed class LoggedTool(McpServerTool inner, CallLog log) : DelegatingMcpServerTool(inner), IMcpServerPrimitive
{
    // The inner tool's key, without building its metadata (see the generated tools).
    private readonly string _id = ((IMcpServerPrimitive)inner).Id;

    string IMcpServerPrimitive.Id => _id;

    /// <summary>The inner tool, for its precomputed tools/list entry.</summary>
    public McpServerTool Inner { get; } = inner;

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default) =>
        InvokeAsync(request, answer: null, cancellationToken);

    /// <summary>
    /// Calls the tool and logs the call. <paramref name="answer"/>, when given, gets the result before the log line
    /// is written: the stdio server writes its answer there, so the log line's write (a syscall, and a wake-up of
    /// whoever reads stderr) is not between the upstream's answer and the client's.
    /// </summary>
    public async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, Action<CallToolResult>? answer, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var arguments = Results.JsonValues.ObjectText(request.Params?.Arguments);
        string status = "error";
        CallToolResult? result = null;
        try
        {
            result = await base.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
            status = result.IsError == true ? "tool_error" : "ok";
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
            // The result's text is joined into one string only when the log shows it; its size needs no copy.
            var outputBytes = 0;
            if (result is not null)
            {
                foreach (var block in result.Content)
                {
                    if (block is TextContentBlock textBlock) outputBytes += Encoding.UTF8.GetByteCount(textBlock.Text);
                }
            }
            var text = result is not null && log.IncludeContent ? string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text)) : null;
            log.Write(_id, Upstream.CallerCredential.KeyId ?? "stdio", status, clock.Elapsed, Encoding.UTF8.GetByteCount(arguments), outputBytes, arguments, text);
        }
    }
}
