using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.FrontEnds.Schema;
using NativeMcp.Generators.FrontEnds.Spec;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>What an import adds to the spec: the upstream from the document's servers, its env vars, one tool per operation.</summary>
internal sealed class ImportResult
{
    public UpstreamModel? Upstream { get; set; }

    public List<EnvVarModel> Env { get; } = new();

    public List<ToolModel> Tools { get; } = new();

    /// <summary>Operations in the document (every method of every path).</summary>
    public int Operations { get; set; }

    public List<OpenApiFile> Files { get; } = new();

    /// <summary>What became of each operation, in document order (what <c>nativemcp import</c> and <c>check</c> report).</summary>
    public List<OperationOutcome> Outcomes { get; } = new();
}

/// <summary>
/// The OpenAPI front end: an OpenAPI document (Swagger 2.0, OpenAPI 3.0 or 3.1; YAML or JSON; in one file or
/// several) -> the same <see cref="ToolModel"/>, <see cref="UpstreamModel"/> and <see cref="EnvVarModel"/> records
/// the spec front end makes. Every problem is a diagnostic at the document's own line and column: an operation
/// that cannot be mapped is skipped with a warning saying why; a broken reference is an error (no server).
/// </summary>
internal sealed partial class OpenApiImporter
{
    private static readonly string[] Methods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };
    private static readonly string[] Callable = { "GET", "POST", "PUT", "PATCH", "DELETE" };

    private readonly OpenApiDocuments _documents;
    private readonly OpenApiFile _root;
    private readonly OpenApiSchemas _schemas;
    private readonly ImportOptions _options;
    private readonly IReporter _spec;
    private readonly ImportResult _result = new();
    private readonly HashSet<string> _names;
    private readonly bool _swagger2;
    private readonly Dictionary<string, EnvVarModel> _env = new(StringComparer.Ordinal);
    private Security? _defaultSecurity;

    private OpenApiImporter(OpenApiDocuments documents, ImportOptions options, IReporter spec, ISet<string> takenNames)
    {
        _documents = documents;
        _root = documents.Root!;
        _schemas = new OpenApiSchemas(documents);
        _options = options;
        _spec = spec;
        _names = new HashSet<string>(takenNames, StringComparer.Ordinal);
        _swagger2 = OpenApiDocuments.Child(_root.Root, "swagger") is not null;
    }

    private OpenApiFile File => _root;

    private SpecReader Doc => _root.Reader;

    /// <param name="takenNames">Tool names the spec already uses (its own tools).</param>
    public static ImportResult Import(IDocumentSource source, ImportOptions options, IReporter spec, ISet<string> takenNames)
    {
        var documents = OpenApiDocuments.Open(source, options.DocumentPath, spec, options.DocumentNode);
        if (documents.Root is not { } root)
        {
            var failed = new ImportResult();
            failed.Files.AddRange(documents.Files);
            return failed;
        }
        var importer = new OpenApiImporter(documents, options, spec, takenNames);
        importer.Run();
        importer._result.Files.AddRange(documents.Files);
        return importer._result;
    }

    private void Run()
    {
        var version = OpenApiDocuments.Scalar(OpenApiDocuments.Child(File.Root, "openapi")) ?? OpenApiDocuments.Scalar(OpenApiDocuments.Child(File.Root, "swagger"));
        if (File.Root is not YamlMappingNode || version is null || !(version.StartsWith("2.", StringComparison.Ordinal) || version.StartsWith("3.0", StringComparison.Ordinal) || version.StartsWith("3.1", StringComparison.Ordinal)))
        {
            Doc.Report(SpecDiagnostics.DocumentUnreadable, OpenApiDocuments.Child(File.Root, "openapi") ?? File.Root, File.Path,
                "it is not an OpenAPI document this generator reads: it must start with 'swagger: \"2.0\"', 'openapi: 3.0.x' or 'openapi: 3.1.x'");
            return;
        }
        if (!_options.SpecUpstream) _result.Upstream = ReadUpstream();
        _defaultSecurity = _options.SpecUpstream ? null : ReadSecurity(OpenApiDocuments.Child(File.Root, "security"), File.Root);
        if (_result.Upstream is not null && _defaultSecurity?.Auth is { } auth) _result.Upstream = _result.Upstream with { Auth = auth };

        foreach (var (path, pathKey, item) in OpenApiDocuments.Entries(OpenApiDocuments.Child(File.Root, "paths")))
        {
            if (path.StartsWith("x-", StringComparison.Ordinal)) continue;
            if (_documents.Deref(File, item, path) is not { } pathItem) continue;
            foreach (var (method, methodKey, operation) in OpenApiDocuments.Entries(pathItem.Node))
            {
                if (Array.IndexOf(Methods, method) < 0) continue;
                _result.Operations++;
                ImportOperation(pathItem, path, method.ToUpperInvariant(), methodKey, operation);
            }
        }
        foreach (var rule in _options.Rules.Where(r => !r.Matched)) _spec.Report(SpecDiagnostics.SelectionUnused, rule.Node, "this rule matches no operation of " + File.Path);
        foreach (var pair in _options.Operations.Where(o => !o.Value.Used)) _spec.Report(SpecDiagnostics.SelectionUnused, pair.Value.Node, "'" + pair.Key + "' is not an imported operation of " + File.Path + " (name one by operationId, or as \"GET /path\")");
        _result.Env.AddRange(_env.Values);
    }

    // ---- Environment variables ----

    /// <summary>A derived name (prefix + part, upper snake case), as the spec renamed it.</summary>
    private string EnvName(string part)
    {
        var derived = _options.EnvPrefix + "_" + UpperSnake(part);
        return _options.EnvRenames.TryGetValue(derived, out var renamed) ? renamed : derived;
    }

    private Template Env(string name, bool secret, string? @default, string description, bool required = false)
    {
        if (!_env.ContainsKey(name)) _env[name] = new EnvVarModel(name, required, secret, @default, description);
        return new Template("${" + name + "}", new EquatableArray<TemplatePart>(new[] { new TemplatePart(TemplatePartKind.Env, name) }));
    }

    internal static string UpperSnake(string text)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 128 && char.IsLetterOrDigit(c))
            {
                if (char.IsUpper(c) && i > 0 && char.IsLower(text[i - 1]) && sb.Length > 0 && sb[sb.Length - 1] != '_') sb.Append('_');
                sb.Append(char.ToUpperInvariant(c));
            }
            else if (sb.Length > 0 && sb[sb.Length - 1] != '_')
            {
                sb.Append('_');
            }
        }
        return sb.ToString().Trim('_');
    }

    // ---- Servers -> the upstream ----

    private UpstreamModel ReadUpstream()
    {
        string? url;
        YamlNode at = File.Root;
        var variables = new List<(string Name, string? Default, string? Description)>();
        if (_swagger2)
        {
            var host = OpenApiDocuments.Scalar(OpenApiDocuments.Child(File.Root, "host"));
            var basePath = OpenApiDocuments.Scalar(OpenApiDocuments.Child(File.Root, "basePath")) ?? "";
            var schemes = OpenApiDocuments.Child(File.Root, "schemes") as YamlSequenceNode;
            var scheme = schemes?.Children.Select(OpenApiDocuments.Scalar).FirstOrDefault(s => s == "https") ?? schemes?.Children.Select(OpenApiDocuments.Scalar).FirstOrDefault() ?? "https";
            url = host is null ? (basePath.Length > 0 ? basePath : null) : scheme + "://" + host + basePath;
        }
        else
        {
            var first = (OpenApiDocuments.Child(File.Root, "servers") as YamlSequenceNode)?.Children.FirstOrDefault();
            url = OpenApiDocuments.Scalar(OpenApiDocuments.Child(first, "url"));
            if (first is not null) at = first;
            foreach (var (name, _, variable) in OpenApiDocuments.Entries(OpenApiDocuments.Child(first, "variables")))
            {
                variables.Add((name, OpenApiDocuments.Scalar(OpenApiDocuments.Child(variable, "default")), OpenApiDocuments.Scalar(OpenApiDocuments.Child(variable, "description"))));
            }
        }

        var baseName = EnvName("BASE_URL");
        Template baseUrl;
        if (url is null || !(url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("{", StringComparison.Ordinal)))
        {
            // No absolute server: the base URL must come from the environment.
            if (url is not null) Doc.Report(SpecDiagnostics.ConstructIgnored, at, "server URL '" + url + "'", "it is relative, so " + baseName + " must give the API's absolute base URL at start-up");
            baseUrl = Env(baseName, secret: false, null, "Base URL of the " + Title() + " API" + (url is null ? "" : " (the document gives '" + url + "')"), required: true);
        }
        else if (variables.Count == 0)
        {
            baseUrl = Env(baseName, secret: false, url.TrimEnd('/'), "Base URL of the " + Title() + " API");
        }
        else
        {
            // Each server variable is its own env var, with the document's default.
            var parts = new List<TemplatePart>();
            var rest = url.TrimEnd('/');
            while (rest.Length > 0)
            {
                var open = rest.IndexOf('{');
                var close = open < 0 ? -1 : rest.IndexOf('}', open);
                if (open < 0 || close < 0)
                {
                    parts.Add(new TemplatePart(TemplatePartKind.Text, rest));
                    break;
                }
                if (open > 0) parts.Add(new TemplatePart(TemplatePartKind.Text, rest.Substring(0, open)));
                var name = rest.Substring(open + 1, close - open - 1);
                var declared = variables.FirstOrDefault(v => v.Name == name);
                var envName = EnvName("SERVER_" + name);
                Env(envName, secret: false, declared.Default, declared.Description ?? "Server variable '" + name + "' of the " + Title() + " API", required: declared.Default is null);
                parts.Add(new TemplatePart(TemplatePartKind.Env, envName));
                rest = rest.Substring(close + 1);
            }
            baseUrl = new Template(url, new EquatableArray<TemplatePart>(parts.ToArray()));
            // The whole URL stays overridable (a proxy, a test server), whatever the variables say.
            Env(baseName, secret: false, null, "Base URL of the " + Title() + " API, replacing " + url + " and its variables");
            return new UpstreamModel { Name = SpecParser.DefaultUpstream, BaseUrl = baseUrl, BaseUrlOverride = baseName, TimeoutMilliseconds = 30_000 };
        }
        return new UpstreamModel { Name = SpecParser.DefaultUpstream, BaseUrl = baseUrl, TimeoutMilliseconds = 30_000 };
    }

    private string Title() => OpenApiDocuments.Scalar(OpenApiDocuments.Child(OpenApiDocuments.Child(File.Root, "info"), "title")) ?? _options.EnvPrefix;
}
