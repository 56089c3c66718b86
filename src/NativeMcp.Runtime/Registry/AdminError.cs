namespace NativeMcp.Runtime.Registry;

/// <summary>
/// An admin API failure as the seed's envelope carries it: HTTP status, one of the seed's codes, a message for a
/// person, and the field at fault when there is one (<c>details.field</c>).
/// </summary>
internal sealed record AdminError(int Status, string Code, string Message, string? Field = null)
{
    public static AdminError Validation(string field, string message) => new(400, "VALIDATION_ERROR", message, field);

    public static readonly AdminError Unauthorized = new(401, "UNAUTHORIZED", "Missing or invalid admin API key");

    public static readonly AdminError ServerNotFound = new(404, "NOT_FOUND", "MCP server not found");

    public static readonly AdminError TenantNotFound = new(404, "NOT_FOUND", "Tenant not found");

    public static readonly AdminError RouteNotFound = new(404, "NOT_FOUND", "No such admin API endpoint");

    public static readonly AdminError NameTaken = new(409, "CONFLICT", "MCP server with this name already exists", "name");

    // Nothing about the cause: the exception's type goes to the server's log, never to the caller.
    public static readonly AdminError Internal = new(500, "INTERNAL_ERROR", "Internal server error");
}
