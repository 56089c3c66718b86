extern alias generator;
using System;
using System.Linq;
using System.Text.RegularExpressions;
using generator::NativeMcp.Generators.Declarations;
using generator::NativeMcp.Generators.Model;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// Stripe's API of July 2018 (API version 2018-05-21, OpenAPI 3.0, one 1 MB YAML file of 215 operations, every write a form body) through the OpenAPI front end:
/// what becomes a tool and what does not (each with its reason), the names, a sample of the schemas and the
/// tools/list bytes per toolset, held against an approved snapshot. Regenerate with NATIVEMCP_UPDATE_SNAPSHOTS=1.
/// </summary>
public sealed class StripeImportTests
{
    /// <summary>Tools whose whole tools/list entry is in the snapshot: form bodies with deepObject fields (arrays of objects, maps, an object-or-id), a list with deepObject query parameters, a multipart upload, a DELETE.</summary>
    private static readonly string[] Sampled = { "CreateSubscription", "CreatePlan", "AllPlans", "FileFileUploadCreate", "DeleteCustomer" };

    private static readonly Lazy<(SpecDeclaration Declaration, SpecModel? Model)> Imported = new(() => LargeDocument.Stripe.Import());

    [Fact]
    public void Stripe_api_imports_without_errors_and_matches_the_approved_snapshot()
    {
        var (declaration, model) = Imported.Value;

        Assert.DoesNotContain(declaration.Diagnostics, d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.NotNull(model);
        LargeDocument.Approve(LargeDocument.Describe(declaration, model!, Sampled), "stripe.txt");
    }

    [Fact]
    public void Stripe_api_accounts_for_every_operation_as_a_tool_or_a_diagnostic_saying_why()
    {
        var (declaration, model) = Imported.Value;

        // Counted from the text, not with the front end: every method of every path (paths are the only mappings
        // whose keys sit four spaces in).
        var operations = Regex.Matches(LargeDocument.Stripe.Text.Value, "^    (get|put|post|delete|patch|head|options|trace):", RegexOptions.Multiline).Count;
        Assert.Equal(215, operations);
        LargeDocument.AssertEveryOperationAccountedFor(declaration, model!, operations);
    }

    [Fact]
    public void Stripe_tool_names_fit_mcp_rules_are_unique_and_the_same_on_every_import()
    {
        var (_, model) = Imported.Value;

        LargeDocument.Stripe.AssertNamesFitAndAreStable(model!);
    }
}
