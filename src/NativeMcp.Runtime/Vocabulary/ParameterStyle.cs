namespace NativeMcp.Runtime.Vocabulary;

// Shared by the runtime and the generator (linked into it as source): keep it netstandard2.0-clean.

/// <summary>
/// How a parameter value is serialised (OpenAPI 3.1 <c>style</c>, RFC 6570 for simple, label, matrix and form).
/// Allowed per location as OpenAPI 3 defines it: path: simple, label, matrix; query: form, spaceDelimited,
/// pipeDelimited, deepObject; header: simple; cookie: form. Form bodies take the query styles per property.
/// </summary>
public enum ParameterStyle
{
    /// <summary>Comma-separated (<c>blue,black</c>; objects <c>R,100,G,200</c>, exploded <c>R=100,G=200</c>).</summary>
    Simple,
    /// <summary><c>name=value</c>; arrays <c>name=a,b</c>, exploded <c>name=a&amp;name=b</c>; exploded objects as their own keys.</summary>
    Form,
    /// <summary>Dot-prefixed (<c>.blue,black</c>; exploded <c>.blue.black</c>, objects <c>.R=100.G=200</c>).</summary>
    Label,
    /// <summary>Semicolon-prefixed (<c>;color=blue,black</c>; exploded <c>;color=blue;color=black</c>, objects <c>;R=100;G=200</c>).</summary>
    Matrix,
    /// <summary>Arrays and objects joined with an encoded space (<c>color=blue%20black</c>).</summary>
    SpaceDelimited,
    /// <summary>Arrays and objects joined with an encoded pipe (<c>color=blue%7Cblack</c>).</summary>
    PipeDelimited,
    /// <summary>Objects as <c>name[prop]=value</c>; nested objects and arrays as <c>name[a][b]=</c> and <c>name[a][0]=</c>.</summary>
    DeepObject,
}

/// <summary>The spec's names of <see cref="ParameterStyle"/>s (OpenAPI's spelling).</summary>
public static class ParameterStyles
{
    /// <summary>In <see cref="ParameterStyle"/> order.</summary>
    public static readonly string[] Names = { "simple", "form", "label", "matrix", "spaceDelimited", "pipeDelimited", "deepObject" };

    public static string Name(ParameterStyle style) => Names[(int)style];

    public static bool TryParse(string name, out ParameterStyle style)
    {
        var index = System.Array.IndexOf(Names, name);
        style = index < 0 ? ParameterStyle.Simple : (ParameterStyle)index;
        return index >= 0;
    }
}
