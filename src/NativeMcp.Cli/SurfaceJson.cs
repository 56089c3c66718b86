using System.Text.Json;
using NativeMcp.Generators.Model;

namespace NativeMcp.Cli;

/// <summary>The resources/list, resources/templates/list and prompts/list entries a built server publishes.</summary>
internal static class SurfaceJson
{
    public static void WriteResources(Utf8JsonWriter w, SpecModel? spec)
    {
        w.WriteStartArray("resources");
        foreach (var r in spec?.Resources ?? default)
        {
            if (!r.IsTemplate) WriteResource(w, "uri", r);
        }
        w.WriteEndArray();
        w.WriteStartArray("resourceTemplates");
        foreach (var r in spec?.Resources ?? default)
        {
            if (r.IsTemplate) WriteResource(w, "uriTemplate", r);
        }
        w.WriteEndArray();
    }

    private static void WriteResource(Utf8JsonWriter w, string uriKey, ResourceModel r)
    {
        w.WriteStartObject();
        w.WriteString("name", r.Name);
        if (r.Title is { } title) w.WriteString("title", title);
        w.WriteString(uriKey, r.Uri);
        if (r.Description is { } description) w.WriteString("description", description);
        w.WriteString("mimeType", r.MimeType);
        w.WriteEndObject();
    }

    public static void WritePrompts(Utf8JsonWriter w, SpecModel? spec)
    {
        w.WriteStartArray("prompts");
        foreach (var p in spec?.Prompts ?? default)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            if (p.Title is { } title) w.WriteString("title", title);
            if (p.Description is { } description) w.WriteString("description", description);
            if (!p.Arguments.IsEmpty)
            {
                w.WriteStartArray("arguments");
                foreach (var a in p.Arguments)
                {
                    w.WriteStartObject();
                    w.WriteString("name", a.Name);
                    if (a.Description is { } text) w.WriteString("description", text);
                    w.WriteBoolean("required", a.Required);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
