using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Generated.Testapi;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>
/// The generated testapi server, driven by the real SDK client, against a real HTTP upstream on
/// 127.0.0.1: every HTTP method, and path, query, header and body mapping.
/// </summary>
public sealed class UpstreamMappingTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _server = await InProcessServer.StartAsync(TestapiServer.Definition, new Dictionary<string, string?>
        {
            ["TESTAPI_URL"] = _upstream.BaseUrl,
            ["TESTAPI_TOKEN"] = "tok_e2e_secret",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Get_escapes_path_parameters_and_maps_query_names_and_arrays()
    {
        var result = await _server.Client.CallJsonAsync("get_item",
            """{"collection":"my coll/x","itemId":42,"fields":["a","b c"],"verbose":true,"ratio":0.5}""");

        Assert.NotEqual(true, result.IsError);
        var request = _upstream.Last;
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/collections/my%20coll%2Fx/items/42", request.Path);
        // Declared order; page_size is the renamed 'limit', sent with its default of 20.
        Assert.Equal("?fields=a&fields=b%20c&verbose=true&page_size=20&ratio=0.5", request.QueryString);
        Assert.Equal("", request.Body);
        Assert.Equal("Bearer tok_e2e_secret", request.Header("Authorization"));
        Assert.Equal("nativemcp-tests", request.Header("X-Client"));
    }

    [Fact]
    public async Task Json_object_response_is_text_and_structured_content()
    {
        var result = await _server.Client.CallJsonAsync("get_item", """{"collection":"c","itemId":1}""");

        Assert.NotEqual(true, result.IsError);
        Assert.Contains("\"path\":\"/v1/collections/c/items/1\"", result.Text());
        Assert.NotNull(result.StructuredContent);
        Assert.Equal("GET", result.StructuredContent!.Value.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Post_sends_remaining_inputs_as_json_body_with_defaults_and_header_template()
    {
        var result = await _server.Client.CallJsonAsync("create_item", """
            {"collection":"c1","name":"Widget","count":3,"price":9.5,"tags":["x","y"],
             "owner":{"email":"ann@example.com","role":"admin"},"requestId":"abc"}
            """);

        Assert.NotEqual(true, result.IsError);
        var request = _upstream.Last;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/collections/c1/items", request.Path);
        Assert.Equal("req-abc", request.Header("Idempotency-Key"));
        Assert.StartsWith("application/json", request.Header("Content-Type"));
        AssertJsonEqual(
            """{"name":"Widget","count":3,"price":9.5,"active":true,"tags":["x","y"],"owner":{"email":"ann@example.com","role":"admin"}}""",
            request.Body);
    }

    [Fact]
    public async Task Post_leaves_out_omitted_inputs_and_the_header_that_needs_them()
    {
        await _server.Client.CallJsonAsync("create_item", """{"collection":"c1","name":"W","active":false}""");

        var request = _upstream.Last;
        Assert.Null(request.Header("Idempotency-Key"));
        AssertJsonEqual("""{"name":"W","active":false}""", request.Body);
    }

    [Fact]
    public async Task Put_uses_the_explicit_body_map()
    {
        await _server.Client.CallJsonAsync("replace_item", """{"itemId":"i-1","displayName":"Shown"}""");

        var request = _upstream.Last;
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/v1/items/i-1", request.Path);
        AssertJsonEqual("""{"display_name":"Shown"}""", request.Body);
    }

    [Fact]
    public async Task Patch_sends_only_the_fields_given()
    {
        await _server.Client.CallJsonAsync("patch_item", """{"itemId":"i-2","count":0}""");

        var request = _upstream.Last;
        Assert.Equal("PATCH", request.Method);
        AssertJsonEqual("""{"count":0}""", request.Body);
    }

    [Fact]
    public async Task Delete_has_no_body_and_escapes_the_id()
    {
        await _server.Client.CallJsonAsync("delete_item", """{"itemId":"a/b?c"}""");

        var request = _upstream.Last;
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/v1/items/a%2Fb%3Fc", request.Path);
        Assert.Equal("", request.Body);
        Assert.Null(request.Header("Content-Type"));
    }

    [Fact]
    public async Task Invalid_arguments_answer_isError_naming_each_field_and_never_reach_the_upstream()
    {
        var result = await _server.Client.CallJsonAsync("create_item",
            """{"collection":"c","name":"far too long a name for this","owner":{"role":"boss"},"extra":1}""");

        Assert.True(result.IsError);
        Assert.Equal(
            "Invalid arguments for tool 'create_item':\n" +
            "- 'extra' is not a parameter of this tool (expected one of: collection, name, count, price, active, tags, owner, requestId)\n" +
            "- 'name' must be at most 20 characters long (got 28)\n" +
            "- 'owner.email' is required\n" +
            "- 'owner.role' must be one of: admin, member (got \"boss\")",
            result.Text());
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task Tools_list_carries_schema_and_annotations_from_the_spec()
    {
        var tools = await _server.Client.ListToolsAsync();
        var get = Assert.Single(tools, t => t.Name == "get_item");

        Assert.True(get.ProtocolTool.Annotations!.ReadOnlyHint);
        var schema = get.ProtocolTool.InputSchema;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(["collection", "itemId"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var limit = schema.GetProperty("properties").GetProperty("limit");
        Assert.Equal(20, limit.GetProperty("default").GetInt32());
        Assert.Equal(100, limit.GetProperty("maximum").GetInt32());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
    }

    private static void AssertJsonEqual(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(e.RootElement, a.RootElement), "expected " + expected + "\nactual   " + actual);
    }
}
