using System.Collections.Generic;
using System.Text;
using ModelContextProtocol.Protocol;

namespace NativeMcp.Runtime.Binding;

/// <summary>Collects every argument problem of one call, so the model can fix them all in one retry.</summary>
public sealed class ArgumentErrors
{
    private readonly List<string> _messages = new();

    public bool HasErrors => _messages.Count > 0;

    public IReadOnlyList<string> Messages => _messages;

    public void Add(string path, string rule) => _messages.Add("'" + path + "' " + rule);

    public CallToolResult ToResult(string toolName)
    {
        var text = new StringBuilder("Invalid arguments for tool '").Append(toolName).Append("':");
        foreach (var message in _messages)
        {
            text.Append("\n- ").Append(message);
        }
        return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = text.ToString() }] };
    }
}
