using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NativeMcp.Runtime.Results;

namespace NativeMcp.Runtime.Stdio;

public sealed partial class StdioServer
{
    /// <summary>Starts one tools/call; false when it was answered at once (no running call owns the document).</summary>
    private bool Call(in JsonRpcLine line, JsonDocument document)
    {
        var p = line.Params;
        if (p.ValueKind != JsonValueKind.Object || !p.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            _output.WriteError(line.Id, JsonRpcLine.InvalidParams, "tools/call needs 'params.name', the name of a tool (tools/list names them)");
            return false;
        }
        var name = nameElement.GetString()!;
        if (!Tools.ByName.TryGetValue(name, out var tool))
        {
            _output.WriteError(line.Id, JsonRpcLine.InvalidParams, "Unknown tool '" + name + "': this server has no tool of that name (tools/list names its " + Tools.ByName.Count + " tools)");
            return false;
        }

        Dictionary<string, JsonElement>? arguments = null;
        if (p.TryGetProperty("arguments", out var argumentsElement) && argumentsElement.ValueKind != JsonValueKind.Null)
        {
            if (argumentsElement.ValueKind != JsonValueKind.Object)
            {
                _output.WriteError(line.Id, JsonRpcLine.InvalidParams,
                    "'arguments' must be an object whose properties are the inputs of '" + name + "', not " + JsonRpcLine.Describe(argumentsElement.ValueKind));
                return false;
            }
            arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var argument in argumentsElement.EnumerateObject())
            {
                var size = JsonMarshal.GetRawUtf8Value(argument.Value).Length;
                if (size > _settings.MaxArgumentBytes)
                {
                    _output.WriteSerialized(line.Id, ToolError("Argument '" + argument.Name + "' of '" + name + "' is " + size + " bytes; the limit for one argument is " +
                        _settings.MaxArgumentBytes + " bytes (server.maxArgumentSize in the spec). Send a smaller value."));
                    return false;
                }
                arguments[argument.Name] = argument.Value;
            }
        }

        var requestParams = new CallToolRequestParams
        {
            Name = name,
            Arguments = arguments,
            Meta = p.TryGetProperty("_meta", out var meta) && meta.ValueKind == JsonValueKind.Object ? JsonObject.Create(meta) : null,
        };
        var request = new JsonRpcRequest { Id = RequestIdOf(document.RootElement.GetProperty("id")), Method = RequestMethods.ToolsCall, Params = JsonObject.Create(p) };
        var context = new RequestContext<CallToolRequestParams>(_session, request, requestParams) { MatchedPrimitive = tool };
        var cancellation = new CancellationTokenSource();
        var call = Track(line.Id, "'" + name + "'", null, cancellation);
        call.Watch(RunCallAsync(call, tool, context, document, cancellation.Token), this);
        return true;
    }

    private async Task RunCallAsync(InFlight call, McpServerTool tool, RequestContext<CallToolRequestParams> context, JsonDocument document, CancellationToken cancellationToken)
    {
        // On the reading thread until the call's first real wait (the upstream's answer, a rate-limit slot): binding
        // and sending take microseconds, and a hop to the thread pool before them cost one more thread wake-up per
        // call. The next line is read as soon as the call waits.
        using (document)
        {
            var name = context.Params!.Name;
            try
            {
                // A logged tool hands the answer over before it writes its log line: the answer goes out first.
                if (tool is Serving.LoggedTool logged)
                {
                    await logged.AnswerAsync(context, answer => Answer(call, answer), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Answer(call, await Results.ToolAnswer.FromAsync(tool, context, cancellationToken).ConfigureAwait(false));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled by the client (or the drain timeout, which answers by itself): MCP sends no answer.
            }
            catch (McpProtocolException ex)
            {
                if (call.Claim()) _output.WriteError(call.Id, (int)ex.ErrorCode, ex.Message);
            }
            catch (Exception ex)
            {
                // Never the SDK's "An error occurred": the model and the person reading the log see what failed.
                if (call.Claim())
                {
                    _output.WriteSerialized(call.Id, ToolError(Secrets.Redact("Tool '" + name + "' failed: " + Describe(ex), _settings.Secrets)));
                }
            }
        }
    }

    /// <summary>Writes a tool's answer: bytes passed through as they are, a result object serialised.</summary>
    private void Answer(InFlight call, Results.ToolAnswer answer)
    {
        if (!call.Claim()) return;
        if (answer.Json.IsEmpty) _output.WriteSerialized(call.Id, answer.Result);
        else _output.WriteResult(call.Id, answer.Json.Span);
    }

    private static string Describe(Exception ex)
    {
        var text = ex.Message.TrimEnd('.') + " (" + ex.GetType().Name + ")";
        return ex.InnerException is { } inner ? text + ": " + inner.Message.TrimEnd('.') + " (" + inner.GetType().Name + ")" : text;
    }

    private static CallToolResult ToolError(string text) => new() { IsError = true, Content = [new TextContentBlock { Text = text }] };

    private static RequestId RequestIdOf(JsonElement id) =>
        id.ValueKind == JsonValueKind.String ? new RequestId(id.GetString()!) : new RequestId(id.GetInt64());

    /// <summary>The tools by name and the tools/list result, written once (the tools are fixed at compile time).</summary>
    private sealed class ToolTable
    {
        public ToolTable(McpServerPrimitiveCollection<McpServerTool>? tools)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ProtocolOutput.Encoder }))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("tools"u8);
                foreach (var tool in tools ?? [])
                {
                    ByName[((IMcpServerPrimitive)tool).Id] = tool;
                    // The generator's bytes when it computed them; the SDK's contract for other tools (forwarded ones).
                    if ((tool is Serving.LoggedTool logged ? logged.Inner : tool) is Serving.IListedTool listed) writer.WriteRawValue(listed.ListEntry, skipInputValidation: true);
                    else JsonSerializer.Serialize(writer, tool.ProtocolTool, ProtocolOutput.TypeInfo<Tool>());
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            ListResult = buffer.WrittenSpan.ToArray();
        }

        public Dictionary<string, McpServerTool> ByName { get; } = new(StringComparer.Ordinal);

        public byte[] ListResult { get; }
    }

    /// <summary>A request being answered off the reading thread; exactly one answer is written for it.</summary>
    internal sealed class InFlight(ReadOnlyMemory<byte> id, string what, CancellationTokenSource? cancellation)
    {
        private readonly CancellationTokenSource? _cancellation = cancellation;
        private int _claimed;

        public ReadOnlyMemory<byte> Id { get; } = id;

        public string What { get; } = what;

        public string Key { get; set; } = "";

        public Task Done { get; private set; } = Task.CompletedTask;

        public bool Claim() => Interlocked.Exchange(ref _claimed, 1) == 0;

        public void Cancel()
        {
            try
            {
                _cancellation?.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Watch(Task done, StdioServer server)
        {
            Done = done;
            done.ContinueWith(static (_, state) =>
            {
                var (call, owner) = ((InFlight, StdioServer))state!;
                owner.Finished(call);
                call._cancellation?.Dispose();
            }, (this, server), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
