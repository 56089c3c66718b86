using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Emit;

/// <summary>
/// The server class: its <c>ServerDefinition</c> (what the host needs) and the single registration that
/// fills <c>McpServerOptions</c> with every tool, without reflection or assembly scanning.
/// </summary>
internal static class ServerEmitter
{
    private const string Upstream = "global::NativeMcp.Runtime.Upstream";
    private const string Hosting = "global::NativeMcp.Runtime.Hosting";
    private const string Server = "global::ModelContextProtocol.Server";
    private const string Protocol = "global::ModelContextProtocol.Protocol";



    public static string Emit(SpecModel spec, string ns, System.Collections.Generic.ISet<string> implemented)
    {
        var w = new SourceWriter().Header();
        var s = spec.Server;
        var clientName = spec.Names.ClientClass;

        w.Line("namespace " + ns + ";");
        w.Line();
        w.Line("/// <summary>The " + CSharp.Xml(s.Title ?? s.Name) + " MCP server, generated from its spec.</summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"NativeMcp.Generators\", \"1.0.0\")]");
        w.Line("internal static class " + spec.Names.ServerClass);
        w.Line("{");
        w.Line("public static readonly " + Hosting + ".ServerDefinition Definition = new()");
        w.Line("{");
        w.Line("Name = " + CSharp.Literal(s.Name) + ",");
        w.Line("Title = " + CSharp.Literal(s.Title) + ",");
        w.Line("Version = " + CSharp.Literal(s.Version) + ",");
        w.Line("StartupMessage = " + CSharp.Literal(s.StartupMessage) + ",");
        w.Line("Environment = new " + Hosting + ".EnvVar[]");
        w.Line("{");
        foreach (var e in spec.Env)
        {
            w.Line("new(" + CSharp.Literal(e.Name) + ", Required: " + CSharp.Bool(e.Required) + ", Secret: " + CSharp.Bool(e.Secret) +
                ", Default: " + CSharp.Literal(e.Default) + ", Description: " + CSharp.Literal(e.Description) + (e.Url ? ", Url: true" : "") + "),");
        }
        w.Line("},");
        w.Line("CreateOptions = CreateOptions,");
        w.Line("InitializeResult = " + CSharp.Literal(spec.InitializeJson) + ",");
        if (s.DrainTimeoutMilliseconds is { } drain) w.Line("DrainTimeout = " + Ms(drain) + ",");
        if (s.MaxArgumentBytes is { } maxArgument) w.Line("MaxArgumentBytes = " + maxArgument + "L,");
        if (spec.Serve is not null)
        {
            w.Line("Http = CreateHttpSettings,");
            // A registry serves its admin API and tenants' endpoints beside the spec's own; plain specs never root it.
            w.Line(spec.Registry is null ? "ServeHttp = global::NativeMcp.Runtime.Http.HttpServing.RunAsync," : "ServeHttp = global::NativeMcp.Runtime.Registry.RegistryServing.RunAsync,");
        }
        // Built at first read (LazyTable): only a server narrowed by scope or toolset reads them.
        var scoped = spec.Tools.Where(t => t.Scope is not null).ToList();
        if (scoped.Count > 0)
        {
            w.Line("ToolScopes = new global::NativeMcp.Runtime.Hosting.LazyTable(static () => new global::System.Collections.Generic.Dictionary<string, string>");
            w.Line("{");
            foreach (var tool in scoped) w.Line("[" + CSharp.Literal(tool.Name) + "] = " + CSharp.Literal(tool.Scope) + ",");
            w.Line("}),");
        }
        var grouped = spec.Tools.Where(t => t.Group is not null).ToList();
        if (grouped.Count > 0)
        {
            w.Line("ToolGroups = new global::NativeMcp.Runtime.Hosting.LazyTable(static () => new global::System.Collections.Generic.Dictionary<string, string>");
            w.Line("{");
            foreach (var tool in grouped) w.Line("[" + CSharp.Literal(tool.Name) + "] = " + CSharp.Literal(tool.Group) + ",");
            w.Line("}),");
        }
        w.Line("};");
        if (spec.Serve is { } serve)
        {
            w.Line();
            EmitHttpSettings(w, spec, serve);
            if (spec.Registry is not null)
            {
                w.Line();
                w.Line("private static string? NonEmpty(string value) => value.Length == 0 ? null : value;");
            }
        }
        w.Line();
        EmitCreateOptions(w, spec, clientName, implemented);
        w.Line();
        w.Line("/// <summary>Adds every tool of the spec: the whole registration, known at compile time.</summary>");
        var databases = string.Concat(spec.Databases.Select(d => ", " + SqlEmitter.DatabaseType + " " + SqlEmitter.DatabaseVariable(d)));
        w.Line("public static void Register(" + Server + ".McpServerPrimitiveCollection<" + Server + ".McpServerTool> tools, " + clientName + " api" + databases + ")");
        w.Line("{");
        foreach (var tool in RegisteredTools(spec, implemented).Where(t => !t.Dynamic)) w.Line("tools.Add(" + Construction(spec, tool) + ");");
        if (spec.Dynamic is not null)
        {
            DynamicEmitter.EmitRegistration(w, spec, RegisteredTools(spec, implemented).Where(t => t.Dynamic).Select(t => Construction(spec, t)));
        }
        w.Line("}");
        if (spec.HasCompletions)
        {
            w.Line();
            EmitCompletions(w, spec);
        }
        w.Line("}");
        return w.ToString();
    }

    private static void EmitHttpSettings(SourceWriter w, SpecModel spec, ServeModel serve)
    {
        var serving = "global::NativeMcp.Runtime.Serving";
        w.Line("/// <summary>The spec's serve section for a loaded environment.</summary>");
        w.Line("private static " + serving + ".ServeSettings CreateHttpSettings(" + Hosting + ".EnvironmentValues env) => new()");
        w.Line("{");
        if (serve.Port is { } port)
        {
            // ${VAR} alone: HTTP is served when the environment sets VAR; its default is only the --http port.
            if (port.Parts.Count == 1 && port.Parts[0].Kind == TemplatePartKind.Env)
            {
                var variable = spec.Env.FirstOrDefault(e => e.Name == port.Parts[0].Value);
                w.Line("Port = env.Explicit(" + CSharp.Literal(port.Parts[0].Value) + "),");
                if (variable?.Default is { } fallback && int.TryParse(fallback, out var defaultPort)) w.Line("DefaultPort = " + defaultPort + ",");
            }
            else
            {
                w.Line("Port = " + AuthEmitter.Expand(port, "env") + ",");
            }
        }
        if (serve.Host is { } host) w.Line("Host = " + CSharp.Literal(host) + ",");
        if (serve.Path is { } path) w.Line("Path = " + CSharp.Literal(path) + ",");
        if (serve.MaxRequestBytes is { } max) w.Line("MaxRequestBytes = " + max + "L,");
        if (!serve.AllowedHosts.IsEmpty) w.Line("AllowedHosts = new[] { " + string.Join(", ", serve.AllowedHosts.Select(CSharp.Literal)) + " },");
        if (!serve.AllowedOrigins.IsEmpty) w.Line("AllowedOrigins = new[] { " + string.Join(", ", serve.AllowedOrigins.Select(CSharp.Literal)) + " },");
        if (serve.KeyHeader is { } header) w.Line("KeyHeader = " + CSharp.Literal(header) + ",");
        if (serve.KeyBearer) w.Line("KeyBearer = true,");
        if (serve.KeyQuery is { } query) w.Line("KeyQuery = " + CSharp.Literal(query) + ",");
        if (serve.Keys is { } keys) w.Line("Keys = " + AuthEmitter.Expand(keys, "env") + ",");
        if (serve.KeysFile is { } file) w.Line("KeysFile = " + AuthEmitter.Expand(file, "env") + ",");
        if (serve.Sessions) w.Line("Sessions = true,");
        if (spec.Upstreams.Any(u => u.Auth.Forward) || spec.Tools.Any(t => t.Auth?.Forward == true)) w.Line("ForwardsCallerKey = true,");
        if (serve.RateLimit is { } limit)
        {
            w.Line("RateLimit = new " + Upstream + ".RateLimitPolicy { Requests = " + limit.Requests + ", Per = " + Ms(limit.PerMilliseconds) + " },");
        }
        if (spec.Registry is { } registry) EmitRegistrySettings(w, registry, serving);
        w.Line("};");
    }

    private static void EmitRegistrySettings(SourceWriter w, RegistryModel registry, string serving)
    {
        static string Env(string? name) => name is null ? "null" : "NonEmpty(env[" + CSharp.Literal(name) + "])";
        w.Line("Registry = new " + serving + ".RegistrySettings");
        w.Line("{");
        w.Line("AdminKey = " + Env(registry.AdminKeyEnv) + ",");
        if (registry.EncryptionKeyEnv is not null) w.Line("EncryptionKey = " + Env(registry.EncryptionKeyEnv) + ",");
        if (registry.TenantKeysEnv is not null) w.Line("TenantKeys = " + Env(registry.TenantKeysEnv) + ",");
        if (registry.PostgresEnv is not null) w.Line("PostgresConnection = " + Env(registry.PostgresEnv) + ",");
        if (registry.SqlitePath is { } path) w.Line("SqlitePath = NonEmpty(" + AuthEmitter.Expand(path, "env") + ") ?? " + serving + ".RegistrySettings.DefaultSqlitePath,");
        w.Line("Commands = new string[] { " + string.Join(", ", registry.Commands.Select(CSharp.Literal)) + " },");
        if (registry.CallLogRetentionMinutes is { } minutes) w.Line("CallLogRetention = global::System.TimeSpan.FromMinutes(" + minutes + "),");
        w.Line("},");
    }

    /// <summary>The expression that makes one tool's instance in <c>Register</c>: HTTP tools take the client, SQL tools their database.</summary>
    private static string Construction(SpecModel spec, ToolModel tool)
    {
        var argument = tool.Kind switch
        {
            ToolKind.Http => "api",
            ToolKind.Sql => SqlEmitter.DatabaseVariable(spec.Databases.First(d => d.Name == tool.Sql!.Database)),
            _ => "",
        };
        return "new " + tool.ClassName + "(" + argument + ")";
    }

    public static string UpstreamVariable(UpstreamModel upstream) => "upstream" + upstream.Identifier;

    public static System.Collections.Generic.IEnumerable<ToolModel> RegisteredTools(SpecModel spec, System.Collections.Generic.ISet<string> implemented) =>
        spec.Tools.Where(t => t.Kind != ToolKind.Forwarded && (t.Kind != ToolKind.Handler || implemented.Contains(HandlersEmitter.Key(spec, t.HandlerMethod))));

    /// <summary>completion/complete: fixed values, or values picked from a tool's upstream answer.</summary>
    private static void EmitCompletions(SourceWriter w, SpecModel spec)
    {
        var primitives = "global::NativeMcp.Runtime.Primitives";
        w.Line("private static " + primitives + ".Completions CreateCompletions(" + spec.Names.ClientClass + " api)");
        w.Line("{");
        w.Line("var completions = new " + primitives + ".Completions();");
        foreach (var resource in spec.Resources)
        {
            foreach (var c in resource.Complete) EmitCompletion(w, spec, "resource:" + resource.Uri, c);
        }
        foreach (var prompt in spec.Prompts)
        {
            foreach (var a in prompt.Arguments.Where(a => a.Complete is not null)) EmitCompletion(w, spec, "prompt:" + prompt.Name, a.Complete!);
        }
        w.Line("return completions;");
        w.Line("}");
    }

    private static void EmitCompletion(SourceWriter w, SpecModel spec, string reference, CompletionModel completion)
    {
        if (completion.Tool is null)
        {
            w.Line("completions.AddValues(" + CSharp.Literal(reference) + ", " + CSharp.Literal(completion.Argument) + ", new[] { " + string.Join(", ", completion.Values.Select(CSharp.Literal)) + " });");
            return;
        }
        var tool = spec.Tools.First(t => t.Name == completion.Tool);
        // The tool takes no required input: defaults where the spec gives them, otherwise left out.
        var arguments = tool.Inputs.Select(i => i.DefaultJson is null ? "null" : ToolEmitter.DefaultExpression(i)).Concat(new[] { "cancellationToken" });
        w.Line("completions.AddUpstream(" + CSharp.Literal(reference) + ", " + CSharp.Literal(completion.Argument) + ", cancellationToken => api." +
            tool.ClientMethod + "(" + string.Join(", ", arguments) + "), new[] { " + string.Join(", ", completion.Path!.Segments.Select(CSharp.Literal)) + " });");
    }

    private static void EmitCreateOptions(SourceWriter w, SpecModel spec, string clientName, System.Collections.Generic.ISet<string> implemented)
    {
        var s = spec.Server;
        w.Line("/// <summary>Builds the server options for a loaded environment; <paramref name=\"upstreamHandler\"/> replaces the HTTP stack (tests, proxies).</summary>");
        w.Line("public static " + Server + ".McpServerOptions CreateOptions(" + Hosting + ".EnvironmentValues env, global::System.Net.Http.HttpMessageHandler? upstreamHandler = null)");
        w.Line("{");
        foreach (var u in spec.Upstreams) EmitUpstream(w, spec, u);
        foreach (var d in spec.Databases) SqlEmitter.EmitDatabase(w, d);
        GatewayEmitter.EmitUpstreams(w, spec);
        w.Line("var options = new " + Server + ".McpServerOptions");
        w.Line("{");
        w.Line("ServerInfo = new " + Protocol + ".Implementation { Name = " + CSharp.Literal(s.Name) + ", Title = " + CSharp.Literal(s.Title) + ", Version = " + CSharp.Literal(s.Version) + " },");
        if (s.Instructions is not null) w.Line("ServerInstructions = " + CSharp.Literal(s.Instructions) + ",");
        var capabilities = new System.Collections.Generic.List<string> { "Tools = new " + Protocol + ".ToolsCapability()" };
        if (spec.HasResources) capabilities.Add("Resources = new " + Protocol + ".ResourcesCapability()");
        if (spec.HasPrompts) capabilities.Add("Prompts = new " + Protocol + ".PromptsCapability()");
        if (spec.HasCompletions) capabilities.Add("Completions = new " + Protocol + ".CompletionsCapability()");
        w.Line("Capabilities = new " + Protocol + ".ServerCapabilities { " + string.Join(", ", capabilities) + " },");
        w.Line("ToolCollection = new " + Server + ".McpServerPrimitiveCollection<" + Server + ".McpServerTool>(),");
        if (spec.HasResources) w.Line("ResourceCollection = new " + Server + ".McpServerResourceCollection(),");
        if (spec.HasPrompts) w.Line("PromptCollection = new " + Server + ".McpServerPrimitiveCollection<" + Server + ".McpServerPrompt>(),");
        w.Line("};");
        var clients = string.Concat(spec.Upstreams.Select(u => ", " + UpstreamVariable(u)));
        w.Line("var api = new " + clientName + "(env" + clients + ");");
        w.Line("Register(options.ToolCollection, api" + string.Concat(spec.Databases.Select(d => ", " + SqlEmitter.DatabaseVariable(d))) + ");");
        GatewayEmitter.EmitRegistrations(w, spec);
        GatewayEmitter.EmitPrimitiveRegistrations(w, spec);
        if (!spec.Resources.IsEmpty) w.Line(spec.Names.ResourcesClass + ".Register(options.ResourceCollection, api);");
        if (!spec.Prompts.IsEmpty) w.Line(spec.Names.PromptsClass + ".Register(options.PromptCollection);");
        if (spec.HasCompletions) w.Line("options.Handlers.CompleteHandler = CreateCompletions(api).CompleteAsync;");
        w.Line("return options;");
        w.Line("}");
    }

    private static void EmitUpstream(SourceWriter w, SpecModel spec, UpstreamModel u)
    {
        var displayName = u.Name == "default" ? spec.Server.Title ?? spec.Server.Name : u.Name;
        w.Line("var " + UpstreamVariable(u) + " = new " + Upstream + ".UpstreamClient(new " + Upstream + ".UpstreamOptions");
        w.Line("{");
        w.Line("Name = " + CSharp.Literal(displayName) + ",");
        w.Line("BaseUrl = " + (u.BaseUrlOverride is { } whole ? "env.Explicit(" + CSharp.Literal(whole) + ") ?? " : "") + AuthEmitter.Expand(u.BaseUrl, "env") + ",");
        w.Line("Auth = " + AuthEmitter.Expression(u.Auth, "env") + ",");
        if (!u.Headers.IsEmpty)
        {
            w.Line("Headers = new global::System.Collections.Generic.KeyValuePair<string, string>[]");
            w.Line("{");
            foreach (var h in u.Headers) w.Line("new(" + CSharp.Literal(h.Name) + ", " + AuthEmitter.Expand(h.Value, "env") + "),");
            w.Line("},");
        }
        w.Line("Timeout = " + Ms(u.TimeoutMilliseconds) + ",");
        if (u.RateLimit is { } limit)
        {
            w.Line("RateLimit = new " + Upstream + ".RateLimitPolicy { Requests = " + limit.Requests + ", Per = " + Ms(limit.PerMilliseconds) +
                (limit.MaxWaitMilliseconds is { } wait ? ", MaxWait = " + Ms(wait) : "") + " },");
        }
        if (u.Retry is { } retry)
        {
            var parts = new System.Collections.Generic.List<string>();
            if (retry.MaxAttempts is { } attempts) parts.Add("MaxAttempts = " + attempts);
            if (!retry.Statuses.IsEmpty) parts.Add("Statuses = new[] { " + string.Join(", ", retry.Statuses) + " }");
            if (retry.BaseDelayMilliseconds is { } baseDelay) parts.Add("BaseDelay = " + Ms(baseDelay));
            if (retry.MaxDelayMilliseconds is { } maxDelay) parts.Add("MaxDelay = " + Ms(maxDelay));
            if (retry.MaxElapsedMilliseconds is { } maxElapsed) parts.Add("MaxElapsed = " + Ms(maxElapsed));
            w.Line("Retry = new " + Upstream + ".RetryPolicy { " + string.Join(", ", parts) + " },");
        }
        if (u.MaxResponseBytes is { } max) w.Line("MaxResponseBytes = " + max + "L,");
        if (!u.Errors.IsEmpty)
        {
            w.Line("ErrorHints = new global::System.Collections.Generic.Dictionary<int, string>");
            w.Line("{");
            foreach (var hint in u.Errors) w.Line("[" + hint.Status + "] = " + CSharp.Literal(hint.Hint) + ",");
            w.Line("},");
        }
        w.Line("Secrets = env.Secrets,");
        w.Line("}, upstreamHandler);");
        w.Line();
    }

    internal static string Ms(int milliseconds) => "global::System.TimeSpan.FromMilliseconds(" + milliseconds + ")";
}
