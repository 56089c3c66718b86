using Microsoft.CodeAnalysis.CSharp;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Resolution;

/// <summary>The C# identifiers generated code uses, derived from spec names: the one place they are made.</summary>
internal static class Naming
{
    /// <summary>check_availability -> CheckAvailability; linktime -> Linktime.</summary>
    public static string Pascal(string name) => Identifiers.Pascal(name);

    /// <summary>A local variable name for an input, prefixed so that it can never clash with generated locals.</summary>
    public static string Local(string inputName) => "arg_" + Sanitize(inputName);

    /// <summary>A parameter name for the typed client: the input name made a valid identifier.</summary>
    public static string Parameter(string inputName)
    {
        var id = Sanitize(inputName);
        if (char.IsUpper(id[0])) id = char.ToLowerInvariant(id[0]) + id.Substring(1);
        // Locals of the generated client method.
        if (id is "cancellationToken" or "request" or "buffer" or "writer" or "form" or "multipart" or "bodyText") id += "_";
        return SyntaxFacts.GetKeywordKind(id) != SyntaxKind.None ? "@" + id : id;
    }

    private static string Sanitize(string name) => Identifiers.Sanitize(name);

    /// <summary>The C# type a bound argument has: nullable unless required or defaulted.</summary>
    public static string ClrType(InputModel input)
    {
        var type = input.Type switch
        {
            InputKind.String => "string",
            InputKind.Integer => "long",
            InputKind.Number => "double",
            InputKind.Boolean => "bool",
            _ => "global::System.Text.Json.JsonElement",
        };
        return input.AlwaysSet ? type : type + "?";
    }

}
