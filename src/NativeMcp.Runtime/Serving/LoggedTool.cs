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

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var arguments = Results.JsonValues.ObjectText(request.Params?.Arguments);
        string status = "error";
        CallToolResult? result = null;
        try
        {
            result = await base.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
            status = result.IsError == true ? "tool_error" : "ok";
            return result;
        }
        catch (OperationCanceledException)
        {
            status = "cancelled";
            throw;
        }
        finally
        {
            var text = result is null ? "" : string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
            log.Write(_id, Upstream.CallerCredential.KeyId ?? "stdio", status, clock.Elapsed, Encoding.UTF8.GetByteCount(arguments), Encoding.UTF8.GetByteCount(text), arguments, text);
        }
    }
}
