namespace NativeMcp.Runtime.Vocabulary;

// Shared by the runtime and the generator (linked into it as source): keep it netstandard2.0-clean.

/// <summary>
/// The three tools a dynamic-mode import lists in its operations' stead: the runtime's tools carry these names and the
/// generator refuses a spec tool that takes one of them beside such an import.
/// </summary>
public static class DynamicToolNames
{
    public const string Search = "search_operations";
    public const string Describe = "describe_operation";
    public const string Call = "call_operation";

    public static readonly string[] All = { Search, Describe, Call };
}
