namespace NativeMcp.Generators.FrontEnds.Spec;

/// <summary>
/// The keys the spec front end accepts, per section: the one list an unknown-key diagnostic (NMCP003) names.
/// A test holds them equal to specs/nativemcp.schema.json, section by section.
/// </summary>
internal static class SpecKeys
{
    public static readonly string[] Root = { "$schema", "nativemcp", "server", "env", "upstream", "upstreams", "databases", "tools", "resources", "prompts", "serve", "registry", "openapi" };

    public static readonly string[] Server = { "name", "title", "version", "binary", "instructions", "startupMessage", "drainTimeout", "maxArgumentSize" };

    public static readonly string[] Env = { "required", "secret", "default", "description" };

    public static readonly string[] Upstream = { "baseUrl", "auth", "headers", "timeout", "errors", "rateLimit", "retry", "maxResponseSize" };

    public static readonly string[] McpUpstream = { "transport", "url", "command", "args", "env", "cwd", "auth", "headers", "timeout", "connectTimeout", "idleTimeout", "drift", "prefix", "tools", "resources", "prompts" };

    public static readonly string[] McpTool = { "tool", "name", "title", "description", "enabled", "scope", "hidden" };

    public static readonly string[] Auth = { "type", "token", "name", "value", "username", "password", "tokenUrl", "clientId", "clientSecret", "scopes", "audience", "forward", "anyOf", "refreshToken" };

    public static readonly string[] RateLimit = { "requests", "per", "maxWait" };

    public static readonly string[] Retry = { "maxAttempts", "statuses", "baseDelay", "maxDelay", "maxElapsed" };

    public static readonly string[] Serve = { "port", "host", "path", "maxRequestSize", "allowedHosts", "allowedOrigins", "apiKeys", "rateLimit", "sessions" };

    public static readonly string[] Registry = { "adminKey", "database", "encryptionKey", "commands", "tenants", "callLog" };

    public static readonly string[] RegistryCallLog = { "retention" };

    public static readonly string[] RegistryDatabase = { "sqlite", "postgres" };

    public static readonly string[] ApiKeys = { "header", "bearer", "query", "keys", "keysFile" };

    public static readonly string[] Tool = { "name", "title", "description", "group", "annotations", "input", "http", "errors", "upstream", "auth", "timeout", "retry", "response", "pagination", "output", "result", "handler", "sql", "scope", "inputSchema", "outputSchema", };

    public static readonly string[] Database = { "kind", "connection", "timeout", "maxRows" };

    public static readonly string[] Sql = { "database", "statement", "readOnly", "maxRows", "timeout", "columns" };

    public static readonly string[] Column = { "type", "description", "nullable" };

    public static readonly string[] Annotations = { "readOnly", "destructive", "idempotent", "openWorld" };

    public static readonly string[] Input = { "type", "description", "required", "default", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern", "format", "items", "properties", "minItems", "maxItems", };

    /// <summary>A resource's <c>http</c>.</summary>
    public static readonly string[] Http = { "method", "path", "query", "headers", "body" };

    /// <summary>A tool's <c>http</c>: the resource keys and the full forms of parameters and body.</summary>
    public static readonly string[] ToolHttp = { "method", "path", "query", "headers", "body", "parameters", "requestBody" };

    public static readonly string[] Parameter = { "in", "name", "input", "value", "style", "explode", "allowReserved" };

    public static readonly string[] RequestBody = { "encoding", "contentType", "input", "properties" };

    public static readonly string[] BodyProperty = { "name", "input", "value", "style", "explode", "allowReserved", "contentType", "file" };

    public static readonly string[] FilePart = { "fileName", "contentType" };

    public static readonly string[] Response = { "pick", "omit", "rename", "dropNulls", "maxSize" };

    public static readonly string[] Pagination = { "next", "input" };

    public static readonly string[] Resource = { "uri", "uriTemplate", "name", "title", "description", "mimeType", "http", "text", "file", "handler", "upstream", "complete" };

    public static readonly string[] Completion = { "values", "tool" };

    public static readonly string[] Prompt = { "name", "title", "description", "arguments", "messages", "handler" };

    public static readonly string[] PromptArgument = { "description", "required", "default", "complete" };

    public static readonly string[] PromptMessage = { "role", "text", "image", "audio", "resource" };

    public static readonly string[] ContentItem = { "text", "image", "audio", "resource" };

    public static readonly string[] OpenApi = { "document", "mode", "select", "deprecated", "toolsets", "operations", "env" };

    public static readonly string[] OpenApiRule = { "include", "exclude" };

    public static readonly string[] OpenApiMatch = { "tag", "path", "method", "operationId" };

    public static readonly string[] OpenApiOperation = { "name", "title", "description", "group", "annotations", "scope", "include", "rename", "hidden" };

    public static readonly string[] EmbeddedResource = { "uri", "mimeType", "text", "file" };
}
