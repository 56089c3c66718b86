using System.Text;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.FrontEnds.Schema;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

/// <summary>Any YAML value (or JSON, read as YAML) as compact JSON: scalars as <see cref="SchemaReader.ScalarJson"/> reads them.</summary>
internal static class YamlJson
{
    public static string Write(YamlNode node)
    {
        var sb = new StringBuilder();
        Append(node, sb);
        return sb.ToString();
    }

    private static void Append(YamlNode node, StringBuilder sb)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                sb.Append(SchemaReader.ScalarJson(scalar));
                break;
            case YamlSequenceNode sequence:
                sb.Append('[');
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Append(sequence.Children[i], sb);
                }
                sb.Append(']');
                break;
            case YamlMappingNode mapping:
                sb.Append('{');
                var first = true;
                foreach (var pair in mapping.Children)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    sb.Append(JsonText.String((pair.Key as YamlScalarNode)?.Value ?? "")).Append(':');
                    Append(pair.Value, sb);
                }
                sb.Append('}');
                break;
            default:
                sb.Append("null");
                break;
        }
    }
}
