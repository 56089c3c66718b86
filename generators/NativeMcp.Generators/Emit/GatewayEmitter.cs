using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Emit;

/// <summary>
/// A gateway's MCP upstreams and their forwarded tools: one <c>McpUpstream</c> per upstream, built from the
/// environment at start-up (nothing is contacted then), and one <c>ForwardedTool</c> per exposed tool, listed from
/// the entry the resolver computed from the lock.
/// </summary>
internal static class GatewayEmitter
{
    private const string Gateway = "global::NativeMcp.Runtime.Gateway";

    public static string UpstreamVariable(McpUpstreamModel upstream) => "mcp" + upstream.Identifier;

    /// <summary>Declares <c>mcp&lt;Name&gt;</c> for each MCP upstream (inside CreateOptions, where <c>env</c> is).</summary>
    public static void EmitUpstreams(SourceWriter w, SpecModel spec)
    {
        foreach (var u in spec.McpUpstreams)
        {
            w.Line("var " + UpstreamVariable(u) + " = new " + Gateway + ".McpUpstream(new " + Gateway + ".McpUpstreamOptions");
            w.Line("{");
            w.Line("Name = " + CSharp.Literal(u.Name) + ",");
            w.Line("Transport = " + Gateway + ".McpTransportKind." + u.Transport + ",");
            if (u.Command is { } command) w.Line("Command = " + AuthEmitter.Expand(command, "env") + ",");
            if (!u.Arguments.IsEmpty) w.Line("Arguments = new string[] { " + string.Join(", ", u.Arguments.Select(a => AuthEmitter.Expand(a, "env"))) + " },");
            if (!u.Environment.IsEmpty) w.Line("Environment = " + Dictionary(u.Environment) + ",");
            if (u.WorkingDirectory is { } cwd) w.Line("WorkingDirectory = " + AuthEmitter.Expand(cwd, "env") + ",");
            if (u.Url is { } url) w.Line("Endpoint = new global::System.Uri(" + AuthEmitter.Expand(url, "env") + "),");
            if (!u.Headers.IsEmpty) w.Line("Headers = " + Dictionary(u.Headers) + ",");
            if (u.Auth.Kind != AuthKind.None) w.Line("Auth = " + AuthEmitter.Expression(u.Auth, "env") + ",");
            w.Line("CallTimeout = " + ServerEmitter.Ms(u.TimeoutMilliseconds) + ",");
            if (u.ConnectTimeoutMilliseconds is { } connect) w.Line("ConnectTimeout = " + ServerEmitter.Ms(connect) + ",");
            if (u.IdleTimeoutMilliseconds is { } idle) w.Line("IdleTimeout = " + ServerEmitter.Ms(idle) + ",");
            w.Line("Drift = " + Gateway + ".DriftPolicy." + (u.Drift switch
            {
                DriftPolicyKind.AllowAdditions => "AllowAdditions",
                DriftPolicyKind.Accept => "AcceptChanges",
                _ => "Refuse",
            }) + ",");
            // Every locked tool of the upstream that the spec exposes, by its upstream name: the drift check's reference.
            var locked = spec.Tools.Where(t => t.Forward?.Upstream == u.Name).GroupBy(t => t.Forward!.UpstreamTool).Select(g => g.First().Forward!).ToList();
            w.Line("LockedTools = new global::System.Collections.Generic.Dictionary<string, " + Gateway + ".LockedTool>");
            w.Line("{");
            foreach (var f in locked) w.Line("[" + CSharp.Literal(f.UpstreamTool) + "] = new(" + CSharp.Literal(f.Hash) + ", " + CSharp.Utf8Json(f.DefinitionJson) + "),");
            w.Line("},");
            // Likewise the exposed resources, templates and prompts (checked when the upstream is first reached).
            var resources = spec.ForwardedResources.Where(r => r.Upstream == u.Name).ToList();
            EmitLocked(w, "LockedResources", resources.Where(r => !r.Template).Select(r => (r.Key, r.Hash, r.DefinitionJson)));
            EmitLocked(w, "LockedResourceTemplates", resources.Where(r => r.Template).Select(r => (r.Key, r.Hash, r.DefinitionJson)));
            EmitLocked(w, "LockedPrompts", spec.ForwardedPrompts.Where(p => p.Upstream == u.Name).Select(p => (p.UpstreamName, p.Hash, p.DefinitionJson)));
            w.Line("Secrets = env.Secrets,");
            w.Line("});");
            w.Line();
        }
    }

    private static void EmitLocked(SourceWriter w, string property, System.Collections.Generic.IEnumerable<(string Key, string Hash, string DefinitionJson)> entries)
    {
        var list = entries.ToList();
        if (list.Count == 0) return;
        w.Line(property + " = new global::System.Collections.Generic.Dictionary<string, " + Gateway + ".LockedTool>");
        w.Line("{");
        foreach (var (key, hash, json) in list) w.Line("[" + CSharp.Literal(key) + "] = new(" + CSharp.Literal(hash) + ", " + CSharp.Utf8Json(json) + "),");
        w.Line("},");
    }

    /// <summary>Adds each forwarded resource, resource template and prompt to the server's collections.</summary>
    public static void EmitPrimitiveRegistrations(SourceWriter w, SpecModel spec)
    {
        foreach (var r in spec.ForwardedResources)
        {
            var upstream = spec.McpUpstreams.First(u => u.Name == r.Upstream);
            w.Line("options.ResourceCollection!.Add(new " + Gateway + ".ForwardedResource(" + CSharp.Utf8Json(r.ListJson) + ", " + CSharp.Bool(r.Template) + ", " + UpstreamVariable(upstream) + "));");
        }
        foreach (var p in spec.ForwardedPrompts)
        {
            var upstream = spec.McpUpstreams.First(u => u.Name == p.Upstream);
            w.Line("options.PromptCollection!.Add(new " + Gateway + ".ForwardedPrompt(" + CSharp.Literal(p.Name) + ", " + CSharp.Literal(p.UpstreamName) + ", " +
                CSharp.Utf8Json(p.ListJson) + ", " + UpstreamVariable(upstream) + "));");
        }
    }

    /// <summary>Adds each forwarded tool to <c>options.ToolCollection</c>.</summary>
    public static void EmitRegistrations(SourceWriter w, SpecModel spec)
    {
        foreach (var tool in spec.Tools.Where(t => t.Kind == ToolKind.Forwarded))
        {
            var f = tool.Forward!;
            var upstream = spec.McpUpstreams.First(u => u.Name == f.Upstream);
            var fixedJson = f.Hidden.IsEmpty ? "" : "{" + string.Join(",", f.Hidden.Select(h => JsonText.String(h.Name) + ":" + h.Json)) + "}";
            var schema = tool.InputSchema is null ? "null" : SchemaNodeEmitter.ClassName(tool) + ".Input";
            w.Line("options.ToolCollection.Add(new " + Gateway + ".ForwardedTool(" + CSharp.Literal(tool.Name) + ", " + CSharp.Literal(f.UpstreamTool) + ", " +
                CSharp.Utf8Json(tool.ListJson) + ", " + CSharp.Utf8Json(fixedJson) + ", " + schema + ", " + UpstreamVariable(upstream) + "));");
        }
    }

    /// <summary>A forwarded tool's locked input schema, compiled as every raw schema is (the gateway validates before forwarding).</summary>
    public static string EmitSchemas(ToolModel tool, string ns)
    {
        var w = new SourceWriter().Header();
        w.Line("namespace " + ns + ";");
        w.Line();
        SchemaNodeEmitter.EmitSchemas(w, tool with { OutputSchema = null });
        return w.ToString();
    }

    private static string Dictionary(EquatableArray<HeaderModel> values) =>
        "new global::System.Collections.Generic.Dictionary<string, string> { " +
        string.Join(", ", values.Select(v => "[" + CSharp.Literal(v.Name) + "] = " + AuthEmitter.Expand(v.Value, "env"))) + " }";
}
