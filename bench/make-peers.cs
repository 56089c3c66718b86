#:property PublishAot=false
#:property ImplicitUsings=enable
#:package YamlDotNet
// Writes the benchmark's peers for one spec: the same tools, served by the official SDKs and by the floor.
//   dotnet run bench/make-peers.cs -- <spec.yaml> <NativeMcp binary of that spec> <output folder>
// The tool definitions (name, title, description, input schema, annotations) are the ones the NativeMcp binary
// publishes in tools/list, so every peer lists byte-for-byte the same tools; each tool's HTTP mapping (method, path,
// query, body) and the upstream's base URL, auth and headers come from the spec. The hand-written part of each peer
// lives in bench/peers/<peer>/; this writes beside a copy of it only what depends on the spec:
//   Spec.g.cs (C# peers), Tools.g.cs (the Hosting peer's [McpServerTool] methods), tools.g.mjs (TypeScript),
//   Answer.g.cs (the floor's fixed initialize answer).
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: make-peers <spec.yaml> <nativemcp-binary> <output folder>");
    return 2;
}

var specPath = Path.GetFullPath(args[0]);
var binary = Path.GetFullPath(args[1]);
var output = Path.GetFullPath(args[2]);
// Run from the repository root (build.cake does): the hand-written halves of the peers are in bench/peers.
var templates = Path.GetFullPath("bench/peers");
if (!Directory.Exists(templates)) throw new InvalidOperationException("run from the repository root: bench/peers is missing");

var spec = SpecTable.Read(specPath);
var (initializeLine, toolsJson) = Published.Read(binary, spec.RequiredEnv);
using var toolsDocument = JsonDocument.Parse(toolsJson);
var tools = toolsDocument.RootElement.GetProperty("tools");
var missing = tools.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Where(n => spec.Routes.All(r => r.Name != n)).ToList();
if (missing.Count > 0) throw new InvalidOperationException($"tools without an http mapping in the spec: {string.Join(", ", missing)}");

Directory.CreateDirectory(output);
// The peers are built apart from the repository's own build settings (central versions, warnings as errors).
Write(Path.Combine(output, "Directory.Build.props"), "<Project />\n");
Write(Path.Combine(output, "Directory.Packages.props"), "<Project />\n");

var specCs = Emit.SpecClass(spec, toolsJson);
foreach (var peer in new[] { "hosting", "core", "aspnet" })
{
    var folder = Copy(peer);
    Write(Path.Combine(folder, "Upstream.cs"), File.ReadAllText(Path.Combine(templates, "csharp", "Upstream.cs")));
    Write(Path.Combine(folder, "Spec.g.cs"), specCs);
}
Write(Path.Combine(output, "hosting", "Tools.g.cs"), Emit.HostingTools(tools));
Write(Path.Combine(Copy("floor"), "Answer.g.cs"), Emit.FloorAnswer(initializeLine));
Write(Path.Combine(Copy("ts"), "tools.g.mjs"), Emit.TypeScriptTable(spec, toolsJson));
Console.WriteLine($"{spec.Name}: {tools.GetArrayLength()} tools -> {output}/{{hosting,core,aspnet,floor,ts}}");
return 0;

string Copy(string peer)
{
    var folder = Path.Combine(output, peer);
    Directory.CreateDirectory(folder);
    foreach (var file in Directory.GetFiles(Path.Combine(templates, peer))) Write(Path.Combine(folder, Path.GetFileName(file)), File.ReadAllText(file));
    return folder;
}

// Only what changed is written, so that publishing again after an unchanged spec does not compile again.
static void Write(string path, string text)
{
    if (!File.Exists(path) || File.ReadAllText(path) != text) File.WriteAllText(path, text);
}

/// <summary>What the peers need from the spec itself: the upstream and each tool's HTTP mapping.</summary>
sealed record SpecTable(string Name, string Version, string BaseUrl, List<(string Name, string Value)> Headers,
    Dictionary<string, string> Defaults, List<string> RequiredEnv, List<RouteRow> Routes)
{
    public static SpecTable Read(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var server = Map(root, "server")!;
        var upstream = Map(root, "upstream") ?? throw new InvalidOperationException("the spec has no upstream");

        var defaults = new Dictionary<string, string>();
        var required = new List<string>();
        foreach (var (key, value) in Entries(Map(root, "env")))
        {
            var name = ((YamlScalarNode)key).Value!;
            if (Scalar(value, "default") is { } d) defaults[name] = d;
            if (Scalar(value, "required") == "true") required.Add(name);
        }

        var headers = new List<(string, string)>();
        var auth = Map(upstream, "auth");
        switch (auth is null ? "none" : Scalar(auth, "type"))
        {
            case "none": break;
            case "bearer": headers.Add(("Authorization", "Bearer " + Scalar(auth!, "token"))); break;
            case "header": headers.Add((Scalar(auth!, "name")!, Scalar(auth!, "value") ?? Scalar(auth!, "token")!)); break;
            case var other: throw new InvalidOperationException($"upstream auth type '{other}' is not supported by the peers");
        }
        foreach (var (key, value) in Entries(Map(upstream, "headers")))
        {
            headers.Add((((YamlScalarNode)key).Value!, ((YamlScalarNode)value).Value!));
        }

        var routes = new List<RouteRow>();
        foreach (var node in ((YamlSequenceNode)root.Children[new YamlScalarNode("tools")]).Children.Cast<YamlMappingNode>())
        {
            var name = Scalar(node, "name")!;
            if (Map(node, "http") is not { } http) continue; // static or hand-written tools have no peer equivalent
            if (Map(http, "headers") is not null) throw new InvalidOperationException($"{name}: per-tool headers are not supported by the peers");
            var method = Scalar(http, "method")!.ToUpperInvariant();
            var routePath = Scalar(http, "path")!;
            var inputs = Map(node, "input")?.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList() ?? new List<string>();
            var query = Pairs(http, "query") ?? new List<(string, string)>();
            var pathInputs = Regex.Matches(routePath, @"\{([^}]+)\}").Select(m => m.Groups[1].Value).ToHashSet();
            // As NativeMcp: POST, PUT and PATCH send every input not used by path or query; GET and DELETE none.
            var body = Pairs(http, "body") ?? (method is "POST" or "PUT" or "PATCH"
                ? inputs.Where(i => !pathInputs.Contains(i) && query.All(q => q.Input != i)).Select(i => (i, i)).ToList()
                : null);
            routes.Add(new RouteRow(name, method, routePath, query, body));
        }
        return new SpecTable(Scalar(server, "name")!, Scalar(server, "version") ?? "1.0.0", Scalar(upstream, "baseUrl")!, headers, defaults, required, routes);
    }

    private static YamlMappingNode? Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Entries(YamlMappingNode? map) =>
        map?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>();

    private static string? Scalar(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    // A list of inputs (wire name = input name) or a map { wireName: inputName }.
    private static List<(string Wire, string Input)>? Pairs(YamlMappingNode node, string key)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value)) return null;
        return value switch
        {
            YamlSequenceNode list => list.Children.Select(c => (((YamlScalarNode)c).Value!, ((YamlScalarNode)c).Value!)).ToList(),
            YamlMappingNode map => map.Children.Select(c => (((YamlScalarNode)c.Key).Value!, ((YamlScalarNode)c.Value).Value!)).ToList(),
            _ => throw new InvalidOperationException($"http.{key} must be a list or a map"),
        };
    }
}

sealed record RouteRow(string Name, string Method, string Path, List<(string Wire, string Input)> Query, List<(string Wire, string Input)>? Body);

/// <summary>The NativeMcp binary's own answers: the initialize line (the floor writes it back) and tools/list.</summary>
static class Published
{
    public const string InitializeRequest = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"mcp-probe","version":"1.0.0"}}}""";

    public static (string InitializeLine, string ToolsJson) Read(string binary, List<string> requiredEnv)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in requiredEnv) start.Environment[name] = "placeholder";
        using var process = Process.Start(start)!;
        process.StandardInput.WriteLine(InitializeRequest);
        process.StandardInput.Flush();
        var initialize = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("no initialize answer");
        process.StandardInput.WriteLine("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        process.StandardInput.WriteLine("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
        process.StandardInput.Flush();
        using var list = JsonDocument.Parse(process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("no tools/list answer"));
        process.StandardInput.Close();
        if (!process.WaitForExit(10_000)) process.Kill();
        var result = list.RootElement.GetProperty("result");
        if (result.TryGetProperty("nextCursor", out _)) throw new InvalidOperationException("tools/list is paged: the peers need every tool on one page");
        return (initialize, result.GetRawText());
    }
}

static class Emit
{
    // A JSON string literal is a valid C# and JavaScript string literal (JsonSerializer escapes quotes, controls, non-ASCII).
    private static string Lit(string value) => JsonSerializer.Serialize(value);

    public static string SpecClass(SpecTable spec, string toolsJson)
    {
        var w = new StringBuilder();
        w.AppendLine("// <auto-generated/> by bench/make-peers.cs from the spec and the NativeMcp binary's tools/list.");
        w.AppendLine("#nullable enable");
        w.AppendLine("using System.Collections.Generic;").AppendLine("namespace Peer;").AppendLine();
        w.AppendLine("static class Spec").AppendLine("{");
        w.AppendLine($"    public const string Name = {Lit(spec.Name)};");
        w.AppendLine($"    public const string Version = {Lit(spec.Version)};");
        w.AppendLine($"    public const string BaseUrl = {Lit(spec.BaseUrl)};");
        w.AppendLine($"    public static readonly (string Name, string Value)[] Headers = [{string.Join(", ", spec.Headers.Select(h => $"({Lit(h.Name)}, {Lit(h.Value)})"))}];");
        w.AppendLine($"    private static readonly Dictionary<string, string> Defaults = new() {{ {string.Join(", ", spec.Defaults.Select(d => $"[{Lit(d.Key)}] = {Lit(d.Value)}"))} }};");
        w.AppendLine("    public static readonly Route[] Routes =").AppendLine("    [");
        foreach (var r in spec.Routes)
        {
            w.AppendLine($"        new({Lit(r.Name)}, {Lit(r.Method)}, {Lit(r.Path)}, [{Pairs(r.Query)}], {(r.Body is null ? "null" : $"[{Pairs(r.Body)}]")}),");
        }
        w.AppendLine("    ];");
        w.AppendLine($"    public const string ToolsJson = {Lit(toolsJson)};").AppendLine();
        w.AppendLine("    /// <summary>${NAME} from the environment, else the spec's default.</summary>");
        w.AppendLine("    public static string Resolve(string template) => System.Text.RegularExpressions.Regex.Replace(template, @\"\\$\\{([A-Za-z0-9_]+)\\}\",");
        w.AppendLine("        m => System.Environment.GetEnvironmentVariable(m.Groups[1].Value) ?? Defaults.GetValueOrDefault(m.Groups[1].Value, \"\"));");
        w.AppendLine("}");
        return w.ToString();

        static string Pairs(List<(string Wire, string Input)> pairs) => string.Join(", ", pairs.Select(p => $"({Lit(p.Wire)}, {Lit(p.Input)})"));
    }

    /// <summary>One [McpServerTool] method per tool, as an SDK user writes them: typed parameters, required first.</summary>
    public static string HostingTools(JsonElement tools)
    {
        var w = new StringBuilder();
        w.AppendLine("// <auto-generated/> by bench/make-peers.cs: one [McpServerTool] method per tool of the spec.");
        w.AppendLine("#nullable enable");
        w.AppendLine("using System.ComponentModel;").AppendLine("using System.Text.Json;").AppendLine("using System.Threading;");
        w.AppendLine("using System.Threading.Tasks;").AppendLine("using ModelContextProtocol.Protocol;").AppendLine("using ModelContextProtocol.Server;");
        w.AppendLine("namespace Peer;").AppendLine().AppendLine("[McpServerToolType]").AppendLine("public sealed class Tools").AppendLine("{");
        foreach (var tool in tools.EnumerateArray())
        {
            var name = tool.GetProperty("name").GetString()!;
            var schema = tool.GetProperty("inputSchema");
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : new HashSet<string>();
            var properties = schema.TryGetProperty("properties", out var p) ? p.EnumerateObject().ToList() : new List<JsonProperty>();
            var attribute = new List<string> { $"Name = {Lit(name)}" };
            if (tool.TryGetProperty("title", out var title)) attribute.Add($"Title = {Lit(title.GetString()!)}");
            if (tool.TryGetProperty("annotations", out var a))
            {
                foreach (var (hint, property) in new[] { ("readOnlyHint", "ReadOnly"), ("destructiveHint", "Destructive"), ("idempotentHint", "Idempotent"), ("openWorldHint", "OpenWorld") })
                {
                    if (a.TryGetProperty(hint, out var v)) attribute.Add($"{property} = {(v.GetBoolean() ? "true" : "false")}");
                }
            }
            w.AppendLine($"    [McpServerTool({string.Join(", ", attribute)})]");
            if (tool.TryGetProperty("description", out var description)) w.AppendLine($"    [Description({Lit(description.GetString()!)})]");
            var parameters = properties.OrderBy(x => required.Contains(x.Name) ? 0 : 1).Select(x => Parameter(x, required.Contains(x.Name))).ToList();
            parameters.Add("CancellationToken cancellationToken = default");
            var arguments = string.Join(", ", properties.Select(x => $"({Lit(x.Name)}, Arguments.Of(@{x.Name}))"));
            w.AppendLine($"    public static ValueTask<CallToolResult> {Pascal(name)}({string.Join(", ", parameters)}) =>");
            w.AppendLine($"        Upstream.CallAsync(Upstream.Route({Lit(name)}), Arguments.Of({arguments}), cancellationToken);").AppendLine();
        }
        w.AppendLine("}");
        return w.ToString();
    }

    private static string Parameter(JsonProperty property, bool required)
    {
        var schema = property.Value;
        var type = schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var clr = type switch { "string" => "string", "integer" => "long", "number" => "double", "boolean" => "bool", _ => "JsonElement" };
        var description = schema.TryGetProperty("description", out var d) ? $"[Description({Lit(d.GetString()!)})] " : "";
        if (required) return $"{description}{clr} @{property.Name}";
        var value = !schema.TryGetProperty("default", out var def) ? "null" : def.ValueKind switch
        {
            JsonValueKind.String when clr == "string" => Lit(def.GetString()!),
            JsonValueKind.Number when clr is "long" or "double" => def.GetRawText(),
            JsonValueKind.True or JsonValueKind.False when clr == "bool" => def.GetRawText(),
            _ => "null",
        };
        return $"{description}{clr}? @{property.Name} = {value}";
    }

    private static string Pascal(string name) => string.Concat(name.Split('_', '-').Select(s => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..]));

    public static string FloorAnswer(string initializeLine)
    {
        var bytes = Encoding.UTF8.GetBytes(initializeLine + "\n");
        return "// <auto-generated/> by bench/make-peers.cs: the NativeMcp binary's answer to the probe's initialize request.\n"
            + "namespace Peer;\n\nstatic class Answer\n{\n    public static System.ReadOnlySpan<byte> Initialize => " + Lit(initializeLine + "\n") + "u8;\n}\n"
            + $"// {bytes.Length} bytes\n";
    }

    public static string TypeScriptTable(SpecTable spec, string toolsJson)
    {
        using var tools = JsonDocument.Parse(toolsJson);
        var table = new
        {
            name = spec.Name,
            version = spec.Version,
            baseUrl = spec.BaseUrl,
            headers = spec.Headers.Select(h => new[] { h.Name, h.Value }).ToArray(),
            defaults = spec.Defaults,
            routes = spec.Routes.Select(r => new
            {
                name = r.Name,
                method = r.Method,
                path = r.Path,
                query = r.Query.Select(q => new[] { q.Wire, q.Input }).ToArray(),
                body = r.Body?.Select(q => new[] { q.Wire, q.Input }).ToArray(),
            }).ToArray(),
        };
        var json = JsonSerializer.Serialize(table, new JsonSerializerOptions { WriteIndented = true });
        return "// <auto-generated/> by bench/make-peers.cs from the spec and the NativeMcp binary's tools/list.\n"
            + $"export const spec = {json.TrimEnd('}').TrimEnd()},\n  \"tools\": {tools.RootElement.GetProperty("tools").GetRawText()}\n}};\n";
    }
}
