extern alias generator;
using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using generator::NativeMcp.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using NativeMcp.Tests.Native;
using Xunit;

namespace NativeMcp.Tests.Generator;

/// <summary>
/// The three places a diagnostic is described agree: the descriptors the generator reports, the release
/// tracking files Roslyn's analyzer reads (AnalyzerReleases.*.md), and the table and sections of the spec
/// README that every descriptor's help link points to.
/// </summary>
public sealed class DiagnosticDocumentationTests
{
    private static string GeneratorFile(string name) => Path.Combine(NativeBinary.RepoRoot(), "generators", "NativeMcp.Generators", name);

    private static string SpecReadme() => File.ReadAllText(Path.Combine(NativeBinary.RepoRoot(), "specs", "README.md"));

    /// <summary>
    /// Every descriptor declared on SpecDiagnostics. Reflection (test code only, never in the product) so that a
    /// descriptor added without being listed anywhere else is still found.
    /// </summary>
    private static DiagnosticDescriptor[] Descriptors() =>
        typeof(SpecDiagnostics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToArray();

    /// <summary>(id, severity, title) rows of a release file's rule tables: "ID | Category | Severity | Notes".</summary>
    private static (string Id, string Severity, string Title)[] ReleaseRows(string file) =>
        File.ReadAllLines(GeneratorFile(file))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .Where(c => c.Length == 4 && c[0].StartsWith("NMCP", StringComparison.Ordinal))
            .Select(c => (c[0], c[2], c[3]))
            .ToArray();

    /// <summary>(id, severity, title) rows of the README's "| [NMCP001](#nmcp001) | Error | Title |" table.</summary>
    private static (string Id, string Severity, string Title)[] ReadmeRows() =>
        Regex.Matches(SpecReadme(), @"^\| \[(NMCP\d{3})\]\(#(nmcp\d{3})\) \| (\w+) \| (.+?) \|$", RegexOptions.Multiline)
            .Select(m =>
            {
                Assert.Equal(m.Groups[1].Value.ToLowerInvariant(), m.Groups[2].Value);
                return (m.Groups[1].Value, m.Groups[3].Value, m.Groups[4].Value);
            })
            .ToArray();

    private static (string Id, string Severity, string Title)[] DescriptorRows() =>
        Descriptors().Select(d => (d.Id, d.DefaultSeverity.ToString(), d.Title.ToString())).ToArray();

    [Fact]
    public void Released_rules_equal_the_descriptors()
    {
        var shipped = ReleaseRows("AnalyzerReleases.Shipped.md");
        var unshipped = ReleaseRows("AnalyzerReleases.Unshipped.md");
        Assert.Empty(shipped.Select(r => r.Id).Intersect(unshipped.Select(r => r.Id)));
        Assert.Equal(DescriptorRows(), shipped.Concat(unshipped).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Readme_diagnostics_table_equals_the_released_rules()
    {
        var released = ReleaseRows("AnalyzerReleases.Shipped.md").Concat(ReleaseRows("AnalyzerReleases.Unshipped.md"))
            .OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
        Assert.Equal(released, ReadmeRows());
    }

    [Fact]
    public void Every_descriptor_has_a_description_and_a_help_link_to_its_own_readme_section()
    {
        var readme = SpecReadme();
        foreach (var descriptor in Descriptors())
        {
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()), descriptor.Id + " has no description");
            Assert.Equal(SpecDiagnostics.HelpLinkBase + descriptor.Id.ToLowerInvariant(), descriptor.HelpLinkUri);
            Assert.True(Uri.IsWellFormedUriString(descriptor.HelpLinkUri, UriKind.Absolute), descriptor.HelpLinkUri);
            // The heading "### NMCP001" is what gives the anchor "#nmcp001".
            Assert.Matches(new Regex("^### " + descriptor.Id + "\r?$", RegexOptions.Multiline), readme);
        }
    }

    [Fact]
    public void Help_links_lead_to_the_spec_readme()
    {
        Assert.EndsWith("specs/README.md#", SpecDiagnostics.HelpLinkBase, StringComparison.Ordinal);
    }

    [Fact]
    public void Reported_diagnostics_carry_the_help_link()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Diagnostics(Infrastructure.SpecBuilder.Minimal().Replace("nativemcp: 1", "nativemcp: 2")));
        Assert.Equal(SpecDiagnostics.HelpLinkBase + "nmcp002", diagnostic.Descriptor.HelpLinkUri);
    }
}
