extern alias generator;
using System;
using System.Linq;
using System.Text.Json;
using generator::NativeMcp.Generators.Declarations;
using generator::NativeMcp.Generators.Model;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// Kubernetes' API (v1.33.0, Swagger 2.0, one 3.7 MB JSON file of 1,041 operations) through the OpenAPI front end:
/// what becomes a tool and what does not (each with its reason), the names, a sample of the schemas and the
/// tools/list bytes per toolset, held against an approved snapshot. Regenerate with NATIVEMCP_UPDATE_SNAPSHOTS=1.
/// </summary>
public sealed class KubernetesImportTests
{
    /// <summary>
    /// Tools whose whole tools/list entry is in the snapshot (ConfigMap's, whose schemas are among the smallest): a
    /// create (JSON body beside query parameters), a patch, a delete with a body, a log read (text), the version.
    /// </summary>
    private static readonly string[] Sampled = { "createCoreV1NamespacedConfigMap", "patchCoreV1NamespacedConfigMap", "deleteCoreV1NamespacedConfigMap", "readCoreV1NamespacedPodLog", "getCodeVersion" };

    private static readonly Lazy<(SpecDeclaration Declaration, SpecModel? Model)> Imported = new(() => LargeDocument.Kubernetes.Import());

    [Fact]
    public void Kubernetes_api_imports_without_errors_and_matches_the_approved_snapshot()
    {
        var (declaration, model) = Imported.Value;

        Assert.DoesNotContain(declaration.Diagnostics, d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.NotNull(model);
        LargeDocument.Approve(LargeDocument.Describe(declaration, model!, Sampled), "kubernetes.txt");
    }

    [Fact]
    public void Kubernetes_api_accounts_for_every_operation_as_a_tool_or_a_diagnostic_saying_why()
    {
        var (declaration, model) = Imported.Value;

        // Counted with System.Text.Json, not with the front end: every method of every path.
        using var json = JsonDocument.Parse(LargeDocument.Kubernetes.Text.Value);
        var operations = json.RootElement.GetProperty("paths").EnumerateObject()
            .Sum(path => path.Value.EnumerateObject().Count(m => m.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options"));
        Assert.Equal(1041, operations);
        LargeDocument.AssertEveryOperationAccountedFor(declaration, model!, operations);
    }

    [Fact]
    public void Kubernetes_tool_names_fit_mcp_rules_are_unique_and_the_same_on_every_import()
    {
        var (_, model) = Imported.Value;

        LargeDocument.Kubernetes.AssertNamesFitAndAreStable(model!);
    }
}
