using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Generated.OpenapiPetstore;
using NativeMcp.Generated.Tictactoe;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// Servers compiled from real public OpenAPI documents (OpenApi/*.nativemcp.yaml), driven by the SDK client against
/// a fake upstream on 127.0.0.1: every request is checked against what the document says the operation takes.
/// </summary>
public sealed class ImportedServerTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private Task<InProcessServer> Petstore() =>
        InProcessServer.StartAsync(OpenapiPetstoreServer.Definition, new Dictionary<string, string?> { ["OPENAPI_PETSTORE_BASE_URL"] = _upstream.BaseUrl + "/api" });

    [Fact]
    public async Task Petstore_lists_one_tool_per_operation_with_the_documents_parameters()
    {
        await using var server = await Petstore();
        var tools = (await server.Client.ListToolsAsync()).ToDictionary(t => t.Name);

        Assert.Equal(new[] { "addPet", "deletePet", "findPets", "find_pet_by_id" }, tools.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
        var find = tools["findPets"].ProtocolTool;
        Assert.StartsWith("Returns all pets from the system", find.Description);
        Assert.Equal("""{"type":"array","items":{"type":"string"},"description":"tags to filter by"}""", find.InputSchema.GetProperty("properties").GetProperty("tags").GetRawText());
        Assert.Equal(true, find.Annotations?.ReadOnlyHint);
        // NewPet's properties are the arguments of addPet; its required 'name' is required.
        var add = tools["addPet"].ProtocolTool.InputSchema;
        Assert.Equal(new[] { "name", "tag" }, add.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal("""["name"]""", add.GetProperty("required").GetRawText());
        // Pet is allOf [NewPet, {id}]: merged into one object for the output schema.
        var output = tools["find_pet_by_id"].ProtocolTool.OutputSchema!.Value;
        Assert.Equal(new[] { "name", "tag", "id" }, output.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal("""["name","id"]""", output.GetProperty("required").GetRawText());
    }

    [Fact]
    public async Task Petstore_calls_send_method_path_query_and_json_body_as_the_document_describes()
    {
        await using var server = await Petstore();

        // findPets answers an array: the output schema wraps it, and the structured content has it under result.
        _upstream.Respond = _ => FakeResponse.Json("""[{"name":"Rex","id":7}]""");
        var found = await server.Client.CallJsonAsync("findPets", """{"tags":["cat","small dog"],"limit":5}""");
        Assert.NotEqual(true, found.IsError);
        Assert.Equal(7, found.StructuredContent!.Value.GetProperty("result")[0].GetProperty("id").GetInt32());
        Assert.Equal("GET", _upstream.Last.Method);
        Assert.Equal("/api/pets", _upstream.Last.Path);
        // style: form, explode (the 3.0 default): the key repeats for each item.
        Assert.Equal("?tags=cat&tags=small%20dog&limit=5", _upstream.Last.QueryString);

        _upstream.Respond = _ => FakeResponse.Json("""{"name":"Rex","id":7}""");
        var added = await server.Client.CallJsonAsync("addPet", """{"name":"Rex","tag":"dog"}""");
        Assert.NotEqual(true, added.IsError);
        Assert.Equal("POST", _upstream.Last.Method);
        Assert.Equal("/api/pets", _upstream.Last.Path);
        Assert.StartsWith("application/json", _upstream.Last.Header("content-type"));
        Assert.Equal("""{"name":"Rex","tag":"dog"}""", _upstream.Last.Body);

        var shown = await server.Client.CallJsonAsync("find_pet_by_id", """{"id":7}""");
        Assert.NotEqual(true, shown.IsError);
        Assert.Equal("/api/pets/7", _upstream.Last.Path);
        Assert.Equal(7, shown.StructuredContent!.Value.GetProperty("id").GetInt32());

        _upstream.Respond = _ => new FakeResponse(204, null, "");
        var deleted = await server.Client.CallJsonAsync("deletePet", """{"id":7}""");
        Assert.NotEqual(true, deleted.IsError);
        Assert.Equal("DELETE", _upstream.Last.Method);
        Assert.Equal("/api/pets/7", _upstream.Last.Path);
    }

    [Fact]
    public async Task Petstore_rejects_arguments_the_document_does_not_allow_before_any_request()
    {
        await using var server = await Petstore();

        var result = await server.Client.CallJsonAsync("addPet", """{"tag":"dog"}""");

        Assert.True(result.IsError);
        Assert.Contains("name", result.Text());
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task Petstore_answer_that_breaks_the_documents_output_schema_is_a_tool_error()
    {
        await using var server = await Petstore();
        _upstream.Respond = _ => FakeResponse.Json("""{"id":"seven"}""");

        var result = await server.Client.CallJsonAsync("find_pet_by_id", """{"id":7}""");

        Assert.True(result.IsError);
        Assert.Contains("output schema", result.Text());
    }

    [Fact]
    public async Task Tictactoe_sends_each_operations_own_credential_from_its_declared_secret_variables()
    {
        await using var server = await InProcessServer.StartAsync(TictactoeServer.Definition, new Dictionary<string, string?>
        {
            ["TICTACTOE_BASE_URL"] = _upstream.BaseUrl,
            ["TICTACTOE_KEY"] = "key-123",
            ["TICTACTOE_BEARER_HTTP_AUTHENTICATION_TOKEN"] = "token-456",
        });
        _upstream.Respond = _ => FakeResponse.Json("""{"winner":".","board":[[".",".","."],[".",".","."],[".",".","."]]}""");

        var board = await server.Client.CallJsonAsync("get-board");
        Assert.NotEqual(true, board.IsError);
        Assert.Equal("/board", _upstream.Last.Path);
        Assert.Equal("key-123", _upstream.Last.Header("api-key"));
        Assert.Null(_upstream.Last.Header("authorization"));

        _upstream.Respond = _ => FakeResponse.Json("\"X\"");
        var square = await server.Client.CallJsonAsync("read_square", """{"board_row":1,"column":3}""");
        Assert.NotEqual(true, square.IsError);
        Assert.Equal("/board/1/3", _upstream.Last.Path);
        Assert.Equal("Bearer token-456", _upstream.Last.Header("authorization"));
        Assert.Null(_upstream.Last.Header("api-key"));

        // put-square's body is one JSON string (a mark): the whole body is the 'body' argument.
        _upstream.Respond = _ => FakeResponse.Json("""{"winner":".","board":[[".",".","."],[".",".","X"],[".",".","."]]}""");
        var put = await server.Client.CallJsonAsync("put-square", """{"row":2,"column":3,"body":"X"}""");
        Assert.True(put.IsError != true, put.Text());
        Assert.NotEqual(true, put.IsError);
        Assert.Equal("PUT", _upstream.Last.Method);
        Assert.Equal("/board/2/3", _upstream.Last.Path);
        Assert.Equal("\"X\"", _upstream.Last.Body);
        Assert.StartsWith("application/json", _upstream.Last.Header("content-type"));
    }

    [Fact]
    public async Task Uspto_sends_its_form_body_form_encoded_without_the_documents_defaults()
    {
        await using var server = await InProcessServer.StartAsync(NativeMcp.Generated.Uspto.UsptoServer.Definition, new Dictionary<string, string?> { ["USPTO_BASE_URL"] = _upstream.BaseUrl + "/ds-api" });
        // perform-search answers an array of records, each an object of objects (wrapped under result by its output schema).
        _upstream.Respond = _ => FakeResponse.Json("""[{"patent":{"number":"1"}}]""");

        var result = await server.Client.CallJsonAsync("perform-search", """{"dataset":"oa_citations","version":"v1","criteria":"patent:1 & more"}""");

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("POST", _upstream.Last.Method);
        Assert.Equal("/ds-api/oa_citations/v1/records", _upstream.Last.Path);
        Assert.StartsWith("application/x-www-form-urlencoded", _upstream.Last.Header("content-type"));
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + _upstream.Last.Body);
        Assert.Equal("patent:1 & more", form["criteria"].ToString());
        // start (default 0) and rows (default 100) were omitted: the API assumes its defaults, so they are not sent,
        // and the schema the model sees still documents them.
        Assert.False(form.ContainsKey("start"), _upstream.Last.Body);
        Assert.False(form.ContainsKey("rows"), _upstream.Last.Body);
        var tool = (await server.Client.ListToolsAsync()).Single(t => t.Name == "perform-search");
        Assert.Equal(100, tool.JsonSchema.GetProperty("properties").GetProperty("rows").GetProperty("default").GetInt32());

        await server.Client.CallJsonAsync("perform-search", """{"dataset":"oa_citations","version":"v1","criteria":"*:*","rows":5}""");
        Assert.Equal("5", Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + _upstream.Last.Body)["rows"].ToString());
    }

    [Fact]
    public async Task Uspto_error_carries_the_documents_description_of_the_status()
    {
        await using var server = await InProcessServer.StartAsync(NativeMcp.Generated.Uspto.UsptoServer.Definition, new Dictionary<string, string?> { ["USPTO_BASE_URL"] = _upstream.BaseUrl });
        _upstream.Respond = _ => new FakeResponse(404, "text/plain", "nothing");

        var result = await server.Client.CallJsonAsync("perform-search", """{"dataset":"oa_citations","version":"v1"}""");

        Assert.True(result.IsError);
        Assert.Contains("No matching record found for the given criteria.", result.Text());
    }

    [Fact]
    public async Task Tictactoe_publishes_renamed_tool_and_arguments_and_checks_the_documents_ranges()
    {
        await using var server = await InProcessServer.StartAsync(TictactoeServer.Definition, new Dictionary<string, string?> { ["TICTACTOE_BASE_URL"] = _upstream.BaseUrl });
        var tools = (await server.Client.ListToolsAsync()).ToDictionary(t => t.Name);

        Assert.Equal(new[] { "get-board", "put-square", "read_square" }, tools.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
        var schema = tools["read_square"].ProtocolTool.InputSchema;
        Assert.Equal(new[] { "board_row", "column" }, schema.GetProperty("properties").EnumerateObject().Select(p => p.Name));

        var result = await server.Client.CallJsonAsync("read_square", """{"board_row":4,"column":1}""");
        Assert.True(result.IsError);
        Assert.Contains("board_row", result.Text());
        Assert.Empty(_upstream.Requests);
    }
}
