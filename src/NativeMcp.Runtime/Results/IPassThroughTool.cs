using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Results;

/// <summary>
/// A tool that can answer with bytes it did not parse (the gateway's forwarded tools, for a stdio child's answer):
/// servers that can write bytes ask it for a <see cref="ToolAnswer"/> instead of a <see cref="CallToolResult"/>.
/// </summary>
public interface IPassThroughTool
{
    ValueTask<ToolAnswer> AnswerAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken);
}
