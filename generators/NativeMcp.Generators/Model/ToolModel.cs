using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Model;

/// <summary>Where a tool's result comes from.</summary>
internal enum ToolKind
{
    /// <summary>An upstream HTTP call (<c>http</c>).</summary>
    Http,
    /// <summary>A template over the arguments (<c>result</c>).</summary>
    Static,
    /// <summary>Hand-written C# (<c>handler: csharp</c>).</summary>
    Handler,
    /// <summary>A locked tool of an MCP upstream, forwarded as is (<c>upstreams.&lt;name&gt;.tools</c>).</summary>
    Forwarded,
    /// <summary>A parameterised SQL statement against a declared database (<c>sql</c>).</summary>
    Sql,
}

/// <summary>Where a published schema came from.</summary>
internal enum SchemaOrigin
{
    /// <summary>Built from the spec's <c>input:</c>/<c>output:</c> shorthand.</summary>
    Shorthand,
    /// <summary>A JSON Schema given as written (an <c>inputSchema:</c>/<c>outputSchema:</c>, another source's document).</summary>
    Raw,
}

internal sealed record ToolModel
{
    public string Name { get; init; } = "";
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Group { get; init; }
    public AnnotationsModel Annotations { get; init; } = AnnotationsModel.None;
    public EquatableArray<InputModel> Inputs { get; init; } = EquatableArray<InputModel>.Empty;
    public ToolKind Kind { get; init; }
    public HttpModel? Http { get; init; }
    public SqlModel? Sql { get; init; }
    public EquatableArray<ContentModel> Result { get; init; } = EquatableArray<ContentModel>.Empty;
    public EquatableArray<ErrorHintModel> Errors { get; init; } = EquatableArray<ErrorHintModel>.Empty;
    /// <summary>The upstream an HTTP tool calls; "" for the others.</summary>
    public string Upstream { get; init; } = "";
    public AuthModel? Auth { get; init; }
    public int? TimeoutMilliseconds { get; init; }
    public bool? Retry { get; init; }
    public ResponseModel? Response { get; init; }
    public PaginationModel? Pagination { get; init; }
    /// <summary>The declared structured output (shorthand); empty when none or when the output schema is raw.</summary>
    public EquatableArray<InputModel> Output { get; init; } = EquatableArray<InputModel>.Empty;
    /// <summary>One of the vocabulary's Scopes, when the spec overrides the verb convention.</summary>
    public string? Scope { get; init; }
    /// <summary>A raw <c>inputSchema</c>: published as written, validated by its compiled model; <see cref="Inputs"/> are its top-level properties.</summary>
    public RawSchemaModel? InputSchema { get; init; }
    /// <summary>A raw <c>outputSchema</c>, instead of the <c>output</c> shorthand.</summary>
    public RawSchemaModel? OutputSchema { get; init; }
    /// <summary>The output schema is <c>{"result": ...}</c> around a non-object answer (OpenAPI imports): the answer is put under <c>result</c>.</summary>
    public bool OutputWrapped { get; init; }
    /// <summary>An imported operation in dynamic mode: compiled as any tool, but called through <c>call_operation</c>, not listed.</summary>
    public bool Dynamic { get; init; }
    /// <summary>Forwarded tools: the upstream tool behind it, from the lock.</summary>
    public ForwardModel? Forward { get; init; }

    // Resolved: names and JSON, computed once by the resolver.

    /// <summary>The tool's PascalCase stem (get_thing -> GetThing).</summary>
    public string Identifier { get; init; } = "";
    public string ClassName { get; init; } = "";
    public string InputsClass { get; init; } = "";
    public string ArgumentsStruct { get; init; } = "";
    /// <summary>The typed client's method (HTTP tools).</summary>
    public string ClientMethod { get; init; } = "";
    /// <summary>The hand-written partial method (handler tools).</summary>
    public string HandlerMethod { get; init; } = "";
    public SchemaOrigin InputSchemaOrigin { get; init; }
    /// <summary>The published input schema, compact JSON.</summary>
    public string InputSchemaJson { get; init; } = "";
    public SchemaOrigin OutputSchemaOrigin { get; init; }
    /// <summary>The published output schema, compact JSON; null when the tool declares none.</summary>
    public string? OutputSchemaJson { get; init; }
    /// <summary>The tool's complete tools/list entry (name, title, description, schemas, annotations, _meta), compact JSON.</summary>
    public string ListJson { get; init; } = "";
}

/// <summary>A path into a JSON answer, split at compile time: property names, "*" for every item, or indexes.</summary>
internal sealed record JsonPathModel(string Source, EquatableArray<string> Segments);

internal sealed record RenameModel(string From, string To);

/// <summary>The tool's <c>response</c> shaping; <paramref name="Omit"/> paths may hold <c>*</c> and <c>**</c> segments.</summary>
internal sealed record ResponseModel(EquatableArray<JsonPathModel> Pick, EquatableArray<RenameModel> Rename, bool DropNulls, int? MaxBytes, EquatableArray<JsonPathModel> Omit = default);

/// <summary>Where the next-page cursor is in the answer, and which input takes it back.</summary>
internal sealed record PaginationModel(JsonPathModel Next, string Input);

internal sealed record AnnotationsModel(bool? ReadOnly, bool? Destructive, bool? Idempotent, bool? OpenWorld)
{
    public static readonly AnnotationsModel None = new(null, null, null, null);

    public bool IsEmpty => ReadOnly is null && Destructive is null && Idempotent is null && OpenWorld is null;
}

/// <summary>
/// One argument (or a nested property / array item) with every constraint the spec declares. A default is kept as
/// JSON (for the schema) and, for strings, as its text (for the C# literal).
/// </summary>
internal sealed record InputModel
{
    public string Name { get; init; } = "";
    public InputKind Type { get; init; }
    public string? Description { get; init; }
    public bool Required { get; init; }
    public string? DefaultJson { get; init; }
    public string? DefaultText { get; init; }
    public EquatableArray<string> Enum { get; init; } = EquatableArray<string>.Empty;
    /// <summary>JSON numbers as written, so that 0.5 and 10 round-trip exactly into the schema.</summary>
    public string? Minimum { get; init; }
    public string? Maximum { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public string? Pattern { get; init; }
    public StringFormat Format { get; init; }
    public InputModel? Items { get; init; }
    public EquatableArray<InputModel> Properties { get; init; } = EquatableArray<InputModel>.Empty;
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }

    // Resolved C# names (top-level inputs; nested ones keep only Member).

    /// <summary>PascalCase: the property of the arguments struct and the field of the inputs class.</summary>
    public string Member { get; init; } = "";
    /// <summary>The parameter of the typed client and of handler methods.</summary>
    public string Parameter { get; init; } = "";
    /// <summary>The binder's local variable.</summary>
    public string Local { get; init; } = "";
    /// <summary>The bound argument's C# type: nullable unless required or defaulted.</summary>
    public string ClrType { get; init; } = "";
    /// <summary>Required or defaulted: the bound value is never null.</summary>
    public bool AlwaysSet => Required || DefaultJson is not null;
}

/// <summary>Where a request parameter goes (OpenAPI <c>in</c>).</summary>
internal enum ParameterLocation
{
    /// <summary>A <c>{name}</c> segment of <see cref="HttpModel.Path"/>.</summary>
    Path,
    Query,
    Header,
    /// <summary>One <c>name=value</c> pair of the <c>Cookie</c> header.</summary>
    Cookie,
}

/// <summary>
/// One request parameter, or one property of a JSON / form / multipart body. It takes its value from a tool
/// input (<see cref="InputName"/>) or, when that is "", from <see cref="Value"/> (fixed text, <c>${ENV}</c>
/// and <c>{input}</c> parts). A parameter is identified by (<see cref="In"/>, <see cref="WireName"/>): the
/// same wire name in two locations, or in a location and the body, is two mappings from two inputs.
/// </summary>
/// <param name="WireName">The name on the wire: the query key, header or cookie name, path variable, or body property.</param>
/// <param name="InputName">The tool input the value comes from; "" when <see cref="Value"/> gives it.</param>
internal sealed record ParameterMapping(string WireName, string InputName)
{
    /// <summary>Where it goes. Body properties (<see cref="BodyModel.Properties"/>) keep the default, Query, which is not read for them.</summary>
    public ParameterLocation In { get; init; } = ParameterLocation.Query;

    /// <summary>A fixed value or template, when no single input gives the value (<see cref="InputName"/> is "").</summary>
    public Template? Value { get; init; }

    /// <summary>The serialisation; OpenAPI's default per location is simple (path, header) or form (query, cookie, form body).</summary>
    public ParameterStyle Style { get; init; } = ParameterStyle.Form;

    /// <summary>OpenAPI <c>explode</c>: true by default for form style, false for the others.</summary>
    public bool Explode { get; init; } = true;

    /// <summary>Query and form values: reserved characters (RFC 3986 <c>:/?#[]@!$&amp;'()*+,;=</c>) are sent as they are instead of percent-encoded.</summary>
    public bool AllowReserved { get; init; }

    /// <summary>OpenAPI parameters described by <c>content: application/json</c>: the value is sent as its JSON text, not by style.</summary>
    public bool Serialized { get; init; }

    /// <summary>Multipart parts only: the part's own content type (OpenAPI <c>encoding.contentType</c>); null for the default (text/plain for scalars, application/json for objects and arrays).</summary>
    public string? ContentType { get; init; }

    /// <summary>Multipart parts only: the input is base64 and is sent as a file part with these bytes.</summary>
    public FilePartModel? File { get; init; }
}

/// <summary>A multipart file part: the bytes are the base64 input decoded; name and type are templates (fixed or <c>{input}</c>).</summary>
/// <param name="FileName">The <c>filename</c> of the part's Content-Disposition; null sends the wire name.</param>
/// <param name="ContentType">The part's content type; null sends <c>application/octet-stream</c>.</param>
internal sealed record FilePartModel(Template? FileName, Template? ContentType);

/// <summary>How a request body is encoded. Each is sent with its own bytes and content type, never re-encoded as JSON.</summary>
internal enum BodyEncoding
{
    /// <summary><c>application/json</c> (and <c>+json</c> types): an object of <see cref="BodyModel.Properties"/>, or one input's JSON value as the whole body.</summary>
    Json,
    /// <summary><c>application/x-www-form-urlencoded</c>: properties as <c>key=value</c>, nested objects and arrays as <c>a[b][c]=</c> keys unless a property says otherwise.</summary>
    Form,
    /// <summary><c>multipart/form-data</c>: one part per property; file parts from base64 inputs.</summary>
    Multipart,
    /// <summary><c>application/octet-stream</c> (or any other binary type): the bytes of one base64 input.</summary>
    Binary,
    /// <summary><c>text/plain</c> (or any other text type): one string input as UTF-8.</summary>
    Text,
}

/// <summary>A request body. Exactly one of <see cref="Properties"/> (Json, Form, Multipart) and <see cref="WholeInput"/> (any kind) gives the content.</summary>
/// <param name="ContentType">The Content-Type sent (multipart: without the boundary, which is added per request).</param>
internal sealed record BodyModel(BodyEncoding Encoding, string ContentType)
{
    /// <summary>Properties / fields / parts, each from an input or a fixed value; optional inputs left unset are left out.</summary>
    public EquatableArray<ParameterMapping> Properties { get; init; } = EquatableArray<ParameterMapping>.Empty;

    /// <summary>The input that is the whole body: any JSON value (Json), a base64 string (Binary), a string (Text).</summary>
    public string? WholeInput { get; init; }
}

/// <summary>
/// A tool's HTTP request. <see cref="Path"/>'s <c>{name}</c> parts name path parameters of <see cref="Parameters"/>
/// by wire name; the short spec forms (path <c>{input}</c>, <c>query: {key: input}</c>, <c>headers:</c> templates)
/// are parsed into the same parameters with the location's default style.
/// </summary>
/// <param name="Method">GET, POST, PUT, PATCH, DELETE (upper case).</param>
/// <param name="Path">Below the upstream's base URL; literal text as written.</param>
/// <param name="Parameters">Path, query, header and cookie parameters, in the order they are sent.</param>
/// <param name="Body">The request body, or null for none.</param>
internal sealed record HttpModel(
    string Method,
    Template Path,
    EquatableArray<ParameterMapping> Parameters,
    BodyModel? Body)
{
    public IEnumerable<ParameterMapping> In(ParameterLocation location) => Parameters.Where(p => p.In == location);
}
