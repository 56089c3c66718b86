using System;
using System.Collections.Generic;
using ModelContextProtocol.Server;

namespace NativeMcp.Runtime.Serving;

/// <summary>
/// A listed tool that stands for other tools (the dynamic mode's meta tools stand for an import's operations): a
/// caller's scopes and toolsets narrow the tools behind it by the rule that narrows listed tools.
/// </summary>
public interface INarrowableTool
{
    /// <summary>
    /// The same tool over only the tools <paramref name="allowed"/> names; null when none remain. Tools that stand for
    /// the same tools narrow them once per <paramref name="narrowed"/> (one per option set built).
    /// </summary>
    McpServerTool? Narrow(Func<string, bool> allowed, Dictionary<object, object> narrowed);
}
