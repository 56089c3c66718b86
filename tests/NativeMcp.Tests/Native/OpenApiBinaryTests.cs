using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using NativeMcp.Cli;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Native;

/// <summary>
/// The NativeAOT binary of tests/NativeMcp.Tests/OpenApi/petstore.nativemcp.yaml (a spec whose whole content is the
/// server and `openapi: ./Documents/petstore-expanded-3.0/petstore-expanded.yaml`), and of the same document in
/// dynamic mode (petstore-dynamic.nativemcp.yaml), published by the Test target and driven over stdio by the SDK
/// client against a fake upstream on 127.0.0.1.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Native)]
public sealed class OpenApiBinaryTests
{
    private static string SpecFile => Path.Combine(NativeBinary.RepoRoot(), "tests", "NativeMcp.Tests", "OpenApi", "petstore.nativemcp.yaml");

    private static async Task<McpClient> StartAsync(FakeUpstream upstream, ConcurrentQueue<string> stderr) =>
        await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = NativeBinary.OpenApiPetstorePath(),
            Name = "openapi-petstore",
            EnvironmentVariables = new Dictionary<string, string?> { ["OPENAPI_PETSTORE_BASE_URL"] = upstream.BaseUrl + "/api" },
            StandardErrorLines = stderr.Enqueue,
        }));

    private static async Task<McpClient> StartDynamicAsync(FakeUpstream upstream) =>
        await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = NativeBinary.OpenApiPetstoreDynamicPath(),
            Name = "openapi-petstore-dynamic",
            EnvironmentVariables = new Dictionary<string, string?> { ["OPENAPI_PETSTORE_DYNAMIC_BASE_URL"] = upstream.BaseUrl + "/api" },
        }));

    [Fact]
    public async Task Lists_the_tools_nativemcp_check_reports_and_calls_the_upstream_as_the_document_says()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var stderr = new ConcurrentQueue<string>();
        await using var client = await StartAsync(upstream, stderr);

        var output = new StringWriter();
        Assert.Equal(0, CommandLine.Run(new[] { "check", SpecFile, "--json" }, output, new StringWriter()));
        var expected = JsonNode.Parse(output.ToString())!["tools"]!.AsArray()
            .Select(t => t!.ToJsonString()).OrderBy(t => t, System.StringComparer.Ordinal).ToArray();
        var listed = (await client.ListToolsAsync())
            .Select(t => JsonSerializer.SerializeToNode(t.ProtocolTool, ModelContextProtocol.McpJsonUtilities.DefaultOptions)!.ToJsonString())
            .OrderBy(t => t, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, listed);

        // findPets: GET with the document's form-exploded array and its integer; the array answer comes back under result.
        upstream.Respond = _ => FakeResponse.Json("""[{"name":"Rex","id":7}]""");
        var found = await client.CallJsonAsync("findPets", """{"tags":["cat","small dog"],"limit":5}""");
        Assert.True(found.IsError != true, found.Text());
        var request = Assert.Single(upstream.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/pets", request.Path);
        Assert.Equal("?tags=cat&tags=small%20dog&limit=5", request.QueryString);
        Assert.Equal("Rex", found.StructuredContent!.Value.GetProperty("result")[0].GetProperty("name").GetString());

        upstream.Respond = _ => FakeResponse.Json("""{"name":"Rex","id":7}""");
        var added = await client.CallJsonAsync("addPet", """{"name":"Rex","tag":"dog"}""");
        Assert.True(added.IsError != true, added.Text());
        Assert.Equal("POST", upstream.Last.Method);
        Assert.StartsWith("application/json", upstream.Last.Header("content-type"));
        Assert.Equal("""{"name":"Rex","tag":"dog"}""", upstream.Last.Body);
    }

    [Fact]
    public async Task An_upstream_error_is_a_tool_error_with_the_status_and_the_documents_words()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = _ => FakeResponse.Json("""{"code":404,"message":"no pet 9"}""", 404);
        var stderr = new ConcurrentQueue<string>();
        await using var client = await StartAsync(upstream, stderr);

        var result = await client.CallJsonAsync("find_pet_by_id", """{"id":9}""");

        Assert.True(result.IsError);
        Assert.Equal("/api/pets/9", upstream.Last.Path);
        Assert.Contains("404", result.Text());
        Assert.Contains("no pet 9", result.Text());
    }

    [Fact]
    public async Task In_dynamic_mode_three_tools_find_describe_and_call_the_operations_as_the_listed_binary_does()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var listed = await StartAsync(upstream, new ConcurrentQueue<string>());
        await using var client = await StartDynamicAsync(upstream);

        var tools = await client.ListToolsAsync();
        Assert.Equal(new[] { "call_operation", "describe_operation", "search_operations" }, tools.Select(t => t.Name).OrderBy(n => n, System.StringComparer.Ordinal));

        var search = await client.CallJsonAsync("search_operations", """{"query":"find pets"}""");
        Assert.True(search.IsError != true, search.Text());
        var found = JsonDocument.Parse(search.Text()).RootElement.GetProperty("operations").EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToArray();
        // Both finds first (the query's words are in their names), then the other operations on pets.
        Assert.Equal(new[] { "findPets", "find_pet_by_id" }, found.Take(2).Order(System.StringComparer.Ordinal));

        // Describe gives the entry the listed binary's tools/list has, schema for schema.
        var described = await client.CallJsonAsync("describe_operation", """{"names":["findPets"]}""");
        Assert.True(described.IsError != true, described.Text());
        var entry = JsonDocument.Parse(described.Text()).RootElement.GetProperty("operations")[0];
        var listedTool = (await listed.ListToolsAsync()).Single(t => t.Name == "findPets").ProtocolTool;
        Assert.True(JsonElement.DeepEquals(listedTool.InputSchema, entry.GetProperty("inputSchema")));
        Assert.True(JsonElement.DeepEquals(listedTool.OutputSchema!.Value, entry.GetProperty("outputSchema")));

        // Call sends the request the listed tool sends, and answers the same.
        upstream.Respond = _ => FakeResponse.Json("""[{"name":"Rex","id":7}]""");
        var direct = await listed.CallJsonAsync("findPets", """{"tags":["cat","small dog"],"limit":5}""");
        var viaCall = await client.CallJsonAsync("call_operation", """{"name":"findPets","arguments":{"tags":["cat","small dog"],"limit":5}}""");
        Assert.True(viaCall.IsError != true, viaCall.Text());
        Assert.Equal(2, upstream.Requests.Count);
        var requests = upstream.Requests.ToArray();
        Assert.All(requests, r => Assert.Equal(("GET", "/api/pets", "?tags=cat&tags=small%20dog&limit=5"), (r.Method, r.Path, r.QueryString)));
        Assert.Equal(direct.Text(), viaCall.Text());
        Assert.Equal("Rex", viaCall.StructuredContent!.Value.GetProperty("result")[0].GetProperty("name").GetString());

        // Wrong arguments are the listed tool's error, naming the operation and the field; nothing more is sent.
        var wrong = await client.CallJsonAsync("call_operation", """{"name":"findPets","arguments":{"limit":"five"}}""");
        Assert.True(wrong.IsError);
        Assert.Contains("Invalid arguments for tool 'findPets'", wrong.Text(), System.StringComparison.Ordinal);
        Assert.Contains("'limit'", wrong.Text(), System.StringComparison.Ordinal);
        var unknown = await client.CallJsonAsync("call_operation", """{"name":"findPet","arguments":{}}""");
        Assert.True(unknown.IsError);
        Assert.Contains("Unknown operation 'findPet'", unknown.Text(), System.StringComparison.Ordinal);
        Assert.Equal(2, upstream.Requests.Count);
    }
}
