extern alias generator;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using generator::NativeMcp.Generators.Model;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// GitHub's REST description (814 operations, one 3 MB YAML file) through the OpenAPI front end: what becomes a tool
/// and what does not (each with its reason), the names, a sample of the schemas and the tools/list bytes per toolset,
/// held against an approved snapshot. Regenerate with NATIVEMCP_UPDATE_SNAPSHOTS=1 and review the diff.
/// </summary>
public sealed class GitHubImportTests
{
    /// <summary>Tools whose whole tools/list entry is in the snapshot: a path-only GET, query parameters, a JSON body, a DELETE, a search.</summary>
    private static readonly string[] Sampled = { "repos_get", "issues_list-for-repo", "issues_create", "repos_delete", "search_repos", "pulls_create" };

    private static readonly Lazy<(generator::NativeMcp.Generators.Declarations.SpecDeclaration Declaration, SpecModel? Model)> Imported = new(() => LargeDocument.GitHub.Import());

    [Fact]
    public void GitHub_description_imports_without_errors_and_matches_the_approved_snapshot()
    {
        var (declaration, model) = Imported.Value;

        Assert.DoesNotContain(declaration.Diagnostics, d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.NotNull(model);
        var actual = LargeDocument.Describe(declaration, model!, Sampled);
        LargeDocument.Approve(actual, "github-rest.txt");
    }

    [Fact]
    public void GitHub_description_accounts_for_every_operation_as_a_tool_or_a_diagnostic_saying_why()
    {
        var (declaration, model) = Imported.Value;

        // Every method of every path in the document: each is a tool, or left out (NMCP035) or skipped (NMCP032) with a reason.
        var operations = Regex.Matches(LargeDocument.GitHub.Text.Value, "^    (get|put|post|delete|patch|head|options|trace):", RegexOptions.Multiline).Count;
        Assert.Equal(814, operations);
        LargeDocument.AssertEveryOperationAccountedFor(declaration, model!, operations);
    }

    [Fact]
    public void GitHub_tool_names_fit_mcp_rules_are_unique_and_the_same_on_every_import()
    {
        var (_, model) = Imported.Value;

        LargeDocument.GitHub.AssertNamesFitAndAreStable(model!);
    }
}
