using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// A few of GitHub's operations, imported from its REST description, compiled in memory and driven by the SDK client
/// against a fake upstream on 127.0.0.1: each request is checked against what the document says the operation takes.
/// </summary>
public sealed class GitHubServerTests : IAsyncLifetime
{
    // Selected by operationId; the spec gives the upstream and its bearer token (the document declares no security scheme).
    internal const string Selection = """
          select:
            - include: { operationId: repos/get }
            - include: { operationId: issues/list-for-repo }
            - include: { operationId: issues/create }
            - include: { operationId: repos/delete }
            - include: { operationId: search/repos }
            - include: { operationId: markdown/render-raw }
        env:
          GITHUB_TOKEN: { required: true, secret: true, description: A GitHub token }
          GITHUB_API_URL: { default: https://api.github.com }
        upstream:
          baseUrl: "${GITHUB_API_URL}"
          auth: { type: bearer, token: "${GITHUB_TOKEN}" }

        """;

    private static readonly System.Lazy<ServerDefinition> Definition = new(() => LargeDocument.GitHub.Compile(LargeDocument.GitHub.Spec(Selection)));

    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private Task<InProcessServer> Start(IReadOnlySet<string>? toolsets = null) =>
        InProcessServer.StartAsync(Definition.Value, new Dictionary<string, string?> { ["GITHUB_API_URL"] = _upstream.BaseUrl, ["GITHUB_TOKEN"] = "ghp_test" }, toolsets: toolsets);

    [Fact]
    public async Task Selected_operations_are_listed_under_their_tags_toolsets()
    {
        await using var server = await Start();
        var names = (await server.Client.ListToolsAsync()).Select(t => t.Name).OrderBy(n => n, System.StringComparer.Ordinal);
        Assert.Equal(new[] { "issues_create", "issues_list-for-repo", "markdown_render-raw", "repos_delete", "repos_get", "search_repos" }, names);

        // Narrowed at run time, as --toolsets / NATIVEMCP_TOOLSETS do: the toolset is the operation's first tag.
        await using var issues = await Start(new HashSet<string> { "issues" });
        Assert.Equal(new[] { "issues_create", "issues_list-for-repo" }, (await issues.Client.ListToolsAsync()).Select(t => t.Name).OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Fact]
    public async Task Calls_send_method_path_query_and_the_token_as_the_document_describes()
    {
        await using var server = await Start();

        var repo = await server.Client.CallJsonAsync("repos_get", """{"owner":"octo cat","repo":"hello-world"}""");
        // The fake echoes the request, which is not a repository: the document's response schema catches it.
        Assert.True(repo.IsError);
        Assert.Contains("does not match the output schema of 'repos_get'", ((ModelContextProtocol.Protocol.TextContentBlock)repo.Content[0]).Text, System.StringComparison.Ordinal);
        Assert.Equal("GET", _upstream.Last.Method);
        // Path parameters are percent-encoded (style simple).
        Assert.Equal("/repos/octo%20cat/hello-world", _upstream.Last.Path);
        Assert.Equal("Bearer ghp_test", _upstream.Last.Header("Authorization"));

        await server.Client.CallJsonAsync("issues_list-for-repo", """{"owner":"o","repo":"r","state":"closed","labels":"bug,ui","per_page":5}""");
        Assert.Equal("/repos/o/r/issues", _upstream.Last.Path);
        // Query parameters in the document's order, form style, only those given (sort, direction and page keep the
        // defaults GitHub assumes); the reserved ',' of a string value is percent-encoded.
        Assert.Equal("?state=closed&labels=bug%2Cui&per_page=5", _upstream.Last.QueryString);
    }

    [Fact]
    public async Task A_wrong_argument_is_an_error_naming_the_field_and_nothing_is_sent()
    {
        await using var server = await Start();

        var result = await server.Client.CallJsonAsync("issues_list-for-repo", """{"owner":"o","repo":"r","state":"sometimes"}""");

        Assert.True(result.IsError);
        Assert.Contains("state", JsonSerializer.Serialize(result.Content), System.StringComparison.Ordinal);
        Assert.Empty(_upstream.Requests);
    }
}
