extern alias generator;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using CSharp = generator::NativeMcp.Generators.Emit.CSharp;

namespace NativeMcp.Tests.Generator;

/// <summary>The UTF-8 JSON literals the emitters write read back, through the C# parser, as exactly the JSON given.</summary>
public sealed class Utf8JsonLiteralTests
{
    [Theory]
    [InlineData("{\"name\":\"a\",\"description\":\"say \\\"hi\\\" \\\\ back\"}", true)]
    [InlineData("{\"description\":\"\\\"\\\"\",\"empty\":\"\",\"x\":[\"\",\"\"]}", true)]
    [InlineData("{\"description\":\"tab\\tand \\u00e9 é 😀\"}", true)]
    // Line breaks a raw single-line literal cannot hold: JSON may carry U+2028, U+2029 and U+0085 unescaped.
    [InlineData("{\"description\":\"one\u2028two\"}", false)]
    [InlineData("{\"description\":\"one\u2029two\u0085three\"}", false)]
    [InlineData("[\"a\",\"b\"]", true)]
    [InlineData("\"just a string\"", false)]
    public void A_literal_reads_back_as_the_json_and_is_raw_whenever_it_can_be(string json, bool raw)
    {
        var literal = CSharp.Utf8Json(json);
        Assert.Equal(raw, literal.StartsWith("\"\"\"", System.StringComparison.Ordinal));
        var expression = SyntaxFactory.ParseExpression(literal);
        Assert.Empty(expression.GetDiagnostics());
        var token = Assert.IsType<LiteralExpressionSyntax>(expression).Token;
        Assert.True(token.IsKind(SyntaxKind.Utf8StringLiteralToken) || token.IsKind(SyntaxKind.Utf8SingleLineRawStringLiteralToken), token.Kind().ToString());
        Assert.Equal(json, token.ValueText);
    }
}
