using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.FrontEnds.OpenApi;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.Spec;

/// <summary>
/// The spec front end: YAML/JSON text -> a <see cref="SpecDeclaration"/> plus diagnostics. Each value is
/// checked while its YAML node (and so its line and column) is at hand; the result holds no node.
/// </summary>
internal sealed partial class SpecParser
{
    internal const string DefaultUpstream = "default";
    private static readonly Regex ServerNamePattern = new("^[a-z][a-z0-9_-]*$");
    private static readonly Regex DurationPattern = new("^([0-9]+)(ms|s|m)$");
    private static readonly Regex SizePattern = new("^([0-9]+)(B|KB|MB)$");

    private readonly SpecReader _r;
    private readonly Dictionary<string, EnvVarModel> _env = new(StringComparer.Ordinal);
    private readonly List<NameDeclaration> _names = new();
    private readonly List<ReferenceDeclaration> _references = new();
    private readonly List<ImportReport> _imports = new();
    private LocationInfo? _serverNameLocation;
    private readonly List<string> _upstreamNames = new();

    private SpecParser(string filePath, IImports importer)
    {
        _r = new SpecReader(filePath);
        _filePath = filePath;
        _importer = importer;
    }

    private readonly string _filePath;
    private readonly IImports _importer;

    /// <summary>Never throws: an unexpected failure becomes one NMCP099 diagnostic.</summary>
    /// <param name="documents">The files an <c>openapi</c> import may read (none: the spec imports nothing).</param>
    public static SpecDeclaration Parse(string filePath, string text, IDocumentSource? documents = null) =>
        Parse(filePath, text, documents is null ? DirectImports.None : new DirectImports(documents));

    /// <summary>As above, with the <c>openapi</c> sections imported by <paramref name="importer"/> (the generator's cache).</summary>
    public static SpecDeclaration Parse(string filePath, string text, IImports importer)
    {
        var parser = new SpecParser(filePath, importer);
        var scanner = new Scanner(new StringReader(text));
        SpecModel? model = null;
        try
        {
            model = parser.ParseDocument(scanner);
        }
        catch (YamlException ex)
        {
            parser._r.Report(SpecDiagnostics.SyntaxError, ex.Start, ex.End, FirstLine(ex.InnerException?.Message ?? ex.Message));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some unterminated flow collections,
            // e.g. a '{' never closed before the next key: report it where the scanner stopped.
            parser._r.Report(SpecDiagnostics.SyntaxError, scanner.CurrentPosition, scanner.CurrentPosition,
                "unexpected text here; is a '{' or '[' above left unclosed, or a '{name}' path unquoted inside { }?");
        }
        catch (ArgumentException ex) when (ex.ParamName == "parser")
        {
            // YamlDotNet's loader throws this (not a YamlException) on an entry with no key before its ':'
            // followed by another ': ' (": a: b"): a syntax error where the scanner stopped, not a generator failure.
            parser._r.Report(SpecDiagnostics.SyntaxError, scanner.CurrentPosition, scanner.CurrentPosition,
                "unexpected text here; does an entry above start with ':' (no key), or hold an unquoted ': ' in its value?");
        }
        catch (Exception ex)
        {
            parser._r.Report(SpecDiagnostics.InternalError, (YamlNode?)null, ex.GetType().Name + ": " + FirstLine(ex.Message));
        }

        var diagnostics = new EquatableArray<DiagnosticInfo>(parser._r.Diagnostics.ToArray());
        return new SpecDeclaration
        {
            SourcePath = filePath,
            Content = model,
            Diagnostics = diagnostics,
            ServerNameLocation = parser._serverNameLocation,
            Handlers = new EquatableArray<HandlerDeclaration>(parser._handlers.ToArray()),
            Assets = new EquatableArray<AssetDeclaration>(parser._assets.ToArray()),
            McpExposures = new EquatableArray<McpExposureDeclaration>(parser._mcpExposures.ToArray()),
            Names = new EquatableArray<NameDeclaration>(parser._names.ToArray()),
            References = new EquatableArray<ReferenceDeclaration>(parser._references.ToArray()),
            Imports = new EquatableArray<ImportReport>(parser._imports.ToArray()),
        };
    }

    /// <summary>Records a name the resolver must find declared (see <see cref="ReferenceDeclaration"/>).</summary>
    private void Reference(ReferenceKind kind, string name, OwnerKind ownerKind, string owner, string context, YamlNode? at) =>
        _references.Add(new ReferenceDeclaration(kind, name, ownerKind, owner, context, at is null ? null : _r.Locate(at.Start, at.End)));

    private void DeclareName(OwnerKind kind, string name, YamlNode at) => _names.Add(new NameDeclaration(kind, name, _r.Locate(at.Start, at.End)));

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n');
        return (newline < 0 ? message : message.Substring(0, newline)).Trim();
    }

    private SpecModel? ParseDocument(Scanner scanner)
    {
        var stream = new YamlStream();
        stream.Load(new Parser(scanner));
        if (stream.Documents.Count == 0 || SpecReader.IsNull(stream.Documents[0].RootNode))
        {
            _r.Report(SpecDiagnostics.UnsupportedVersion, Mark.Empty, Mark.Empty, "The spec file is empty; it must start with 'nativemcp: 1'");
            return null;
        }

        var root = _r.Mapping(stream.Documents[0].RootNode, "the spec", SpecKeys.Root);
        if (root is null) return null;

        var version = root["nativemcp"];
        if (version is null)
        {
            _r.Report(SpecDiagnostics.MissingKey, root.Node, "The spec", "nativemcp");
        }
        else if (version is not YamlScalarNode { Value: "1" })
        {
            _r.Report(SpecDiagnostics.UnsupportedVersion, version, "Spec format version must be 1 (this generator reads format v1)");
        }

        ParseEnv(root["env"]);
        var server = ParseServer(root["server"], root);
        var databases = ParseDatabases(root["databases"]);
        // A registry gateway finds its tools at run time: it needs no upstream of its own.
        var upstreams = ParseUpstreams(root, optional: !databases.IsEmpty || root.Has("registry"));
        var tools = ParseTools(root["tools"]);
        if (root["openapi"] is { } openapi && server is not null)
        {
            tools = Import(openapi, server, tools, upstreams);
        }
        var resources = ParseResources(root["resources"]);
        var prompts = ParsePrompts(root["prompts"]);
        var serve = ParseServe(root["serve"]);
        var registry = ParseRegistry(root["registry"], serve is not null);

        if (server is null || (upstreams.Count == 0 && databases.IsEmpty && registry is null && _mcpUpstreams.Count == 0)) return null;
        return new SpecModel
        {
            Server = server,
            Env = new EquatableArray<EnvVarModel>(_env.Values.ToArray()),
            Upstreams = new EquatableArray<UpstreamModel>(upstreams.ToArray()),
            McpUpstreams = new EquatableArray<McpUpstreamModel>(_mcpUpstreams.ToArray()),
            Databases = databases,
            Tools = tools,
            Resources = resources,
            Prompts = prompts,
            Serve = serve,
            Registry = registry,
        };
    }

    private ServerModel? ParseServer(YamlNode? node, MappingEntries root)
    {
        if (node is null)
        {
            _r.Report(SpecDiagnostics.MissingKey, root.Node, "The spec", "server");
            return null;
        }
        var m = _r.Mapping(node, "server", SpecKeys.Server);
        if (m is null) return null;

        var name = RequiredString(m, "name", "server");
        if (m["name"] is { } nameNode) _serverNameLocation = _r.Locate(nameNode.Start, nameNode.End);
        if (name is not null && !ServerNamePattern.IsMatch(name))
        {
            _r.Report(SpecDiagnostics.InvalidValue, m["name"], "server.name", "use lower-case letters, digits, '-' and '_', starting with a letter");
        }
        var version = RequiredString(m, "version", "server");
        var binary = RequiredString(m, "binary", "server");
        if (binary is not null && (binary.Length == 0 || binary.IndexOfAny(new[] { '/', '\\', ' ' }) >= 0))
        {
            _r.Report(SpecDiagnostics.InvalidValue, m["binary"], "server.binary", "a file name without spaces or slashes");
        }

        return new ServerModel
        {
            Name = name ?? "",
            Title = _r.String(m["title"], "server.title"),
            Version = version ?? "",
            Binary = binary ?? "",
            Instructions = _r.String(m["instructions"], "server.instructions"),
            StartupMessage = _r.String(m["startupMessage"], "server.startupMessage"),
            DrainTimeoutMilliseconds = OptionalDuration(m["drainTimeout"], "server.drainTimeout"),
            MaxArgumentBytes = OptionalSize(m["maxArgumentSize"], "server.maxArgumentSize"),
        };
    }

    private void ParseEnv(YamlNode? node)
    {
        var m = _r.Mapping(node, "env", null);
        if (m is null) return;
        foreach (var (name, key, value) in m.Entries)
        {
            var where = "env." + name;
            var e = SpecReader.IsNull(value) ? null : _r.Mapping(value, where, SpecKeys.Env);
            _env[name] = new EnvVarModel(
                name,
                _r.Bool(e?["required"], where + ".required") ?? false,
                _r.Bool(e?["secret"], where + ".secret") ?? false,
                _r.String(e?["default"], where + ".default"),
                _r.String(e?["description"], where + ".description"));
        }
    }

    /// <summary>
    /// <c>upstream:</c> (one API, named "default") or <c>upstreams:</c> (several, by name); <paramref name="optional"/>
    /// when the spec's tools can come from its databases alone.
    /// </summary>
    private List<UpstreamModel> ParseUpstreams(MappingEntries root, bool optional)
    {
        var result = new List<UpstreamModel>();
        if (root["upstream"] is { } single)
        {
            if (root.KeyNode("upstreams") is { } both)
            {
                _r.Report(SpecDiagnostics.InvalidValue, both, "upstreams", "use either 'upstream' (one API) or 'upstreams' (several), not both");
            }
            _upstreamNames.Add(DefaultUpstream);
            if (ParseUpstream(DefaultUpstream, single, "upstream") is { } u) result.Add(u);
            return result;
        }
        if (_r.Mapping(root["upstreams"], "upstreams", null) is { } many)
        {
            // An entry with a transport is an MCP server (SpecParser.Mcp.cs); the others are HTTP APIs.
            foreach (var (name, _, value) in many.Entries) (IsMcpUpstream(value) ? _mcpUpstreamNames : _upstreamNames).Add(name);
            foreach (var (name, key, value) in many.Entries)
            {
                if (IsMcpUpstream(value)) ParseMcpUpstream(name, key, value, "upstreams." + name);
                else if (ParseUpstream(name, value, "upstreams." + name) is { } u) result.Add(u);
            }
            if (_upstreamNames.Count + _mcpUpstreamNames.Count > 0) return result;
        }
        // An OpenAPI import brings its upstream from the document's servers.
        if (root.Has("openapi"))
        {
            _upstreamNames.Add(DefaultUpstream);
            return result;
        }
        if (!optional) _r.Report(SpecDiagnostics.MissingKey, root.Node, "The spec", "upstream");
        return result;
    }

    private UpstreamModel? ParseUpstream(string upstreamName, YamlNode node, string where)
    {
        var m = _r.Mapping(node, where, SpecKeys.Upstream);
        if (m is null) return null;

        var baseUrlText = RequiredString(m, "baseUrl", where);
        var baseUrl = baseUrlText is null ? null : EnvTemplate(baseUrlText, m["baseUrl"]!);

        return new UpstreamModel
        {
            Name = upstreamName,
            BaseUrl = baseUrl ?? Template.Empty,
            Auth = ParseAuth(m["auth"], where + ".auth") ?? AuthModel.None,
            Headers = ParseHeaders(m["headers"], where + ".headers", inputs: null),
            TimeoutMilliseconds = OptionalDuration(m["timeout"], where + ".timeout") ?? 30_000,
            Errors = ParseErrorHints(m["errors"], where + ".errors"),
            RateLimit = ParseRateLimit(m["rateLimit"], where + ".rateLimit"),
            Retry = ParseRetry(m["retry"], where + ".retry"),
            MaxResponseBytes = OptionalSize(m["maxResponseSize"], where + ".maxResponseSize"),
        };
    }

    private ServeModel? ParseServe(YamlNode? node)
    {
        var m = _r.Mapping(node, "serve", SpecKeys.Serve);
        if (m is null) return null;
        var path = _r.String(m["path"], "serve.path");
        if (path is not null && !path.StartsWith("/", StringComparison.Ordinal))
        {
            _r.Report(SpecDiagnostics.InvalidValue, m["path"], "serve.path", "a path starting with '/', like /mcp");
        }
        var host = _r.String(m["host"], "serve.host");
        if (host is not null && !System.Net.IPAddress.TryParse(host, out _))
        {
            _r.Report(SpecDiagnostics.InvalidValue, m["host"], "serve.host", "an IP address to bind, like 127.0.0.1 or 0.0.0.0");
        }
        var keys = _r.Mapping(m["apiKeys"], "serve.apiKeys", SpecKeys.ApiKeys);
        Template? EnvValue(YamlNode? n, string where) => _r.String(n, where) is { } text ? EnvTemplate(text, n!) : null;
        var header = keys?["header"] is YamlScalarNode { Value: "true" } ? "x-api-key" : _r.String(keys?["header"], "serve.apiKeys.header");
        return new ServeModel
        {
            Port = EnvValue(m["port"], "serve.port"),
            Host = host,
            Path = path,
            MaxRequestBytes = OptionalSize(m["maxRequestSize"], "serve.maxRequestSize"),
            AllowedHosts = StringList(m["allowedHosts"], "serve.allowedHosts"),
            AllowedOrigins = StringList(m["allowedOrigins"], "serve.allowedOrigins"),
            KeyHeader = header == "false" ? null : header,
            KeyBearer = _r.Bool(keys?["bearer"], "serve.apiKeys.bearer") ?? false,
            KeyQuery = _r.String(keys?["query"], "serve.apiKeys.query"),
            Keys = EnvValue(keys?["keys"], "serve.apiKeys.keys"),
            KeysFile = EnvValue(keys?["keysFile"], "serve.apiKeys.keysFile"),
            RateLimit = ParseRateLimit(m["rateLimit"], "serve.rateLimit"),
            Sessions = _r.Bool(m["sessions"], "serve.sessions") ?? false,
        };
    }

    private EquatableArray<string> StringList(YamlNode? node, string where) =>
        _r.Sequence(node, where) is { } list
            ? new EquatableArray<string>(list.Children.Select(c => _r.String(c, where) ?? "").ToArray())
            : EquatableArray<string>.Empty;

    private RateLimitModel? ParseRateLimit(YamlNode? node, string where)
    {
        var m = _r.Mapping(node, where, SpecKeys.RateLimit);
        if (m is null) return null;
        var requests = m.Has("requests") ? _r.Int(m["requests"], where + ".requests", 1) : null;
        if (!m.Has("requests")) _r.Report(SpecDiagnostics.MissingKey, m.Node, where, "requests");
        var per = OptionalDuration(m["per"], where + ".per");
        if (!m.Has("per")) _r.Report(SpecDiagnostics.MissingKey, m.Node, where, "per");
        return requests is { } r && per is { } p ? new RateLimitModel(r, p, OptionalDuration(m["maxWait"], where + ".maxWait")) : null;
    }

    private RetryModel? ParseRetry(YamlNode? node, string where)
    {
        var m = _r.Mapping(node, where, SpecKeys.Retry);
        if (m is null) return null;
        var statuses = EquatableArray<int>.Empty;
        if (_r.Sequence(m["statuses"], where + ".statuses") is { } list)
        {
            statuses = new EquatableArray<int>(list.Children.Select(c => StatusCode(c, where + ".statuses")).Where(s => s > 0).ToArray());
        }
        return new RetryModel(
            _r.Int(m["maxAttempts"], where + ".maxAttempts", 1),
            statuses,
            OptionalDuration(m["baseDelay"], where + ".baseDelay"),
            OptionalDuration(m["maxDelay"], where + ".maxDelay"),
            OptionalDuration(m["maxElapsed"], where + ".maxElapsed"));
    }

    private int StatusCode(YamlNode node, string where)
    {
        var status = _r.Int(node, where, 100) ?? 0;
        if (status > 599)
        {
            _r.Report(SpecDiagnostics.InvalidValue, node, where, status + " is not an HTTP status code (100-599)");
            return 0;
        }
        return status;
    }

    /// <param name="mcp">An MCP upstream's auth, which may also use an OAuth2 refresh token.</param>
    private AuthModel? ParseAuth(YamlNode? node, string where, bool mcp = false)
    {
        var none = AuthModel.None;
        var m = _r.Mapping(node, where, SpecKeys.Auth);
        if (m is null) return null;
        if (m["anyOf"] is { } anyOf)
        {
            if (m.Entries.Count() > 1) _r.Report(SpecDiagnostics.InvalidValue, m.KeyNode("anyOf"), where + ".anyOf", "give the alternatives alone: each one holds its own schemes");
            return ParseAuthAlternatives(anyOf, where + ".anyOf");
        }

        var type = RequiredString(m, "type", where);
        Template? Get(string key) =>
            RequiredString(m, key, where + " (type " + type + ")") is { } s ? EnvTemplate(s, m[key]!) : null;
        var forward = _r.Bool(m["forward"], where + ".forward") ?? false;
        if (forward && type is not ("bearer" or "header" or "query"))
        {
            _r.Report(SpecDiagnostics.InvalidValue, m["forward"], where + ".forward", "only a bearer, header or query key can be forwarded");
        }

        switch (type)
        {
            case null: return none;
            case "none": return none;
            case "bearer": return new AuthModel { Kind = AuthKind.Bearer, First = Get("token"), Forward = forward };
            case "header": return new AuthModel { Kind = AuthKind.Header, Name = RequiredString(m, "name", where + " (type header)"), First = Get("value"), Forward = forward };
            case "query": return new AuthModel { Kind = AuthKind.Query, Name = RequiredString(m, "name", where + " (type query)"), First = Get("value"), Forward = forward };
            case "cookie": return new AuthModel { Kind = AuthKind.Cookie, Name = RequiredString(m, "name", where + " (type cookie)"), First = Get("value") };
            case "basic": return new AuthModel { Kind = AuthKind.Basic, First = Get("username"), Second = Get("password") };
            case "oauth2":
                var scopes = EquatableArray<string>.Empty;
                if (m["scopes"] is YamlScalarNode scopeText) scopes = new EquatableArray<string>((scopeText.Value ?? "").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
                else if (_r.Sequence(m["scopes"], where + ".scopes") is { } scopeList) scopes = new EquatableArray<string>(scopeList.Children.Select(c => _r.String(c, where + ".scopes") ?? "").ToArray());
                var audience = _r.String(m["audience"], where + ".audience") is { } a ? EnvTemplate(a, m["audience"]!) : null;
                if (m.Has("refreshToken"))
                {
                    // The refresh_token grant: a public client may have no secret.
                    if (!mcp)
                    {
                        _r.Report(SpecDiagnostics.InvalidValue, m.KeyNode("refreshToken"), where + ".refreshToken", "a refresh token is supported for MCP upstreams (with a transport); an HTTP API uses client credentials");
                        return none;
                    }
                    var secret = _r.String(m["clientSecret"], where + ".clientSecret") is { } cs ? EnvTemplate(cs, m["clientSecret"]!) : null;
                    return new AuthModel { Kind = AuthKind.OAuth2, First = Get("clientId"), Second = secret, TokenUrl = Get("tokenUrl"), Scopes = scopes, Audience = audience, RefreshToken = Get("refreshToken") };
                }
                return new AuthModel { Kind = AuthKind.OAuth2, First = Get("clientId"), Second = Get("clientSecret"), TokenUrl = Get("tokenUrl"), Scopes = scopes, Audience = audience };
            default:
                _r.Report(SpecDiagnostics.InvalidValue, m["type"], where + ".type", "'" + type + "' is not one of: none, bearer, header, query, cookie, basic, oauth2");
                return none;
        }
    }

    private int? OptionalDuration(YamlNode? node, string where) =>
        _r.String(node, where) is { } text ? ParseDuration(text, node!, where) : null;

    private long? OptionalSize(YamlNode? node, string where)
    {
        if (_r.String(node, where) is not { } text) return null;
        var match = SizePattern.Match(text);
        if (!match.Success)
        {
            _r.Report(SpecDiagnostics.InvalidValue, node, where, "a size such as 512KB, 10MB or 2000B");
            return null;
        }
        var amount = long.Parse(match.Groups[1].Value);
        return match.Groups[2].Value switch { "B" => amount, "KB" => amount * 1024, _ => amount * 1024 * 1024 };
    }

    private EquatableArray<HeaderModel> ParseHeaders(YamlNode? node, string where, IReadOnlyDictionary<string, InputModel>? inputs)
    {
        var m = _r.Mapping(node, where, null);
        if (m is null) return EquatableArray<HeaderModel>.Empty;
        var headers = new List<HeaderModel>();
        foreach (var (name, _, value) in m.Entries)
        {
            var text = _r.String(value, where + "." + name);
            if (text is null) continue;
            var template = inputs is null ? EnvTemplate(text, value) : InputTemplate(text, value, inputs, where);
            headers.Add(new HeaderModel(name, template));
        }
        return new EquatableArray<HeaderModel>(headers.ToArray());
    }

    private EquatableArray<ErrorHintModel> ParseErrorHints(YamlNode? node, string where)
    {
        var m = _r.Mapping(node, where, null);
        if (m is null) return EquatableArray<ErrorHintModel>.Empty;
        var hints = new List<ErrorHintModel>();
        foreach (var (name, key, value) in m.Entries)
        {
            if (!int.TryParse(name, out var status) || status < 100 || status > 599)
            {
                _r.Report(SpecDiagnostics.InvalidValue, key, where, "'" + name + "' is not an HTTP status code (100-599)");
                continue;
            }
            if (_r.String(value, where + "." + name) is { } hint) hints.Add(new ErrorHintModel(status, hint));
        }
        return new EquatableArray<ErrorHintModel>(hints.OrderBy(h => h.Status).ToArray());
    }

    private int? ParseDuration(string text, YamlNode node, string where)
    {
        var match = DurationPattern.Match(text);
        // Up to a day: anything longer is a typo, and larger values would overflow milliseconds in an int.
        if (!match.Success || !long.TryParse(match.Groups[1].Value, out var amount)
            || amount * (match.Groups[2].Value switch { "ms" => 1L, "s" => 1000L, _ => 60_000L }) > 86_400_000L)
        {
            _r.Report(SpecDiagnostics.InvalidValue, node, where, "a duration such as 500ms, 30s or 2m, at most a day");
            return null;
        }
        return (int)(amount * (match.Groups[2].Value switch { "ms" => 1L, "s" => 1000L, _ => 60_000L }));
    }

    private string? RequiredString(MappingEntries m, string key, string where)
    {
        var node = m[key];
        if (node is null || SpecReader.IsNull(node))
        {
            _r.Report(SpecDiagnostics.MissingKey, node ?? (YamlNode)m.Node, where, key);
            return null;
        }
        return _r.String(node, where + "." + key);
    }
}
