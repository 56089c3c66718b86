namespace NativeMcp.Runtime.Vocabulary;

// Shared by the runtime and the generator (linked into it as source): keep it netstandard2.0-clean.

/// <summary>A string input's <c>format:</c>, checked by the binder the way JSON Schema defines it.</summary>
public enum StringFormat
{
    None,
    Date,
    DateTime,
    Email,
    Uri,
}

/// <summary>The spec's (and JSON Schema's) names of <see cref="StringFormat"/>s.</summary>
public static class StringFormats
{
    /// <summary>In <see cref="StringFormat"/> order, from <see cref="StringFormat.Date"/>.</summary>
    public static readonly string[] Names = { "date", "date-time", "email", "uri" };

    public static string Name(StringFormat format) => format == StringFormat.None ? "" : Names[(int)format - 1];

    public static bool TryParse(string name, out StringFormat format)
    {
        var index = System.Array.IndexOf(Names, name);
        format = index < 0 ? StringFormat.None : (StringFormat)(index + 1);
        return index >= 0;
    }
}
