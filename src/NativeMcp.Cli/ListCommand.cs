using System.IO;
using System.Linq;
using NativeMcp.Generators.Model;

namespace NativeMcp.Cli;

/// <summary><c>nativemcp list</c>: the spec's tools grouped by <c>group:</c>, in spec order.</summary>
internal static class ListCommand
{
    public static void Write(SpecModel spec, TextWriter output)
    {
        var groups = spec.Tools.GroupBy(t => t.Group ?? "(none)").ToList();
        output.WriteLine(spec.Tools.Count + " tools in " + groups.Count + " groups:");
        foreach (var group in groups)
        {
            output.WriteLine();
            output.WriteLine("  " + group.Key + " (" + group.Count() + ")");
            foreach (var tool in group)
            {
                var description = FirstLine(tool.Description ?? "");
                if (description.Length > 70) description = description.Substring(0, 67) + "...";
                output.WriteLine(("    " + tool.Name.PadRight(30) + " " + Hints(tool).PadRight(12) + " " + description).TrimEnd());
            }
        }
        output.WriteLine();
    }

    /// <summary>What the annotations say a call does; nothing when the tool has none.</summary>
    private static string Hints(ToolModel tool) =>
        tool.Annotations.ReadOnly == true ? "read-only"
        : tool.Annotations.Destructive == true ? "destructive"
        : tool.Annotations.IsEmpty && tool.Title is null ? ""
        : "write";

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n');
        return (newline < 0 ? text : text.Substring(0, newline)).TrimEnd('\r');
    }
}
