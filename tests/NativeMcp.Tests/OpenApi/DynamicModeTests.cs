using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// <c>openapi.mode: dynamic</c> on a selection of GitHub's operations, compiled in memory and driven by the SDK client:
/// three meta tools are listed; describe gives exactly what the normal mode lists; call sends exactly the request the
/// listed tool sends (to a fake upstream on 127.0.0.1), with the same checks, scopes and toolsets.
/// </summary>
public sealed class DynamicModeTests : IAsyncLifetime
{
    // The same operations in both modes (GitHubServerTests' selection); their scopes are their methods' (GET reads).
    private const string Selection = GitHubServerTests.Selection;

    private static readonly System.Lazy<ServerDefinition> Dynamic = new(() => LargeDocument.GitHub.Compile(LargeDocument.GitHub.Spec("  mode: dynamic\n" + Selection)));

    private static readonly System.Lazy<ServerDefinition> Listed = new(() => LargeDocument.GitHub.Compile(LargeDocument.GitHub.Spec(Selection)));

    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private Task<InProcessServer> Start(ServerDefinition definition, IReadOnlySet<string>? toolsets = null, IReadOnlySet<string>? scopes = null) =>
        InProcessServer.StartAsync(definition, new Dictionary<string, string?> { ["GITHUB_API_URL"] = _upstream.BaseUrl, ["GITHUB_TOKEN"] = "ghp_test" }, toolsets: toolsets, scopes: scopes);

    private static string Text(CallToolResult result) => ((TextContentBlock)result.Content.Single()).Text;

    private static JsonElement Json(CallToolResult result)
    {
        Assert.NotEqual(true, result.IsError);
        return JsonDocument.Parse(Text(result)).RootElement;
    }

    private static string[] Found(JsonElement answer) => answer.GetProperty("operations").EnumerateArray().Select(o => o.GetProperty("name").GetString()!).ToArray();

    [Fact]
    public async Task Three_meta_tools_are_listed_instead_of_the_operations()
    {
        await using var server = await Start(Dynamic.Value);
        var tools = await server.Client.ListToolsAsync();
        Assert.Equal(new[] { "call_operation", "describe_operation", "search_operations" }, tools.Select(t => t.Name).OrderBy(n => n, System.StringComparer.Ordinal));
        Assert.Equal(true, tools.Single(t => t.Name == "search_operations").ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.Equal(false, tools.Single(t => t.Name == "call_operation").ProtocolTool.Annotations?.ReadOnlyHint);
        // A listed operation's name is no tool of this server.
        await Assert.ThrowsAnyAsync<System.Exception>(() => server.Client.CallJsonAsync("repos_get", """{"owner":"o","repo":"r"}"""));
    }

    [Fact]
    public async Task Search_ranks_the_operations_and_answers_names_toolsets_and_summaries()
    {
        await using var server = await Start(Dynamic.Value);

        var created = Json(await server.Client.CallJsonAsync("search_operations", """{"query":"create an issue"}"""));
        Assert.Equal("issues_create", Found(created)[0]);
        var first = created.GetProperty("operations")[0];
        Assert.Equal("issues", first.GetProperty("toolset").GetString());
        Assert.Equal("Create an issue", first.GetProperty("summary").GetString());

        Assert.Equal("markdown_render-raw", Found(Json(await server.Client.CallJsonAsync("search_operations", """{"query":"render markdown"}""")))[0]);
        Assert.Single(Found(Json(await server.Client.CallJsonAsync("search_operations", """{"query":"repository","limit":1}"""))));

        // No query: the toolsets and their sizes; a toolset alone: its operations.
        var toolsets = Json(await server.Client.CallJsonAsync("search_operations", "{}")).GetProperty("toolsets").EnumerateArray()
            .Select(t => t.GetProperty("name").GetString() + ":" + t.GetProperty("operations").GetInt32());
        Assert.Equal(new[] { "issues:2", "markdown:1", "repos:2", "search:1" }, toolsets);
        Assert.Equal(new[] { "repos_delete", "repos_get" }, Found(Json(await server.Client.CallJsonAsync("search_operations", """{"toolset":"repos"}"""))).OrderBy(n => n, System.StringComparer.Ordinal));

        var unknownToolset = await server.Client.CallJsonAsync("search_operations", """{"query":"x","toolset":"gists"}""");
        Assert.True(unknownToolset.IsError);
        Assert.Contains("Unknown toolset 'gists'; the toolsets are: issues, markdown, repos, search", Text(unknownToolset), System.StringComparison.Ordinal);

        var wrong = await server.Client.CallJsonAsync("search_operations", """{"query":"x","limit":500}""");
        Assert.True(wrong.IsError);
        Assert.Contains("'limit'", Text(wrong), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_gives_exactly_the_entries_the_normal_mode_lists()
    {
        var (_, listedModel) = LargeDocument.GitHub.Import(Selection);
        await using var server = await Start(Dynamic.Value);

        var answer = Json(await server.Client.CallJsonAsync("describe_operation", """{"names":["issues_create","repos_get"]}"""));
        var entries = answer.GetProperty("operations").EnumerateArray().Select(e => e.GetRawText()).ToArray();
        Assert.Equal(new[] { listedModel!.Tools.Single(t => t.Name == "issues_create").ListJson, listedModel.Tools.Single(t => t.Name == "repos_get").ListJson }, entries);

        // And what the listed server's tools/list gives for it, schema for schema.
        await using var listed = await Start(Listed.Value);
        var listedTool = (await listed.Client.ListToolsAsync()).Single(t => t.Name == "issues_create").ProtocolTool;
        Assert.True(JsonElement.DeepEquals(listedTool.InputSchema, answer.GetProperty("operations")[0].GetProperty("inputSchema")));

        var unknown = await server.Client.CallJsonAsync("describe_operation", """{"names":["issues_create","issues_craete"]}""");
        Assert.True(unknown.IsError);
        Assert.Contains("Unknown operation 'issues_craete'; did you mean issues_create", Text(unknown), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_sends_the_same_request_as_the_listed_tool_and_answers_the_same()
    {
        await using var listed = await Start(Listed.Value);
        await using var dynamic = await Start(Dynamic.Value);

        const string issue = """{"owner":"o","repo":"r","title":"Bug","body":"It broke","labels":["bug"]}""";
        var direct = await listed.Client.CallJsonAsync("issues_create", issue);
        var directRequest = _upstream.Last;
        var viaCall = await dynamic.Client.CallJsonAsync("call_operation", """{"name":"issues_create","arguments":""" + issue + "}");
        var callRequest = _upstream.Last;

        Assert.Equal(2, _upstream.Requests.Count);
        Assert.Equal("POST", callRequest.Method);
        Assert.Equal("/repos/o/r/issues", callRequest.Path);
        Assert.Equal((directRequest.Method, directRequest.Path, directRequest.QueryString, directRequest.Body), (callRequest.Method, callRequest.Path, callRequest.QueryString, callRequest.Body));
        Assert.Equal(directRequest.Header("Authorization"), callRequest.Header("Authorization"));
        Assert.Equal(directRequest.Header("content-type"), callRequest.Header("content-type"));
        // The operation's own tool answered: the same result, under the operation's name.
        Assert.Equal(JsonSerializer.Serialize(direct.Content), JsonSerializer.Serialize(viaCall.Content));
        Assert.Equal(direct.IsError, viaCall.IsError);

        await dynamic.Client.CallJsonAsync("call_operation", """{"name":"issues_list-for-repo","arguments":{"owner":"o","repo":"r","state":"closed","labels":"bug,ui","per_page":5}}""");
        Assert.Equal("/repos/o/r/issues", _upstream.Last.Path);
        Assert.Equal("?state=closed&labels=bug%2Cui&per_page=5", _upstream.Last.QueryString);

        // Arguments sent as JSON text, as some models do, are read as the object they hold.
        await dynamic.Client.CallJsonAsync("call_operation", """{"name":"repos_get","arguments":"{\"owner\":\"octo cat\",\"repo\":\"hello\"}"}""");
        Assert.Equal("/repos/octo%20cat/hello", _upstream.Last.Path);
    }

    [Fact]
    public async Task Wrong_arguments_are_errors_naming_the_field_and_nothing_is_sent()
    {
        await using var server = await Start(Dynamic.Value);

        var badEnum = await server.Client.CallJsonAsync("call_operation", """{"name":"issues_list-for-repo","arguments":{"owner":"o","repo":"r","state":"sometimes"}}""");
        Assert.True(badEnum.IsError);
        Assert.Contains("Invalid arguments for tool 'issues_list-for-repo'", Text(badEnum), System.StringComparison.Ordinal);
        Assert.Contains("'state'", Text(badEnum), System.StringComparison.Ordinal);

        var missing = await server.Client.CallJsonAsync("call_operation", """{"name":"issues_create"}""");
        Assert.True(missing.IsError);
        Assert.Contains("'owner' is required", Text(missing), System.StringComparison.Ordinal);

        // The operation's arguments beside the name instead of inside 'arguments'.
        var flat = await server.Client.CallJsonAsync("call_operation", """{"name":"repos_get","owner":"o","repo":"r"}""");
        Assert.True(flat.IsError);
        Assert.Contains("'owner' is not a parameter of call_operation; put the operation's arguments inside 'arguments'", Text(flat), System.StringComparison.Ordinal);

        var notObject = await server.Client.CallJsonAsync("call_operation", """{"name":"repos_get","arguments":[1]}""");
        Assert.True(notObject.IsError);
        Assert.Contains("'arguments' must be an object", Text(notObject), System.StringComparison.Ordinal);

        var unknown = await server.Client.CallJsonAsync("call_operation", """{"name":"repos_gte","arguments":{}}""");
        Assert.True(unknown.IsError);
        Assert.Contains("Unknown operation 'repos_gte'; did you mean repos_get", Text(unknown), System.StringComparison.Ordinal);

        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task A_read_scope_reaches_only_read_operations_through_every_meta_tool()
    {
        await using var server = await Start(Dynamic.Value, scopes: new HashSet<string> { "read" });

        // The meta tools stay listed: the operations behind them are narrowed, by the rules that narrow listed tools.
        Assert.Equal(3, (await server.Client.ListToolsAsync()).Count);
        // Every GET reads, whatever its name's verb (issues/list-for-repo, repos/get); POST writes; DELETE is admin.
        Assert.Equal(new[] { "issues_list-for-repo", "repos_get", "search_repos" }, Found(Json(await server.Client.CallJsonAsync("search_operations", """{"query":"repository","limit":50}"""))).OrderBy(n => n, System.StringComparer.Ordinal));

        var delete = await server.Client.CallJsonAsync("call_operation", """{"name":"repos_delete","arguments":{"owner":"o","repo":"r"}}""");
        Assert.True(delete.IsError);
        Assert.StartsWith("Unknown operation 'repos_delete'", Text(delete), System.StringComparison.Ordinal);
        var described = await server.Client.CallJsonAsync("describe_operation", """{"names":["issues_create"]}""");
        Assert.True(described.IsError);
        Assert.Empty(_upstream.Requests);

        await server.Client.CallJsonAsync("call_operation", """{"name":"repos_get","arguments":{"owner":"o","repo":"r"}}""");
        Assert.Equal("/repos/o/r", _upstream.Last.Path);

        await using var writer = await Start(Dynamic.Value, scopes: new HashSet<string> { "write" });
        Assert.NotEqual(true, (await writer.Client.CallJsonAsync("describe_operation", """{"names":["issues_create"]}""")).IsError);
        Assert.StartsWith("Unknown operation 'repos_delete'", Text(await writer.Client.CallJsonAsync("describe_operation", """{"names":["repos_delete"]}""")), System.StringComparison.Ordinal);
        await using var admin = await Start(Dynamic.Value, scopes: new HashSet<string> { "admin" });
        Assert.NotEqual(true, (await admin.Client.CallJsonAsync("describe_operation", """{"names":["repos_delete"]}""")).IsError);

        // A caller allowed no operation gets no meta tools.
        await using var none = await Start(Dynamic.Value, scopes: new HashSet<string>());
        Assert.Empty(await none.Client.ListToolsAsync());
    }

    [Fact]
    public async Task Toolsets_narrow_what_is_searched_described_and_called()
    {
        await using var server = await Start(Dynamic.Value, toolsets: new HashSet<string> { "issues" });

        var all = Json(await server.Client.CallJsonAsync("search_operations", "{}"));
        Assert.Equal("issues", all.GetProperty("toolsets").EnumerateArray().Single().GetProperty("name").GetString());
        Assert.All(Found(Json(await server.Client.CallJsonAsync("search_operations", """{"query":"get a repository"}"""))), n => Assert.StartsWith("issues_", n, System.StringComparison.Ordinal));
        var call = await server.Client.CallJsonAsync("call_operation", """{"name":"repos_get","arguments":{"owner":"o","repo":"r"}}""");
        Assert.True(call.IsError);
        Assert.Empty(_upstream.Requests);
    }
}
