using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Emit;

/// <summary>C# expressions for content items of static tool results and prompt messages.</summary>
internal static class ContentEmitter
{
    private const string Contents = "global::NativeMcp.Runtime.Primitives.Contents";

    /// <param name="values">Expression of the {{name}} values dictionary.</param>
    /// <param name="assembly">Expression of the assembly that holds the embedded files.</param>
    /// <param name="request">Expression of the current RequestContext (own-resource items read through it).</param>
    public static string Expression(ContentModel content, string values, string assembly, string request) => content.Kind switch
    {
        ContentKind.Text => Contents + ".Text(" + Render(content.Text!, values) + ")",
        ContentKind.Image => Contents + ".Image(" + assembly + ", " + CSharp.Literal(content.Asset) + ")",
        ContentKind.Audio => Contents + ".Audio(" + assembly + ", " + CSharp.Literal(content.Asset) + ")",
        _ when content.Text is not null => Contents + ".EmbeddedText(" + Render(content.Uri!, values) + ", " + CSharp.Literal(content.MimeType ?? "text/plain") + ", " + Render(content.Text, values) + ")",
        _ when content.Asset is not null => Contents + ".EmbeddedFile(" + assembly + ", " + Render(content.Uri!, values) + ", " + CSharp.Literal(content.Asset) + ", " + CSharp.Literal(content.MimeType) + ")",
        _ => "await " + Contents + ".OwnResourceAsync(" + request + ".Server, " + request + ".JsonRpcRequest, " + Render(content.Uri!, values) + ", cancellationToken).ConfigureAwait(false)",
    };

    /// <summary>A template rendered at run time; text without {{...}} stays a plain literal.</summary>
    public static string Render(string template, string values) =>
        template.Contains("{{")
            ? "global::NativeMcp.Runtime.Primitives.Templates.Render(" + CSharp.Literal(template) + ", " + values + ")"
            : CSharp.Literal(template);

    public static bool NeedsAwait(ContentModel content) => content.Kind == ContentKind.Resource && content.Text is null && content.Asset is null;
}
