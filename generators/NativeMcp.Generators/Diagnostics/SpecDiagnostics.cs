using Microsoft.CodeAnalysis;

namespace NativeMcp.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. IDs are stable and never reused: add new ones at the end.
/// </summary>
internal static class SpecDiagnostics
{
    private const string Category = "NativeMcp.Spec";

    /// <summary>
    /// The spec format's documentation; each ID has its own section there (meaning, example, fix), whose
    /// anchor is the lower-case ID.
    /// </summary>
    public const string HelpLinkBase = "https://github.com/nativemcp/nativemcp/blob/main/specs/README.md#";

    public static readonly DiagnosticDescriptor SyntaxError = Error("NMCP001", "Spec is not valid YAML or JSON", "Spec is not valid YAML or JSON: {0}",
        "The spec file could not be read as YAML 1.2 (JSON is read as YAML too). The location is where the parser stopped, which is often just after the real typo, such as an unclosed '{' or '[' or an unquoted '{' in a value.");
    public static readonly DiagnosticDescriptor UnsupportedVersion = Error("NMCP002", "Unsupported spec format version", "{0}",
        "The first key of every spec is 'nativemcp: 1', the version of the spec format. It is missing, the file is empty, or it names a version this generator does not know.");
    public static readonly DiagnosticDescriptor UnknownKey = Error("NMCP003", "Unknown key", "Unknown key '{0}' in {1}; expected one of: {2}",
        "Every key of the format is known to the generator: a misspelled or misplaced key is an error rather than silently ignored. The message lists the keys allowed at that place.");
    public static readonly DiagnosticDescriptor WrongType = Error("NMCP004", "Value has the wrong type", "'{0}' must be {1}",
        "A value has the wrong shape: a mapping where a list is expected, a string where a number or a boolean is expected (a quoted \"true\" is a string), and so on.");
    public static readonly DiagnosticDescriptor MissingKey = Error("NMCP005", "Required key is missing", "{0} is missing the required key '{1}'",
        "A key the format requires at this place is absent, for example a tool's 'http' (or 'result' or 'handler') or the server's 'version'.");
    public static readonly DiagnosticDescriptor DuplicateToolName = Error("NMCP006", "Duplicate tool name", "Tool name '{0}' is already used by another tool in this spec",
        "MCP clients address tools by name, so names must be unique within a spec. The diagnostic points at the second tool that uses the name.");
    public static readonly DiagnosticDescriptor InvalidToolName = Error("NMCP007", "Tool name is rejected by MCP clients", "Tool name '{0}' is invalid: {1}",
        "MCP clients reject tool names longer than 64 characters or with characters outside letters, digits, '_' and '-'.");
    public static readonly DiagnosticDescriptor UnboundPathParameter = Error("NMCP008", "Path parameter has no input", "Path parameter '{{{0}}}' of tool '{1}' is not provided by any input; declare an input named '{0}'",
        "A '{name}' placeholder in an http path (or a resource template) must be filled from an input of the same name, otherwise the request cannot be built.");
    public static readonly DiagnosticDescriptor UndeclaredEnv = Error("NMCP009", "Environment variable is not declared", "'${{{0}}}' refers to an environment variable that is not declared under 'env'",
        "A '${NAME}' reference must name a variable declared under 'env', so that the binary can check at start-up that it is set and know whether it is a secret.");
    public static readonly DiagnosticDescriptor InvalidValue = Error("NMCP010", "Invalid value", "Invalid value for '{0}': {1}",
        "The value has the right type but is not one of the accepted values or forms: an HTTP method, an auth type, a duration such as 30s, a size such as 2MB, a format, a status code, an asset path.");
    public static readonly DiagnosticDescriptor UnknownInput = Error("NMCP011", "Mapping names an unknown input", "'{0}' in {1} of tool '{2}' is not an input of the tool",
        "A query, body, header or completion mapping refers to an input (or template variable) that the tool does not declare.");
    public static readonly DiagnosticDescriptor PathParameterNotRequired = Error("NMCP012", "Path parameter input must be a required string or integer", "Input '{0}' is used in the path of tool '{1}' and must be a required string or integer",
        "An input used in the path always has to be present and must render as one path segment, so it must be required and of type string or integer.");
    public static readonly DiagnosticDescriptor InvalidPattern = Error("NMCP013", "Invalid regular expression", "Pattern of '{0}' is not a valid regular expression: {1}",
        "A 'pattern' must be a valid .NET regular expression, because arguments are checked against it before any upstream call.");
    public static readonly DiagnosticDescriptor InvalidDefault = Error("NMCP014", "Default does not fit the input", "Default of '{0}' {1}",
        "A 'default' is sent when the caller omits the argument, so it must satisfy the input's own type, range, length, pattern and enum.");
    public static readonly DiagnosticDescriptor DuplicateKey = Error("NMCP015", "Duplicate key", "Key '{0}' appears more than once in {1}",
        "A key appears twice in one mapping. Most plain duplicates are already reported by the YAML reader as NMCP001; this ID covers keys that differ as YAML nodes but name the same key.");
    public static readonly DiagnosticDescriptor DuplicateServerName = Error("NMCP016", "Two specs declare the same server name", "Server name '{0}' is declared by more than one spec in this project",
        "Each spec in a project generates a server class named after 'server.name', so two specs in one project must declare different names.");
    public static readonly DiagnosticDescriptor UnknownUpstream = Error("NMCP017", "Tool names an unknown upstream", "Upstream '{0}' of tool '{1}' is not declared under 'upstreams' (declared: {2})",
        "With 'upstreams', each http tool (or resource) names one of them with 'upstream:'; the name given is not declared.");
    public static readonly DiagnosticDescriptor MissingHandler = Error("NMCP018", "Handler is not implemented", "{0} '{1}' is declared 'handler: csharp' but has no implementation; add to a .cs file beside the spec, in partial class {2}: {3}",
        "A tool, resource or prompt declared 'handler: csharp' needs its partial method implemented in a .cs file beside the spec. The message gives the class and the exact signature to write.");
    public static readonly DiagnosticDescriptor MissingAsset = Error("NMCP019", "Embedded file not found", "File '{0}' is not in the assets folder beside the spec ({1})",
        "A file a spec embeds (image, audio, blob, resource file) must be in the 'assets' folder beside the spec, so that it is compiled into the binary.");
    public static readonly DiagnosticDescriptor DuplicateName = Error("NMCP020", "Duplicate resource or prompt name", "{0} name '{1}' is already used in this spec",
        "Resource and prompt names identify them to MCP clients, so each must be unique within its kind in one spec.");
    public static readonly DiagnosticDescriptor UncheckedKeyword = Warning("NMCP021", "Schema keyword is not checked", "Schema keyword '{0}' at {1} is published but arguments are not checked against it: {2}",
        "A raw inputSchema or outputSchema uses a keyword the compiled validator does not implement (unevaluatedProperties, $dynamicRef, a format it does not check, a keyword of another dialect, a typo). The schema is still published as written, but values are not checked against that keyword.");
    public static readonly DiagnosticDescriptor UnresolvedRef = Error("NMCP022", "Schema $ref cannot be used", "$ref '{0}' in {1} cannot be used: {2}",
        "A $ref in a raw schema must be a JSON pointer into the same schema (#, #/$defs/name) that points at a schema, and a chain of references must go into a property or an item before it comes back to where it started.");
    public static readonly DiagnosticDescriptor DocumentUnreadable = Error("NMCP030", "OpenAPI document cannot be read", "OpenAPI document '{0}' cannot be read: {1}",
        "The document named by the spec's 'openapi' (or a file one of its $refs names) is not an input of the build, is not valid YAML or JSON, or is not a Swagger 2.0, OpenAPI 3.0 or 3.1 document. Documents are read only from the spec's folder and below it.");
    public static readonly DiagnosticDescriptor UnresolvableRef = Error("NMCP031", "OpenAPI $ref cannot be resolved", "$ref '{0}' cannot be resolved: {1}",
        "A $ref in the OpenAPI document leads nowhere: nothing is at its JSON pointer, it names a file that is not beside the document, it names a network address (never read at build time), or a chain of references does not end. The reference is reported where it is written.");
    public static readonly DiagnosticDescriptor OperationSkipped = Warning("NMCP032", "OpenAPI operation is skipped", "Operation '{0}' is skipped: {1}",
        "An operation uses something this build cannot call correctly (a form or multipart body, a parameter serialisation it does not encode, a schema it cannot check), so it becomes no tool rather than a tool that sends the wrong request. The message says what; the rest of the document is imported.");
    public static readonly DiagnosticDescriptor ToolRenamed = Info("NMCP033", "OpenAPI operation is renamed", "Operation '{0}' is published as tool '{1}': {2}",
        "A tool's name is the operation's operationId when that fits MCP's naming rules (1 to 64 letters, digits, '_' and '-'). Otherwise the name is derived deterministically: other characters become '_', an operation without operationId is named from its method and path, and a name past 64 characters is cut and ends in a hash of the whole.");
    public static readonly DiagnosticDescriptor ToolNameCollision = Warning("NMCP034", "OpenAPI tool names collide", "Operation '{0}' is published as tool '{1}': '{2}' is already the name of another tool",
        "Two operations (or an operation and a tool of the spec) would have the same tool name. The later one, in document order, gets the first free name with '_2', '_3', ... appended. Give it a name of its own with openapi.operations.<id>.name or x-mcp.name.");
    public static readonly DiagnosticDescriptor OperationLeftOut = Info("NMCP035", "OpenAPI operation is left out", "Operation '{0}' is left out: {1}",
        "The spec's selection (openapi.select, openapi.toolsets, openapi.operations) or the document itself (deprecated: true, x-mcp) leaves this operation out. Reported so that 'nativemcp check' can list every operation and what became of it.");
    public static readonly DiagnosticDescriptor SelectionUnused = Warning("NMCP036", "Part of the openapi section has no effect", "This part of the openapi section has no effect: {0}",
        "A select rule that matches no operation, an openapi.operations entry that names no imported operation, or a rename of an argument the operation does not have: most often a typo in an operationId, a path or a tag.");
    public static readonly DiagnosticDescriptor ConstructIgnored = Warning("NMCP037", "OpenAPI construct is not used", "{0} is not used: {1}",
        "Part of the document (a relative server URL, a security scheme that cannot be sent, an output schema that cannot be checked) is not used; the message says what the server does instead.");
    public static readonly DiagnosticDescriptor UnknownOperationArgument = Error("NMCP038", "Hidden argument cannot be fixed", "Hidden argument '{0}' of {1} cannot be fixed: {2}",
        "openapi.operations.<id>.hidden names parameters (or body fields) by the name the document gives them; each is removed from the tool's input schema and always sent with its fixed value. A name the operation does not have, or a JSON body field that is not a string, cannot be.");
    public static readonly DiagnosticDescriptor MissingLock = Error("NMCP060", "MCP upstream is not locked", "MCP upstream '{0}' has no entry in {1}; run 'nativemcp sync {2}' to connect to it and write the lock",
        "The tools of an MCP upstream are compiled from the lock file beside the spec (<spec>.lock.json), which 'nativemcp sync' writes after reading the upstream's tools/list. The lock is missing, unreadable, or has no entry for this upstream.");
    public static readonly DiagnosticDescriptor ToolNotLocked = Error("NMCP061", "Tool is not in the lock", "Tool '{0}' is not in the lock of MCP upstream '{1}' (locked: {2}); if the server has it now, run 'nativemcp sync {3}'",
        "A tool selected under upstreams.<name>.tools must be one the lock records for that upstream: either the name is misspelled, or the server gained the tool after the last sync.");
    public static readonly DiagnosticDescriptor UnknownHiddenArgument = Error("NMCP062", "Hidden argument is not an input of the tool", "Hidden argument '{0}' is not an input of upstream tool '{1}' (its inputs: {2})",
        "A 'hidden' argument is removed from the published schema and always sent with its fixed value, so it must be a property of the locked tool's inputSchema.");
    public static readonly DiagnosticDescriptor ExposedNameTaken = Error("NMCP063", "Exposed tool name is already used", "Tool name '{0}' ({1}) is already used by {2}; give one of them another name with 'name:' or its upstream a 'prefix'",
        "Every tool a gateway lists needs its own name: two MCP upstreams that both have a tool 'search', or an upstream tool that has the name of a spec tool, collide. The diagnostic points at the name, alias or selection that made the second one.");
    public static readonly DiagnosticDescriptor PrimitiveNotLocked = Error("NMCP065", "Resource or prompt is not in the lock", "{0} '{1}' is not in the lock of MCP upstream '{2}' (locked: {3}); if the server has it now, run 'nativemcp sync {4}'",
        "An item under upstreams.<name>.resources must be a resource URI or resource template URI template, and one under upstreams.<name>.prompts a prompt name, that the lock records for that upstream.");
    public static readonly DiagnosticDescriptor ExposedPrimitiveTaken = Error("NMCP066", "Exposed resource or prompt is already served", "{0} '{1}' ({2}) is already served by {3}; leave one of them out of its upstream's selection, or give the prompt's upstream a 'prefix'",
        "A gateway serves each resource URI, resource template and prompt name once: two MCP upstreams with the same resource URI, or an upstream prompt with the name of a spec prompt, collide. The diagnostic points at the selection or prefix that made the second one.");
    public static readonly DiagnosticDescriptor McpUpstreamInHttpTool = Error("NMCP064", "HTTP tool names an MCP upstream", "Upstream '{0}' of tool '{1}' is an MCP server (it has a transport); its tools are exposed with upstreams.{0}.tools, not called with http",
        "An http tool calls an HTTP API upstream. An upstream with a 'transport' is an MCP server: its tools come from its lock and are listed under its own 'tools' key.");
    public static readonly DiagnosticDescriptor UnboundSqlParameter = Error("NMCP070", "SQL parameter has no input", "Parameter '@{0}' in the statement of tool '{1}' is not an input of the tool; declare an input named '{0}'",
        "Every '@name' in a SQL statement is bound from the tool input of the same name, so the statement cannot run without one. Arguments are always bound as parameters, never spliced into the SQL text.");
    public static readonly DiagnosticDescriptor UnusedSqlInput = Error("NMCP071", "Input is not used by the SQL statement", "Input '{0}' of tool '{1}' is not used by its SQL statement; use it as '@{0}' or remove the input",
        "A SQL tool's inputs are exactly its statement's parameters: an input the statement never names would be accepted from the caller and silently ignored.");
    public static readonly DiagnosticDescriptor UnknownDatabase = Error("NMCP072", "Tool names an unknown database", "Database '{0}' of tool '{1}' is not declared under 'databases' (declared: {2})",
        "A SQL tool runs against one of the databases declared under 'databases'; the name given is not one of them (or, with several databases, the tool names none).");
    public static readonly DiagnosticDescriptor InvalidRowLimit = Error("NMCP073", "Invalid row limit", "maxRows of {0} must be a whole number from 1 to 10000, not '{1}'",
        "'maxRows' caps the rows a SQL tool returns (one more is read to tell the caller the answer was cut). Zero returns nothing and very large answers do not fit a model's context, so the limit is 1 to 10000.");
    public static readonly DiagnosticDescriptor ConnectionNotSecret = Error("NMCP074", "Database connection is not a secret environment variable", "connection of database '{0}' must be '${{NAME}}' naming an env variable declared 'secret: true'{1}",
        "A connection string carries a password: it must come from an environment variable declared 'secret: true', so that it is never written into the spec, the binary, a log line or an error.");
    public static readonly DiagnosticDescriptor RegistrySettingNotSecret = Error("NMCP080", "Registry setting is not a secret environment variable", "registry.{0} must be '${{NAME}}' naming an env variable declared 'secret: true'{1}",
        "The registry's admin key, encryption key, tenant keys and PostgreSQL connection string are credentials: each must come from an environment variable declared 'secret: true', so that it is never written into the spec, the binary, a log line or an answer.");
    public static readonly DiagnosticDescriptor RegistryWithoutServe = Error("NMCP081", "Registry without a serve section", "A 'registry' section needs a 'serve' section: its admin API and the tenants' endpoints are served over HTTP",
        "The registry is managed through an HTTP admin API and tenants reach their tools over Streamable HTTP; a stdio-only binary could never be told about a server. Add a 'serve' section.");
    public static readonly DiagnosticDescriptor InternalError = Error("NMCP099", "The NativeMcp generator failed", "The NativeMcp generator failed on this spec: {0}. Please report this with the spec attached.",
        "The generator hit a condition it does not handle. This is a bug in NativeMcp, never in the spec: report it with the spec attached.");

    public static readonly DiagnosticDescriptor ParameterStyleNotAllowed = Error("NMCP050", "Parameter style cannot be used there", "Style '{0}' cannot be used for {1}; allowed: {2}",
        "OpenAPI 3 defines which serialisation styles each location takes: path parameters simple, label or matrix; query parameters form, spaceDelimited, pipeDelimited or deepObject; headers simple; cookies form; form-body properties the query styles. A style outside that set, or one that is not a style at all, would send a request the API cannot read.");
    public static readonly DiagnosticDescriptor DuplicateParameter = Error("NMCP051", "Parameter is declared twice", "The {0} parameter '{1}' of tool '{2}' is declared twice",
        "A request parameter is identified by its location and name: the same name may be used in the path, the query, a header, a cookie and the body, but only once in each.");
    public static readonly DiagnosticDescriptor FileInputNotBase64 = Error("NMCP052", "File content needs a base64 string input", "{0} of tool '{1}' takes its bytes from input '{2}', which must be a string holding base64 (it is {3})",
        "A multipart file part and an application/octet-stream body carry bytes, which a tool argument holds as a base64 string. Their input must be declared type: string.");
    public static readonly DiagnosticDescriptor RequestBodyShape = Error("NMCP053", "Request body is not complete", "The {0} request body of tool '{1}' {2}",
        "A request body takes its content either from one input (json: any value; binary: a base64 string; text: a string) or from properties (json, form, multipart); form and multipart bodies are sets of fields, binary and text bodies one value. A tool gives 'body' (JSON properties, the short form) or 'requestBody', not both.");

    private static DiagnosticDescriptor Warning(string id, string title, string format, string description) =>
        new(id, title, format, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description, HelpLink(id));

    private static DiagnosticDescriptor Info(string id, string title, string format, string description) =>
        new(id, title, format, Category, DiagnosticSeverity.Info, isEnabledByDefault: true, description, HelpLink(id));

    private static DiagnosticDescriptor Error(string id, string title, string format, string description) =>
        new(id, title, format, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description, HelpLink(id));

    /// <summary>The help link of a diagnostic ID: its section of the spec format's documentation.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id.ToLowerInvariant();
}
