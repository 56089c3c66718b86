namespace NativeMcp.Runtime.Vocabulary;

// Shared by the runtime and the generator (linked into it as source): keep it netstandard2.0-clean.

/// <summary>The JSON type of a declared input, as the spec writes it in <c>type:</c>.</summary>
public enum InputKind
{
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
}

/// <summary>The spec's (and JSON Schema's) names of <see cref="InputKind"/>s.</summary>
public static class InputKinds
{
    /// <summary>In <see cref="InputKind"/> order.</summary>
    public static readonly string[] Names = { "string", "integer", "number", "boolean", "array", "object" };

    public static string Name(InputKind kind) => Names[(int)kind];

    public static bool TryParse(string name, out InputKind kind)
    {
        var index = System.Array.IndexOf(Names, name);
        kind = index < 0 ? InputKind.String : (InputKind)index;
        return index >= 0;
    }
}
