namespace NativeMcp.Generators.Model;

// The pipeline model of one spec: strings, numbers, enums and equatable arrays only (no YAML nodes,
// no Roslyn symbols or locations), so that the driver caches it by value.

internal sealed record SpecModel(
    ServerModel Server,
    EquatableArray<EnvVarModel> Env,
    UpstreamModel Upstream,
    EquatableArray<ToolModel> Tools);

internal sealed record ServerModel(
    string Name,
    string? Title,
    string Version,
    string Binary,
    string? Instructions,
    string? StartupMessage);

internal sealed record EnvVarModel(
    string Name,
    bool Required,
    bool Secret,
    string? Default,
    string? Description);

internal sealed record UpstreamModel(
    Template BaseUrl,
    AuthModel Auth,
    EquatableArray<HeaderModel> Headers,
    int TimeoutMilliseconds,
    EquatableArray<ErrorHintModel> Errors);

internal enum AuthKind
{
    None,
    Bearer,
    Header,
    Query,
    Basic,
}

/// <summary>Auth toward the upstream. Name is the header/query name; First/Second are token/value or username/password.</summary>
internal sealed record AuthModel(AuthKind Kind, string? Name, Template? First, Template? Second);

internal sealed record HeaderModel(string Name, Template Value);

internal sealed record ErrorHintModel(int Status, string Hint);
