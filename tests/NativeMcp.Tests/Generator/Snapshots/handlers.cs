// Implementations for handlers.yaml (read as text by the snapshot test and compiled with it).
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NativeMcp.Generated.Crafted;

static partial class CraftedHandlers
{
    public static partial ValueTask<CallToolResult> ShoutAsync(RequestContext<CallToolRequestParams> request, string text, long? times, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new CallToolResult { Content = [new TextContentBlock { Text = text.ToUpperInvariant() }] });

    public static partial ValueTask<ReadResourceResult> ClockResourceAsync(RequestContext<ReadResourceRequestParams> request, string uri, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ReadResourceResult { Contents = [new TextResourceContents { Uri = uri, Text = "12:00" }] });

    public static partial ValueTask<GetPromptResult> PepTalkPromptAsync(RequestContext<GetPromptRequestParams> request, string topic, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new GetPromptResult { Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = "You can do " + topic } }] });
}
