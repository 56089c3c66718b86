using System.Collections.Generic;
using System.Text;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

internal sealed partial class SpecParser
{
    /// <summary>A string with <c>${ENV}</c> references only (base URL, auth values, upstream headers).</summary>
    private Template EnvTemplate(string text, YamlNode node) => SplitTemplate(text, node, inputs: null, where: null);

    /// <summary>A string with <c>${ENV}</c> and <c>{input}</c> references (paths, per-tool headers).</summary>
    private Template InputTemplate(string text, YamlNode node, IReadOnlyDictionary<string, InputModel> inputs, string where) =>
        SplitTemplate(text, node, inputs, where);

    private Template SplitTemplate(string text, YamlNode node, IReadOnlyDictionary<string, InputModel>? inputs, string? where)
    {
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var isEnv = text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{';
            var isInput = inputs is not null && text[i] == '{';
            if (!isEnv && !isInput)
            {
                literal.Append(text[i++]);
                continue;
            }

            var open = isEnv ? i + 2 : i + 1;
            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                _r.Report(SpecDiagnostics.InvalidValue, node, text, "'" + (isEnv ? "${" : "{") + "' is never closed with '}'");
                literal.Append(text.Substring(i));
                break;
            }

            if (literal.Length > 0)
            {
                parts.Add(new TemplatePart(TemplatePartKind.Text, literal.ToString()));
                literal.Clear();
            }

            var name = text.Substring(open, close - open);
            if (isEnv)
            {
                Reference(ReferenceKind.Env, name, OwnerKind.Server, "", "", node);
                parts.Add(new TemplatePart(TemplatePartKind.Env, name));
            }
            else
            {
                parts.Add(new TemplatePart(TemplatePartKind.Input, name));
            }
            i = close + 1;
        }

        if (literal.Length > 0) parts.Add(new TemplatePart(TemplatePartKind.Text, literal.ToString()));
        return new Template(text, new EquatableArray<TemplatePart>(parts.ToArray()));
    }
}
