using NativeMcp.Generators.Common;

namespace NativeMcp.Generators.Model;

internal enum TemplatePartKind
{
    /// <summary>Literal text.</summary>
    Text,
    /// <summary><c>${NAME}</c>: an environment variable declared under <c>env</c>.</summary>
    Env,
    /// <summary><c>{name}</c>: a tool input (paths and header templates only).</summary>
    Input,
}

internal sealed record TemplatePart(TemplatePartKind Kind, string Value);

/// <summary>A string split at compile time into literal text, env references and input references.</summary>
internal sealed record Template(string Source, EquatableArray<TemplatePart> Parts)
{
    public static readonly Template Empty = new("", EquatableArray<TemplatePart>.Empty);
}
