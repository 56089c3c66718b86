using System.Collections.Generic;
using System.Threading.Tasks;
using NativeMcp.Generated.Wire;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Wire;

/// <summary>
/// Every row of the OpenAPI 3.1 style table (style x explode x primitive, array, object) for path, query, header
/// and cookie parameters, as the raw request reached a real HTTP server on 127.0.0.1. The values are the
/// specification's own: color = "blue", colors = ["blue", "black", "brown"], rgb = { R: 100, G: 200, B: 150 }.
/// </summary>
public sealed class ParameterStyleTests : IAsyncLifetime
{
    private const string Arguments = """{"color":"blue","colors":["blue","black","brown"],"rgb":{"R":100,"G":200,"B":150}}""";

    private FakeUpstream _upstream = null!;
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _server = await InProcessServer.StartAsync(WireServer.Definition, new Dictionary<string, string?> { ["WIRE_URL"] = _upstream.BaseUrl });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [InlineData("path_simple_false", "/path/blue/blue,black,brown/R,100,G,200,B,150")]
    [InlineData("path_simple_true", "/path/blue/blue,black,brown/R=100,G=200,B=150")]
    [InlineData("path_label_false", "/path/.blue/.blue,black,brown/.R,100,G,200,B,150")]
    [InlineData("path_label_true", "/path/.blue/.blue.black.brown/.R=100.G=200.B=150")]
    [InlineData("path_matrix_false", "/path/;color=blue/;colors=blue,black,brown/;rgb=R,100,G,200,B,150")]
    [InlineData("path_matrix_true", "/path/;color=blue/;colors=blue;colors=black;colors=brown/;R=100;G=200;B=150")]
    public async Task Path_parameters_follow_the_style_table(string tool, string path)
    {
        var request = await CallAsync(tool);
        Assert.Equal(path, request.Path);
        Assert.Equal("", request.QueryString);
    }

    [Theory]
    [InlineData("query_form_false", "?color=blue&colors=blue,black,brown&rgb=R,100,G,200,B,150")]
    [InlineData("query_form_true", "?color=blue&colors=blue&colors=black&colors=brown&R=100&G=200&B=150")]
    [InlineData("query_spaceDelimited_false", "?colors=blue%20black%20brown&rgb=R%20100%20G%20200%20B%20150")]
    [InlineData("query_pipeDelimited_false", "?colors=blue%7Cblack%7Cbrown&rgb=R%7C100%7CG%7C200%7CB%7C150")]
    [InlineData("query_deepObject_true", "?rgb%5BR%5D=100&rgb%5BG%5D=200&rgb%5BB%5D=150")]
    public async Task Query_parameters_follow_the_style_table(string tool, string query)
    {
        var request = await CallAsync(tool);
        Assert.Equal("/styles", request.Path);
        Assert.Equal(query, request.QueryString);
    }

    [Theory]
    [InlineData("header_simple_false", "R,100,G,200,B,150")]
    [InlineData("header_simple_true", "R=100,G=200,B=150")]
    public async Task Headers_are_simple_style(string tool, string rgb)
    {
        var request = await CallAsync(tool);
        Assert.Equal("blue", request.Header("X-Color"));
        Assert.Equal("blue,black,brown", request.Header("X-Colors"));
        Assert.Equal(rgb, request.Header("X-Rgb"));
    }

    [Theory]
    [InlineData("cookie_form_false", "color=blue; colors=blue,black,brown; rgb=R,100,G,200,B,150")]
    [InlineData("cookie_form_true", "color=blue; colors=blue; colors=black; colors=brown; R=100; G=200; B=150")]
    public async Task Cookies_are_form_style_in_one_header(string tool, string cookie)
    {
        var request = await CallAsync(tool);
        Assert.Equal(cookie, request.Header("Cookie"));
    }

    [Fact]
    public async Task Values_are_percent_encoded_for_their_place()
    {
        var result = await _server.Client.CallJsonAsync("path_label_true", """{"color":"a b/c","colors":["x,y","é"],"rgb":{"k":"v;w"}}""");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("/path/.a%20b%2Fc/.x%2Cy.%C3%A9/.k=v%3Bw", _upstream.Last.Path);

        result = await _server.Client.CallJsonAsync("header_simple_false", """{"color":"a b/c","colors":["x"],"rgb":{}}""");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("a b/c", _upstream.Last.Header("X-Color"));
    }

    private async Task<RecordedRequest> CallAsync(string tool)
    {
        var result = await _server.Client.CallJsonAsync(tool, Arguments);
        Assert.True(result.IsError != true, result.Text());
        var request = _upstream.Last;
        Assert.Equal("GET", request.Method);
        return request;
    }
}
