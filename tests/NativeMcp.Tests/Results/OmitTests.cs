using System.Text.Json;
using NativeMcp.Runtime.Results;
using Xunit;

namespace NativeMcp.Tests.Results;

/// <summary>The shaper's <c>omit</c>: paths with <c>*</c> and <c>**</c>, applied to the answer before anything sees it.</summary>
public sealed class OmitTests
{
    private static string Shape(string json, params string[] paths)
    {
        var spec = new ResultSpec { ToolName = "t", Omit = System.Array.ConvertAll(paths, p => p.Split('.')) };
        using var document = JsonDocument.Parse(json);
        return ResponseShaper.Shape(document.RootElement, spec).GetRawText();
    }

    [Fact]
    public void AnyDepthRemovesTheNameWhereverItStands()
    {
        var json = """{"id":"w1","secret":"s1","data":[{"id":"a","secret":"s2","nested":{"secret":"s3","keep":1}}],"secretary":"x"}""";
        Assert.Equal("""{"id":"w1","data":[{"id":"a","nested":{"keep":1}}],"secretary":"x"}""", Shape(json, "**.secret"));
    }

    [Fact]
    public void ExactPathRemovesOnlyThere()
    {
        var json = """{"secret":"top","webhook":{"secret":"inner"}}""";
        Assert.Equal("""{"secret":"top","webhook":{}}""", Shape(json, "webhook.secret"));
    }

    [Fact]
    public void OneLevelWildcardCoversPropertiesAndItems()
    {
        Assert.Equal("""{"items":[{"id":1},{"id":2}],"other":{"token":"t"}}""",
            Shape("""{"items":[{"id":1,"token":"a"},{"id":2,"token":"b"}],"other":{"token":"t"}}""", "items.*.token"));
        Assert.Equal("""{"a":{},"b":{},"c":{"x":{"k":1}}}""",
            Shape("""{"a":{"k":1},"b":{"k":2},"c":{"x":{"k":1}}}""", "*.k"));
    }

    [Fact]
    public void SeveralPatternsAndArrayIndexes()
    {
        var json = """{"list":[{"signingSecret":"a","n":0},{"signingSecret":"b","n":1}],"secret":"c"}""";
        Assert.Equal("""{"list":[{"n":0},{"n":1}]}""", Shape(json, "**.signingSecret", "secret"));
        Assert.Equal("""{"list":[{"signingSecret":"b","n":1}],"secret":"c"}""", Shape(json, "list.0"));
    }

    [Fact]
    public void AnyDepthInTheMiddleMatchesZeroOrMoreLevels()
    {
        var json = """{"a":{"key":1,"b":{"c":{"key":2}}},"key":3}""";
        Assert.Equal("""{"a":{"b":{"c":{}}},"key":3}""", Shape(json, "a.**.key"));
    }
}
