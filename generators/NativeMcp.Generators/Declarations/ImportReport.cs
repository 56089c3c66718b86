using NativeMcp.Generators.Common;

namespace NativeMcp.Generators.Declarations;

/// <summary>
/// What an <c>openapi</c> import made of its document, operation by operation: what <c>nativemcp import</c> lists and
/// <c>nativemcp check</c> reports. The diagnostics say the same at the document's lines; this keeps it per operation.
/// </summary>
internal sealed record ImportReport(string Document, EquatableArray<OperationOutcome> Operations);

/// <summary>What the import did with one operation of the document.</summary>
internal enum OperationFate
{
    /// <summary>A tool under the name its operationId (or the spec, or x-mcp) gives.</summary>
    Imported,
    /// <summary>A tool under a derived name (<see cref="OperationOutcome.Why"/> says why).</summary>
    Renamed,
    /// <summary>No tool: the selection, the document's x-mcp or deprecation leaves it out.</summary>
    LeftOut,
    /// <summary>No tool: it cannot be called correctly.</summary>
    Skipped,
}

/// <summary>One operation of an import: its identity, its tool (if any) and why it has that name or none.</summary>
internal sealed record OperationOutcome(string Method, string Path, string? OperationId, OperationFate Fate, string? Tool, string? Toolset, string? Why)
{
    /// <summary>How the spec's <c>openapi.operations</c> names it: its operationId, else "METHOD /path".</summary>
    public string Key => OperationId ?? Method + " " + Path;
}
