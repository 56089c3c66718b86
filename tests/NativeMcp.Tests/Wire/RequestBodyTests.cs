using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using NativeMcp.Generated.Wire;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Wire;

/// <summary>
/// Each request-body kind sent with its own encoding and content type (never re-encoded as JSON), and the same
/// wire name in every location kept apart, as the raw request reached a real HTTP server on 127.0.0.1.
/// </summary>
public sealed class RequestBodyTests : IAsyncLifetime
{
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

    [Fact]
    public async Task The_same_name_in_path_query_header_cookie_and_body_comes_from_five_inputs()
    {
        var request = await CallAsync("same_name", """{"pathId":"p 1","queryId":"q1","headerId":"h1","cookieId":"c1","id":"b1","note":"a/b?c=d"}""");

        Assert.Equal("POST", request.Method);
        Assert.Equal("/things/p%201", request.Path);
        // allowReserved keeps '/', '?' and '=' as they are; the fixed value's template is encoded as usual.
        Assert.Equal("?id=q1&q=a/b?c=d&v=fixed%20a%2Fb%3Fc%3Dd", request.QueryString);
        Assert.Equal("h1", request.Header("id"));
        Assert.Equal("id=c1", request.Header("Cookie"));
        Assert.Equal("""{"id":"b1"}""", request.Body);
        Assert.StartsWith("application/json", request.Header("Content-Type"));
    }

    [Fact]
    public async Task A_whole_json_body_from_one_input_keeps_its_media_type()
    {
        var request = await CallAsync("json_whole", """{"patch":[{"op":"replace","path":"/a","value":1}]}""");

        Assert.Equal("PATCH", request.Method);
        Assert.Equal("application/json-patch+json", request.Header("Content-Type"));
        Assert.Equal("""[{"op":"replace","path":"/a","value":1}]""", request.Body);
    }

    [Fact]
    public async Task A_form_body_sends_nested_objects_and_arrays_as_deep_object_keys()
    {
        var request = await CallAsync("form_body", """
            {"amount":2000,"currency":"usd","metadata":{"order":{"id":"A 1","lines":[3,4]},"vip":true},
             "expand":["customer","invoice.lines"],"tags":["a","b|c"],"note":"50% off & more"}
            """);

        Assert.Equal("application/x-www-form-urlencoded", request.Header("Content-Type"));
        Assert.Equal(
            "amount=2000&currency=usd" +
            "&metadata%5Border%5D%5Bid%5D=A%201&metadata%5Border%5D%5Blines%5D%5B0%5D=3&metadata%5Border%5D%5Blines%5D%5B1%5D=4&metadata%5Bvip%5D=true" +
            "&expand%5B0%5D=customer&expand%5B1%5D=invoice.lines" +
            "&tags=a%7Cb%7Cc" +
            "&description=50%25%20off%20%26%20more" +
            "&source=tool%20usd",
            request.Body);
        // What a form reader makes of it: the keys a form-only API (Stripe, Twilio) reads.
        var form = QueryHelpers.ParseQuery(request.Body);
        Assert.Equal("A 1", form["metadata[order][id]"]);
        Assert.Equal("50% off & more", form["description"]);
    }

    [Fact]
    public async Task A_form_body_without_properties_takes_the_inputs_the_path_did_not()
    {
        var request = await CallAsync("form_default", """{"account":"acct_1","name":"Ann","items":[{"price":"p_1","quantity":2}]}""");

        Assert.Equal("/accounts/acct_1", request.Path);
        // An array of objects under form style, exploded: each item as its JSON text, as OpenAPI's form style gives it.
        Assert.Equal("name=Ann&items=%7B%22price%22%3A%22p_1%22%2C%22quantity%22%3A2%7D", request.Body);
    }

    [Fact]
    public async Task A_multipart_body_has_text_fields_a_json_part_and_a_file_part_from_base64()
    {
        var file = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF };
        var request = await CallAsync("upload", JsonSerializer.Serialize(new
        {
            title = "Logo \"v2\"",
            count = 3,
            meta = new { tags = new[] { "a" } },
            data = Convert.ToBase64String(file),
            fileName = "logo.png",
        }));

        var contentType = MediaTypeHeaderValue.Parse(request.Header("Content-Type"));
        Assert.Equal("multipart/form-data", contentType.MediaType.Value);
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(request.BodyBytes));
        var parts = new List<(ContentDispositionHeaderValue Disposition, string? Type, byte[] Bytes)>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var bytes = new MemoryStream();
            await section.Body.CopyToAsync(bytes);
            parts.Add((ContentDispositionHeaderValue.Parse(section.ContentDisposition), section.ContentType, bytes.ToArray()));
        }

        Assert.Equal(new[] { "title", "count", "meta", "note", "file" }, parts.Select(p => p.Disposition.Name.Value));
        Assert.Equal("Logo \"v2\"", Encoding.UTF8.GetString(parts[0].Bytes));
        Assert.Null(parts[0].Type);
        Assert.Equal("3", Encoding.UTF8.GetString(parts[1].Bytes));
        Assert.Equal("application/json", parts[2].Type);
        Assert.Equal("""{"tags":["a"]}""", Encoding.UTF8.GetString(parts[2].Bytes));
        Assert.Equal("text/markdown", parts[3].Type);
        Assert.Equal("uploaded as logo.png", Encoding.UTF8.GetString(parts[3].Bytes));
        Assert.Equal("logo.png", parts[4].Disposition.FileName.Value);
        Assert.Equal("image/png", parts[4].Type);
        Assert.Equal(file, parts[4].Bytes);
    }

    [Fact]
    public async Task A_file_argument_that_is_not_base64_is_an_error_naming_it_and_nothing_is_sent()
    {
        var before = _upstream.Requests.Count;
        var result = await _server.Client.CallJsonAsync("upload", """{"title":"t","data":"not base64!","fileName":"x.png"}""");

        Assert.True(result.IsError);
        Assert.Contains("invalid_argument", result.Text());
        Assert.Contains("'data'", result.Text());
        Assert.Equal(before, _upstream.Requests.Count);
    }

    [Fact]
    public async Task An_octet_stream_body_is_the_decoded_bytes()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var request = await CallAsync("put_bytes", JsonSerializer.Serialize(new { content = Convert.ToBase64String(bytes) }));

        Assert.Equal("PUT", request.Method);
        Assert.Equal("application/octet-stream", request.Header("Content-Type"));
        Assert.Equal(bytes, request.BodyBytes);
    }

    [Fact]
    public async Task A_text_body_is_the_string_as_utf8_with_its_declared_type()
    {
        var request = await CallAsync("put_text", """{"text":"a,b\n1,\"é\"\n"}""");

        Assert.Equal("text/csv", request.Header("Content-Type"));
        Assert.Equal("a,b\n1,\"é\"\n", request.Body);
    }

    private async Task<RecordedRequest> CallAsync(string tool, string arguments)
    {
        var result = await _server.Client.CallJsonAsync(tool, arguments);
        Assert.True(result.IsError != true, result.Text());
        return _upstream.Last;
    }
}
