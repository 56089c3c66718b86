using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NativeMcp.Generators.FrontEnds.CSharp;

/// <summary>
/// Which hand-written handlers C# source implements: partial methods with a body in a "&lt;Server&gt;Handlers"
/// class, named "Class.Method" (the key the resolver's handler checks use). Syntax only, so that an edit inside
/// a body changes nothing.
/// </summary>
internal static class HandlerSyntax
{
    public static bool IsImplementation(SyntaxNode node) =>
        node is MethodDeclarationSyntax method
        && method.Modifiers.Any(SyntaxKind.PartialKeyword)
        && (method.Body is not null || method.ExpressionBody is not null)
        && method.Parent is ClassDeclarationSyntax type
        && type.Identifier.ValueText.EndsWith("Handlers", StringComparison.Ordinal);

    /// <summary>The "Class.Method" key of a node <see cref="IsImplementation"/> accepted.</summary>
    public static string Key(SyntaxNode node) =>
        ((ClassDeclarationSyntax)node.Parent!).Identifier.ValueText + "." + ((MethodDeclarationSyntax)node).Identifier.ValueText;
}
