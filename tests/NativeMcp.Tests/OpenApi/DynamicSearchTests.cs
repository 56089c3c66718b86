extern alias generator;
using System;
using System.Linq;
using generator::NativeMcp.Generators.Emit;
using NativeMcp.Runtime.Dynamic;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// The dynamic mode's search over the whole of GitHub's REST description: the index the resolver computes, decoded as
/// the generated server decodes it, answers the queries a model would type with the operations a person would pick.
/// </summary>
public sealed class DynamicSearchTests
{
    private static readonly Lazy<OperationCatalog> Catalog = new(() =>
    {
        var (_, model) = LargeDocument.GitHub.Import("  mode: dynamic\n");
        var a = DynamicEmitter.CatalogArguments(model!.Dynamic!);
        return OperationCatalog.FromCompiled(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
    });

    private static string[] Top(string query, int count) =>
        Catalog.Value.Search(query, _ => true, out _).Take(count).Select(i => Catalog.Value.Names[i]).ToArray();

    [Theory]
    [InlineData("create an issue", "issues_create", 1)]
    [InlineData("list pull requests", "pulls_list", 3)]
    [InlineData("merge a pull request", "pulls_merge", 3)]
    [InlineData("search code", "search_code", 1)]
    [InlineData("delete a repository", "repos_delete", 3)]
    [InlineData("get the contents of a file in a repository", "repos_get-content", 5)]
    [InlineData("star a repository", "activity_star-repo-for-authenticated-user", 5)]
    [InlineData("list workflow runs", "actions_list-workflow-runs-for-repo", 5)]
    [InlineData("add labels to an issue", "issues_add-labels", 3)]
    [InlineData("create a release", "repos_create-release", 3)]
    [InlineData("add a comment to an issue", "issues_create-comment", 3)]
    [InlineData("who am I: the authenticated user", "users_get-authenticated", 3)]
    public void A_realistic_query_finds_the_operation_among_the_first_results(string query, string expected, int within)
    {
        var top = Top(query, within);
        Assert.True(top.Contains(expected), "'" + query + "' gave " + string.Join(", ", Top(query, 10)));
    }

    [Fact]
    public void An_operation_name_given_as_the_query_comes_first()
    {
        Assert.Equal("issues_list-for-repo", Top("issues_list-for-repo", 1).Single());
    }

    [Fact]
    public void A_word_prefix_finds_the_longer_words_it_begins()
    {
        // "reposit" is no term; "repository" is.
        Assert.Contains("repos_delete", Top("delete reposit", 5));
    }

    [Fact]
    public void Nothing_is_found_for_words_no_operation_has()
    {
        Assert.Empty(Catalog.Value.Search("zzqx florbinate", _ => true, out var matched));
        Assert.Equal(0, matched);
    }

    [Fact]
    public void A_mistyped_name_is_answered_with_the_nearest_names()
    {
        Assert.Equal("issues_create", Catalog.Value.Suggest("issues_craete", _ => true).First());
        // Suggestions come only from what the caller may use.
        var reposOnly = Catalog.Value.Suggest("issues_craete", i => Catalog.Value.Toolsets[i] == "repos");
        Assert.NotEmpty(reposOnly);
        Assert.All(reposOnly, n => Assert.StartsWith("repos_", n, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_imported_operation_is_in_the_catalog_with_its_toolset()
    {
        var (_, normal) = LargeDocument.GitHub.Import();
        Assert.Equal(normal!.Tools.Select(t => t.Name), Catalog.Value.Names);
        Assert.Equal(normal.Tools.Select(t => t.Group ?? ""), Catalog.Value.Toolsets);
    }
}
