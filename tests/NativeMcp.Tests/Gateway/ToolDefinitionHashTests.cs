using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NativeMcp.Runtime.Gateway;
using Xunit;

namespace NativeMcp.Tests.Gateway;

/// <summary>The lock's hash: RFC 8785 (JCS) canonical JSON, checked against the RFC's own examples.</summary>
public sealed class ToolDefinitionHashTests
{
    [Fact]
    public void The_rfc_sample_canonicalizes_to_the_published_bytes()
    {
        // RFC 8785 3.2.2 (input) and 3.2.3/3.2.4 (output and its UTF-8 bytes).
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string hex = "7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72 75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a 5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31 65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37 5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30 30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d";
        var expected = hex.Split(' ').Select(b => byte.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();

        using var document = JsonDocument.Parse(input);
        var canonical = JsonCanonicalizer.Canonicalize(document.RootElement);

        Assert.Equal(expected, canonical);
        Assert.Equal("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}",
            Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public void Members_sort_by_utf16_code_units()
    {
        // RFC 8785 3.2.3's sorting example.
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;
        using var document = JsonDocument.Parse(input);
        var canonical = Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(document.RootElement));

        var order = JsonDocument.Parse(canonical).RootElement.EnumerateObject().Select(p => p.Value.GetString()!).ToArray();
        Assert.Equal(["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"], order);
        // The emoji (a surrogate pair, 0xD83D...) sorts before U+FB33 by code units, though after it by code points.
        Assert.StartsWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":", canonical, StringComparison.Ordinal);
    }

    [Theory]
    // RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Numbers_print_as_ecmascript_does(string bits, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(long.Parse(bits, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Assert.Equal(expected, JsonCanonicalizer.FormatNumber(value));

        // And through a JSON document, written the way .NET writes the double.
        using var document = JsonDocument.Parse("[" + value.ToString("R", CultureInfo.InvariantCulture) + "]");
        Assert.Equal("[" + expected + "]", Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(document.RootElement)));
    }

    [Fact]
    public void The_hash_ignores_layout_and_sees_every_change()
    {
        using var a = JsonDocument.Parse("""{"name":"echo","inputSchema":{"type":"object","properties":{"text":{"type":"string"}}},"description":"Echoes."}""");
        using var b = JsonDocument.Parse("""
            {
              "description" : "Echoes.",
              "inputSchema" : { "properties" : { "text" : { "type" : "string" } }, "type" : "object" },
              "name" : "\u0065cho"
            }
            """);
        using var c = JsonDocument.Parse("""{"name":"echo","inputSchema":{"type":"object","properties":{"text":{"type":"string"}}},"description":"Echoes!"}""");

        var hash = ToolDefinitionHash.Compute(a.RootElement);
        Assert.Equal(hash, ToolDefinitionHash.Compute(b.RootElement));
        Assert.NotEqual(hash, ToolDefinitionHash.Compute(c.RootElement));

        var canonical = JsonCanonicalizer.Canonicalize(a.RootElement);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(canonical)), hash);
        Assert.Equal(hash, ToolDefinitionHash.Of(canonical));
        Assert.Matches("^sha256:[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void Duplicate_members_have_no_canonical_form()
    {
        using var document = JsonDocument.Parse("""{"a":1,"a":2}""");
        var error = Assert.Throws<FormatException>(() => JsonCanonicalizer.Canonicalize(document.RootElement));
        Assert.Contains("'a' twice", error.Message, StringComparison.Ordinal);
    }
}
