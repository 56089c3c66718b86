using System.Linq;
using System.Text;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Resolution;

/// <summary>
/// A resource's resources/list (or resources/templates/list) entry and a prompt's prompts/list entry as compact
/// JSON, written once at compile time for <c>nativemcp check --json</c>. The generated server builds the SDK's
/// protocol objects from the same model members; a test holds the two equal for every seed spec.
/// </summary>
internal static class PrimitiveJson
{
    public static string Resource(ResourceModel r)
    {
        var sb = new StringBuilder();
        sb.Append("{\"name\":").Append(JsonText.String(r.Name));
        if (r.Title is { } title) sb.Append(",\"title\":").Append(JsonText.String(title));
        sb.Append(r.IsTemplate ? ",\"uriTemplate\":" : ",\"uri\":").Append(JsonText.String(r.Uri));
        if (r.Description is { } description) sb.Append(",\"description\":").Append(JsonText.String(description));
        sb.Append(",\"mimeType\":").Append(JsonText.String(r.MimeType));
        return sb.Append('}').ToString();
    }

    public static string Prompt(PromptModel p)
    {
        var sb = new StringBuilder();
        sb.Append("{\"name\":").Append(JsonText.String(p.Name));
        if (p.Title is { } title) sb.Append(",\"title\":").Append(JsonText.String(title));
        if (p.Description is { } description) sb.Append(",\"description\":").Append(JsonText.String(description));
        if (!p.Arguments.IsEmpty)
        {
            sb.Append(",\"arguments\":[");
            sb.Append(string.Join(",", p.Arguments.Select(a =>
                "{\"name\":" + JsonText.String(a.Name)
                + (a.Description is { } text ? ",\"description\":" + JsonText.String(text) : "")
                + ",\"required\":" + (a.Required ? "true" : "false") + "}")));
            sb.Append(']');
        }
        return sb.Append('}').ToString();
    }
}
