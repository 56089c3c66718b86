using System;
using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

/// <summary>
/// MCP upstreams: an <c>upstreams.&lt;name&gt;</c> entry with a <c>transport</c> is an MCP server whose tools the
/// gateway forwards. How to reach it is model; what to expose from it is a located declaration, linked to the
/// lock by the resolver.
/// </summary>
internal sealed partial class SpecParser
{
    private static readonly System.Text.RegularExpressions.Regex PrefixChars = new("^[a-zA-Z0-9_-]+$");
    private readonly List<McpUpstreamModel> _mcpUpstreams = new();
    private readonly List<McpExposureDeclaration> _mcpExposures = new();
    private readonly List<string> _mcpUpstreamNames = new();

    private static bool IsMcpUpstream(YamlNode node) =>
        node is YamlMappingNode m && m.Children.Any(p => p.Key is YamlScalarNode { Value: "transport" });

    private void ParseMcpUpstream(string name, YamlScalarNode key, YamlNode node, string where)
    {
        var m = _r.Mapping(node, where, SpecKeys.McpUpstream);
        if (m is null) return;

        var transportText = RequiredString(m, "transport", where);
        McpTransportKind? transport = transportText switch
        {
            "stdio" => McpTransportKind.Stdio,
            "http" => McpTransportKind.StreamableHttp,
            "sse" => McpTransportKind.Sse,
            "auto" => McpTransportKind.AutoDetect,
            _ => null,
        };
        if (transport is null && transportText is not null)
        {
            _r.Report(SpecDiagnostics.InvalidValue, m["transport"], where + ".transport", "'" + transportText + "' is not one of: stdio, http, sse, auto");
        }

        Template? Env(string k) => _r.String(m[k], where + "." + k) is { } text ? EnvTemplate(text, m[k]!) : null;
        var stdio = transport == McpTransportKind.Stdio;
        // Each transport has its own keys: a key of the other kind is a mistake, not something to ignore.
        foreach (var k in stdio ? new[] { "url", "auth", "headers" } : new[] { "command", "args", "env", "cwd" })
        {
            if (transport is not null && m.KeyNode(k) is { } wrong)
            {
                _r.Report(SpecDiagnostics.InvalidValue, wrong, where + "." + k, "'" + k + "' is for " + (stdio ? "http, sse and auto" : "stdio") + " upstreams; this one is " + transportText);
            }
        }
        Template? url = null, command = null;
        if (transport is not null && !stdio)
        {
            var urlText = RequiredString(m, "url", where);
            url = urlText is null ? null : EnvTemplate(urlText, m["url"]!);
        }
        else if (stdio)
        {
            var commandText = RequiredString(m, "command", where);
            command = commandText is null ? null : EnvTemplate(commandText, m["command"]!);
        }
        var args = new List<Template>();
        if (_r.Sequence(m["args"], where + ".args") is { } argList)
        {
            foreach (var item in argList.Children)
            {
                if (_r.String(item, where + ".args") is { } text) args.Add(EnvTemplate(text, item));
            }
        }

        var auth = ParseAuth(m["auth"], where + ".auth", mcp: true) ?? AuthModel.None;
        if (auth.Forward) _r.Report(SpecDiagnostics.InvalidValue, _r.Mapping(m["auth"], where + ".auth", null)?.KeyNode("forward"), where + ".auth.forward", "an MCP upstream is one shared connection; it uses the gateway's own credentials");

        var driftText = _r.String(m["drift"], where + ".drift");
        var drift = driftText switch
        {
            null or "refuse" => DriftPolicyKind.Refuse,
            "additions" => DriftPolicyKind.AllowAdditions,
            "accept" => DriftPolicyKind.Accept,
            _ => (DriftPolicyKind?)null,
        };
        if (drift is null) _r.Report(SpecDiagnostics.InvalidValue, m["drift"], where + ".drift", "'" + driftText + "' is not one of: refuse, additions, accept");

        var prefix = _r.String(m["prefix"], where + ".prefix");
        if (prefix is not null && !PrefixChars.IsMatch(prefix))
        {
            _r.Report(SpecDiagnostics.InvalidValue, m["prefix"], where + ".prefix", "use letters, digits, '_' and '-' (tool names allow nothing else)");
        }

        var upstreamLocation = _r.Locate(key.Start, key.End);
        var (all, allLocation, tools) = ParseMcpTools(m, where, upstreamLocation);
        _mcpExposures.Add(new McpExposureDeclaration(
            name, upstreamLocation, prefix, m["prefix"] is { } p ? _r.Locate(p.Start, p.End) : null, all, allLocation, tools,
            ParseMcpSelection(m["resources"], where + ".resources"), ParseMcpSelection(m["prompts"], where + ".prompts")));

        if (transport is null) return;
        _mcpUpstreams.Add(new McpUpstreamModel
        {
            Name = name,
            Transport = transport.Value,
            Url = url,
            Command = command,
            Arguments = new EquatableArray<Template>(args.ToArray()),
            Environment = ParseHeaders(m["env"], where + ".env", inputs: null),
            WorkingDirectory = Env("cwd"),
            Auth = auth,
            Headers = ParseHeaders(m["headers"], where + ".headers", inputs: null),
            TimeoutMilliseconds = OptionalDuration(m["timeout"], where + ".timeout") ?? 30_000,
            ConnectTimeoutMilliseconds = OptionalDuration(m["connectTimeout"], where + ".connectTimeout"),
            IdleTimeoutMilliseconds = OptionalDuration(m["idleTimeout"], where + ".idleTimeout"),
            Drift = drift ?? DriftPolicyKind.Refuse,
        });
    }

    /// <summary><c>resources</c> or <c>prompts</c>: omitted (everything locked), or a list of keys and <c>"*"</c>.</summary>
    private McpSelection ParseMcpSelection(YamlNode? node, string where)
    {
        if (node is null) return McpSelection.Everything;
        var all = false;
        var items = new List<McpSelectedItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in _r.Sequence(node, where)?.Children ?? (IList<YamlNode>)Array.Empty<YamlNode>())
        {
            if (_r.String(item, where) is not { } key) continue;
            if (key == "*")
            {
                all = true;
            }
            else if (!seen.Add(key))
            {
                _r.Report(SpecDiagnostics.DuplicateKey, item, key, where);
            }
            else
            {
                items.Add(new McpSelectedItem(key, _r.Locate(item.Start, item.End)));
            }
        }
        return new McpSelection(all, new EquatableArray<McpSelectedItem>(items.ToArray()));
    }

    /// <summary><c>tools</c>: omitted (every locked tool), or a list of names, <c>"*"</c> and mappings.</summary>
    private (bool All, LocationInfo AllLocation, EquatableArray<McpToolDeclaration> Tools) ParseMcpTools(MappingEntries m, string where, LocationInfo upstreamLocation)
    {
        var list = new List<McpToolDeclaration>();
        if (m["tools"] is not { } toolsNode) return (true, upstreamLocation, EquatableArray<McpToolDeclaration>.Empty);
        var all = false;
        var allLocation = upstreamLocation;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in _r.Sequence(toolsNode, where + ".tools")?.Children ?? (IList<YamlNode>)Array.Empty<YamlNode>())
        {
            if (item is YamlScalarNode scalar)
            {
                var tool = _r.String(item, where + ".tools");
                if (tool is null) continue;
                var location = _r.Locate(item.Start, item.End);
                if (tool == "*")
                {
                    all = true;
                    allLocation = location;
                    continue;
                }
                if (!seen.Add(tool))
                {
                    _r.Report(SpecDiagnostics.DuplicateKey, item, tool, where + ".tools");
                    continue;
                }
                list.Add(new McpToolDeclaration(tool, location, null, location, null, true, null, null, EquatableArray<HiddenArgumentDeclaration>.Empty));
                continue;
            }
            var t = _r.Mapping(item, where + ".tools[]", SpecKeys.McpTool);
            if (t is null) continue;
            var toolName = RequiredString(t, "tool", where + ".tools[]");
            if (toolName is null) continue;
            var at = where + " tool '" + toolName + "'";
            var toolLocation = _r.Locate(t["tool"]!.Start, t["tool"]!.End);
            if (!seen.Add(toolName))
            {
                _r.Report(SpecDiagnostics.DuplicateKey, t["tool"], toolName, where + ".tools");
                continue;
            }
            var alias = _r.String(t["name"], at + ".name");
            var hidden = new List<HiddenArgumentDeclaration>();
            if (_r.Mapping(t["hidden"], at + ".hidden", null) is { } h)
            {
                foreach (var (argument, argumentKey, value) in h.Entries)
                {
                    hidden.Add(new HiddenArgumentDeclaration(argument, YamlJson.Write(value), _r.Locate(argumentKey.Start, argumentKey.End)));
                }
            }
            list.Add(new McpToolDeclaration(
                toolName,
                toolLocation,
                alias,
                t["name"] is { } n ? _r.Locate(n.Start, n.End) : toolLocation,
                _r.String(t["description"], at + ".description"),
                _r.Bool(t["enabled"], at + ".enabled") ?? true,
                ParseScope(t["scope"], at),
                _r.String(t["title"], at + ".title"),
                new EquatableArray<HiddenArgumentDeclaration>(hidden.ToArray())));
        }
        return (all, allLocation, new EquatableArray<McpToolDeclaration>(list.ToArray()));
    }
}
