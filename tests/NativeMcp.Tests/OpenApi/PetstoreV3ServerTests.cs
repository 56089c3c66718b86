using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using NativeMcp.Generated.PetstoreV3;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// OpenAPITools' petstore (OpenAPI 3.0, OpenApi/petstore-v3.nativemcp.yaml) served in-process and driven by the SDK
/// client against a fake upstream on 127.0.0.1. Each request is checked against the document: its multipart upload
/// read back part by part, its form body, its credentials (apiKey header, apiKey cookie, OAuth2 implicit token),
/// and the spec's hidden arguments sent with their fixed values.
/// </summary>
public sealed class PetstoreV3ServerTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private Task<InProcessServer> Start() => InProcessServer.StartAsync(PetstoreV3Server.Definition, new Dictionary<string, string?>
    {
        ["PETSTORE_V3_BASE_URL"] = _upstream.BaseUrl + "/v2",
        ["PETSTORE_V3_API_KEY"] = "key-123",
        ["PETSTORE_V3_AUTH_COOKIE"] = "cookie-456",
        ["PETSTORE_V3_PETSTORE_AUTH_TOKEN"] = "token-789",
    });

    [Fact]
    public async Task Upload_is_multipart_form_data_with_the_text_field_and_the_file_part_from_base64()
    {
        await using var server = await Start();
        _upstream.Respond = _ => FakeResponse.Json("""{"code":200,"type":"ok","message":"stored"}""");
        var file = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x10 };

        var result = await server.Client.CallJsonAsync("uploadFile", "{\"petId\":7,\"additionalMetadata\":\"front view\",\"file\":\"" + Convert.ToBase64String(file) + "\"}");

        Assert.True(result.IsError != true, result.Text());
        var request = _upstream.Last;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/pet/7/uploadImage", request.Path);
        Assert.Equal("Bearer token-789", request.Header("authorization"));
        var contentType = MediaTypeHeaderValue.Parse(request.Header("content-type"));
        Assert.Equal("multipart/form-data", contentType.MediaType.Value);
        var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(contentType.Boundary).Value!, new MemoryStream(request.BodyBytes));
        var parts = new List<(ContentDispositionHeaderValue Disposition, string? Type, byte[] Bytes)>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var bytes = new MemoryStream();
            await section.Body.CopyToAsync(bytes);
            parts.Add((ContentDispositionHeaderValue.Parse(section.ContentDisposition), section.ContentType, bytes.ToArray()));
        }
        Assert.Equal(new[] { "additionalMetadata", "file" }, parts.Select(p => p.Disposition.Name.Value));
        Assert.Equal("front view", Encoding.UTF8.GetString(parts[0].Bytes));
        Assert.True(parts[1].Disposition.FileName.HasValue, "the file part has a file name");
        Assert.Equal(file, parts[1].Bytes);
        Assert.Equal("stored", result.StructuredContent!.Value.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Form_update_is_url_encoded_with_the_hidden_status_and_the_argument_name()
    {
        await using var server = await Start();
        var tools = (await server.Client.ListToolsAsync()).ToDictionary(t => t.Name);
        var schema = tools["updatePetWithForm"].ProtocolTool.InputSchema.GetProperty("properties");
        Assert.Equal(new[] { "petId", "name" }, schema.EnumerateObject().Select(p => p.Name));
        _upstream.Respond = _ => new FakeResponse(204, null, "");

        var result = await server.Client.CallJsonAsync("updatePetWithForm", """{"petId":3,"name":"Rex & Co"}""");

        Assert.True(result.IsError != true, result.Text());
        Assert.Equal("POST", _upstream.Last.Method);
        Assert.Equal("/v2/pet/3", _upstream.Last.Path);
        Assert.StartsWith("application/x-www-form-urlencoded", _upstream.Last.Header("content-type"));
        var form = QueryHelpers.ParseQuery("?" + _upstream.Last.Body);
        Assert.Equal("Rex & Co", form["name"].ToString());
        Assert.Equal("sold", form["status"].ToString());
    }

    [Fact]
    public async Task Hidden_query_parameter_is_not_published_and_is_sent_and_an_array_answer_is_structured_under_result()
    {
        await using var server = await Start();
        var tools = (await server.Client.ListToolsAsync()).ToDictionary(t => t.Name);
        var find = tools["findPetsByStatus"].ProtocolTool;
        Assert.Equal("{}", find.InputSchema.GetProperty("properties").GetRawText());
        var output = find.OutputSchema!.Value;
        Assert.Equal("object", output.GetProperty("type").GetString());
        Assert.Equal("array", output.GetProperty("properties").GetProperty("result").GetProperty("type").GetString());
        Assert.Equal("""["result"]""", output.GetProperty("required").GetRawText());
        _upstream.Respond = _ => FakeResponse.Json("""[{"id":1,"name":"Rex","photoUrls":[]}]""");

        var result = await server.Client.CallJsonAsync("findPetsByStatus", "{}");

        Assert.True(result.IsError != true, result.Text());
        Assert.Equal("GET", _upstream.Last.Method);
        Assert.Equal("/v2/pet/findByStatus", _upstream.Last.Path);
        Assert.Equal("?status=available", _upstream.Last.QueryString);
        Assert.Equal("Bearer token-789", _upstream.Last.Header("authorization"));
        Assert.Equal("Rex", result.StructuredContent!.Value.GetProperty("result")[0].GetProperty("name").GetString());
        Assert.Equal("""[{"id":1,"name":"Rex","photoUrls":[]}]""", result.Text());
    }

    [Fact]
    public async Task A_string_answer_is_wrapped_and_checked_and_an_answer_of_another_type_is_a_clear_error()
    {
        await using var server = await Start();
        _upstream.Respond = _ => FakeResponse.Json("\"logged in user session:1\"");

        var result = await server.Client.CallJsonAsync("loginUser", """{"username":"ann","password":"p w"}""");

        Assert.True(result.IsError != true, result.Text());
        Assert.Equal("?username=ann&password=p%20w", _upstream.Last.QueryString);
        Assert.Equal("logged in user session:1", result.StructuredContent!.Value.GetProperty("result").GetString());

        _upstream.Respond = _ => FakeResponse.Json("42");
        var wrong = await server.Client.CallJsonAsync("loginUser", """{"username":"ann","password":"x"}""");
        Assert.True(wrong.IsError);
        Assert.Contains("output schema", wrong.Text());
    }

    [Fact]
    public async Task Credentials_go_where_each_operations_scheme_says_header_or_cookie()
    {
        await using var server = await Start();
        _upstream.Respond = _ => FakeResponse.Json("""{"id":7,"name":"Rex","photoUrls":[]}""");

        var pet = await server.Client.CallJsonAsync("getPetById", """{"petId":7}""");
        Assert.True(pet.IsError != true, pet.Text());
        Assert.Equal("/v2/pet/7", _upstream.Last.Path);
        Assert.Equal("key-123", _upstream.Last.Header("api_key"));
        Assert.Null(_upstream.Last.Header("authorization"));
        Assert.Null(_upstream.Last.Header("cookie"));

        _upstream.Respond = _ => new FakeResponse(200, null, "");
        var logout = await server.Client.CallJsonAsync("logoutUser", "{}");
        Assert.True(logout.IsError != true, logout.Text());
        Assert.Equal("/v2/user/logout", _upstream.Last.Path);
        Assert.Equal("AUTH_KEY=cookie-456", _upstream.Last.Header("cookie"));
        Assert.Null(_upstream.Last.Header("api_key"));

        // placeOrder declares no security of its own and the document none at the top: nothing is sent.
        _upstream.Respond = _ => FakeResponse.Json("""{"id":1,"petId":7,"quantity":1}""");
        var order = await server.Client.CallJsonAsync("placeOrder", """{"petId":7,"quantity":1}""");
        Assert.True(order.IsError != true, order.Text());
        Assert.StartsWith("application/json", _upstream.Last.Header("content-type"));
        // Order.complete has a default in the document (false), which the API assumes when it is absent: not sent.
        Assert.Equal("""{"petId":7,"quantity":1}""", _upstream.Last.Body);
        Assert.Null(_upstream.Last.Header("authorization"));
        Assert.Null(_upstream.Last.Header("cookie"));
        Assert.Null(_upstream.Last.Header("api_key"));
    }
}
