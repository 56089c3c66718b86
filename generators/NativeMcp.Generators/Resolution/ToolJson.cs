using System.Text;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Resolution;

/// <summary>
/// A tool's complete tools/list entry as compact JSON, written once at compile time: the generated tool
/// publishes exactly these bytes, and <c>nativemcp check --json</c> prints them.
/// </summary>
internal static class ToolJson
{
    public static string Write(ToolModel tool)
    {
        var sb = Open(tool);
        // The title travels in the annotations too: clients older than the top-level title read it there.
        if (!tool.Annotations.IsEmpty || tool.Title is not null)
        {
            sb.Append(",\"annotations\":{");
            var first = true;
            void Member(string name, string json)
            {
                if (!first) sb.Append(',');
                first = false;
                sb.Append('"').Append(name).Append("\":").Append(json);
            }
            if (tool.Title is { } annotated) Member("title", JsonText.String(annotated));
            if (tool.Annotations.ReadOnly is { } ro) Member("readOnlyHint", Bool(ro));
            if (tool.Annotations.Destructive is { } de) Member("destructiveHint", Bool(de));
            if (tool.Annotations.Idempotent is { } id) Member("idempotentHint", Bool(id));
            if (tool.Annotations.OpenWorld is { } ow) Member("openWorldHint", Bool(ow));
            sb.Append('}');
        }
        if (tool.Group is { } group) sb.Append(",\"_meta\":{").Append(JsonText.String(MetaKeys.Group)).Append(':').Append(JsonText.String(group)).Append('}');
        sb.Append('}');
        return sb.ToString();
    }

    /// <summary>An entry's opening members, the same for every kind of tool: '{', name, title, description and the schemas.</summary>
    public static StringBuilder Open(ToolModel tool)
    {
        var sb = new StringBuilder();
        sb.Append("{\"name\":").Append(JsonText.String(tool.Name));
        if (tool.Title is { } title) sb.Append(",\"title\":").Append(JsonText.String(title));
        if (tool.Description is { } description) sb.Append(",\"description\":").Append(JsonText.String(description));
        sb.Append(",\"inputSchema\":").Append(tool.InputSchemaJson);
        if (tool.OutputSchemaJson is { } output) sb.Append(",\"outputSchema\":").Append(output);
        return sb;
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
