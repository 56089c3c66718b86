using System;
using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Resolution;

/// <summary>
/// The environment variables whose value begins a URL the server dials: a REST upstream's base URL (or the
/// variable that replaces it whole), an MCP upstream's endpoint, an OAuth2 token URL. The host checks at start-up
/// that each is an absolute http(s) URL, so a wrong value is one line on stderr and a non-zero exit rather than a
/// failure on the first request that needs the upstream.
/// </summary>
internal static class UrlVariables
{
    public static EquatableArray<EnvVarModel> Mark(SpecModel model)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var upstream in model.Upstreams)
        {
            AddLeading(names, upstream.BaseUrl);
            if (upstream.BaseUrlOverride is { } whole) names.Add(whole);
            AddAuth(names, upstream.Auth);
        }
        foreach (var upstream in model.McpUpstreams)
        {
            AddLeading(names, upstream.Url);
            AddAuth(names, upstream.Auth);
        }
        if (names.Count == 0) return model.Env;
        return EquatableArray.From(model.Env.Select(e => names.Contains(e.Name) ? e with { Url = true } : e));
    }

    private static void AddAuth(HashSet<string> names, AuthModel auth)
    {
        AddLeading(names, auth.TokenUrl);
        foreach (var alternative in auth.Alternatives)
        {
            foreach (var scheme in alternative.Schemes) AddAuth(names, scheme);
        }
    }

    /// <summary>
    /// A variable the URL starts with that is the whole URL or is followed by its path (<c>${BASE}/v1</c>): one in
    /// the middle (<c>https://${HOST}/v1</c>) or one followed by more of the authority (an OpenAPI server variable,
    /// <c>${SCHEME}://host</c>) is not a URL itself.
    /// </summary>
    private static void AddLeading(HashSet<string> names, Template? url)
    {
        if (url is not { Parts.Count: > 0 } || url.Parts[0].Kind != TemplatePartKind.Env) return;
        if (url.Parts.Count == 1 || (url.Parts[1].Kind == TemplatePartKind.Text && url.Parts[1].Value.StartsWith("/", StringComparison.Ordinal))) names.Add(url.Parts[0].Value);
    }
}
