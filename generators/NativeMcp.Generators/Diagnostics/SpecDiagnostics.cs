using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace NativeMcp.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. IDs are stable and never reused: add new ones at the end.
/// </summary>
internal static class SpecDiagnostics
{
    private const string Category = "NativeMcp.Spec";

    public static readonly DiagnosticDescriptor SyntaxError = Error("NMCP001", "Spec is not valid YAML or JSON", "Spec is not valid YAML or JSON: {0}");
    public static readonly DiagnosticDescriptor UnsupportedVersion = Error("NMCP002", "Unsupported spec format version", "{0}");
    public static readonly DiagnosticDescriptor UnknownKey = Error("NMCP003", "Unknown key", "Unknown key '{0}' in {1}; expected one of: {2}");
    public static readonly DiagnosticDescriptor WrongType = Error("NMCP004", "Value has the wrong type", "'{0}' must be {1}");
    public static readonly DiagnosticDescriptor MissingKey = Error("NMCP005", "Required key is missing", "{0} is missing the required key '{1}'");
    public static readonly DiagnosticDescriptor DuplicateToolName = Error("NMCP006", "Duplicate tool name", "Tool name '{0}' is already used by another tool in this spec");
    public static readonly DiagnosticDescriptor InvalidToolName = Error("NMCP007", "Tool name is rejected by MCP clients", "Tool name '{0}' is invalid: {1}");
    public static readonly DiagnosticDescriptor UnboundPathParameter = Error("NMCP008", "Path parameter has no input", "Path parameter '{{{0}}}' of tool '{1}' is not provided by any input; declare an input named '{0}'");
    public static readonly DiagnosticDescriptor UndeclaredEnv = Error("NMCP009", "Environment variable is not declared", "'${{{0}}}' refers to an environment variable that is not declared under 'env'");
    public static readonly DiagnosticDescriptor InvalidValue = Error("NMCP010", "Invalid value", "Invalid value for '{0}': {1}");
    public static readonly DiagnosticDescriptor UnknownInput = Error("NMCP011", "Mapping names an unknown input", "'{0}' in {1} of tool '{2}' is not an input of the tool");
    public static readonly DiagnosticDescriptor PathParameterNotRequired = Error("NMCP012", "Path parameter input must be a required string or integer", "Input '{0}' is used in the path of tool '{1}' and must be a required string or integer");
    public static readonly DiagnosticDescriptor InvalidPattern = Error("NMCP013", "Invalid regular expression", "Pattern of '{0}' is not a valid regular expression: {1}");
    public static readonly DiagnosticDescriptor InvalidDefault = Error("NMCP014", "Default does not fit the input", "Default of '{0}' {1}");
    public static readonly DiagnosticDescriptor DuplicateKey = Error("NMCP015", "Duplicate key", "Key '{0}' appears more than once in {1}");
    public static readonly DiagnosticDescriptor DuplicateServerName = Error("NMCP016", "Two specs declare the same server name", "Server name '{0}' is declared by more than one spec in this project");
    public static readonly DiagnosticDescriptor UnknownUpstream = Error("NMCP017", "Tool names an unknown upstream", "Upstream '{0}' of tool '{1}' is not declared under 'upstreams' (declared: {2})");
    public static readonly DiagnosticDescriptor MissingHandler = Error("NMCP018", "Handler is not implemented", "{0} '{1}' is declared 'handler: csharp' but has no implementation; add to a .cs file beside the spec, in partial class {2}: {3}");
    public static readonly DiagnosticDescriptor MissingAsset = Error("NMCP019", "Embedded file not found", "File '{0}' is not in the assets folder beside the spec ({1})");
    public static readonly DiagnosticDescriptor DuplicateName = Error("NMCP020", "Duplicate resource or prompt name", "{0} name '{1}' is already used in this spec");
    public static readonly DiagnosticDescriptor UncheckedKeyword = Warning("NMCP021", "Schema keyword is not checked", "Schema keyword '{0}' at {1} is published but arguments are not checked against it: {2}");
    public static readonly DiagnosticDescriptor UnresolvedRef = Error("NMCP022", "Schema $ref cannot be used", "$ref '{0}' in {1} cannot be used: {2}");
    public static readonly DiagnosticDescriptor InternalError = Error("NMCP099", "The NativeMcp generator failed", "The NativeMcp generator failed on this spec: {0}. Please report this with the spec attached.");

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new()
    {
        [SyntaxError.Id] = SyntaxError,
        [UnsupportedVersion.Id] = UnsupportedVersion,
        [UnknownKey.Id] = UnknownKey,
        [WrongType.Id] = WrongType,
        [MissingKey.Id] = MissingKey,
        [DuplicateToolName.Id] = DuplicateToolName,
        [InvalidToolName.Id] = InvalidToolName,
        [UnboundPathParameter.Id] = UnboundPathParameter,
        [UndeclaredEnv.Id] = UndeclaredEnv,
        [InvalidValue.Id] = InvalidValue,
        [UnknownInput.Id] = UnknownInput,
        [PathParameterNotRequired.Id] = PathParameterNotRequired,
        [InvalidPattern.Id] = InvalidPattern,
        [InvalidDefault.Id] = InvalidDefault,
        [DuplicateKey.Id] = DuplicateKey,
        [DuplicateServerName.Id] = DuplicateServerName,
        [UnknownUpstream.Id] = UnknownUpstream,
        [MissingHandler.Id] = MissingHandler,
        [MissingAsset.Id] = MissingAsset,
        [DuplicateName.Id] = DuplicateName,
        [UncheckedKeyword.Id] = UncheckedKeyword,
        [UnresolvedRef.Id] = UnresolvedRef,
        [InternalError.Id] = InternalError,
    };

    public static DiagnosticDescriptor Get(string id) => ById[id];

    private static DiagnosticDescriptor Warning(string id, string title, string format) =>
        new(id, title, format, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private static DiagnosticDescriptor Error(string id, string title, string format) =>
        new(id, title, format, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
