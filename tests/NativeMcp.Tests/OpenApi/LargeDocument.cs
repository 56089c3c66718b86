extern alias generator;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;
using generator::NativeMcp.Generators.Declarations;
using generator::NativeMcp.Generators.FrontEnds.OpenApi;
using generator::NativeMcp.Generators.FrontEnds.Spec;
using generator::NativeMcp.Generators.Model;
using generator::NativeMcp.Generators.Resolution;
using Microsoft.CodeAnalysis;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Tests.Generator;
using NativeMcp.Tests.Native;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// A large public document under tests/Documents, imported in-process: it is too large to compile into the test
/// assembly (every build would parse it), so the tests parse it here and compile only the few operations they call.
/// </summary>
internal sealed class LargeDocument
{
    /// <summary>GitHub's REST description (814 operations, OpenAPI 3.0, YAML).</summary>
    public static readonly LargeDocument GitHub = new("github", "github-rest/api.github.com.yaml");

    /// <summary>Kubernetes' API (1,041 operations, Swagger 2.0, JSON).</summary>
    public static readonly LargeDocument Kubernetes = new("kubernetes", "kubernetes/swagger.json");

    /// <summary>Stripe's API of 2018 (OpenAPI 3.0, YAML): every write is a form body with deepObject fields.</summary>
    public static readonly LargeDocument Stripe = new("stripe", "stripe/spec3.yaml");

    private LargeDocument(string name, string document)
    {
        Name = name;
        Document = document;
        Text = new(() => File.ReadAllText(Folder + "/" + Document));
    }

    public static string Folder => Path.Combine(NativeBinary.RepoRoot(), "tests", "Documents").Replace('\\', '/');

    /// <summary>The server's name in the specs the tests write.</summary>
    public string Name { get; }

    /// <summary>The document's path relative to <see cref="Folder"/>.</summary>
    public string Document { get; }

    public string SpecPath => Folder + "/" + Name + ".nativemcp.yaml";

    /// <summary>The document as the build passes it: one AdditionalText, read once per test run.</summary>
    public Lazy<string> Text { get; }

    public DocumentSet Files() => new(new[] { new KeyValuePair<string, Func<string?>>(Folder + "/" + Document, () => Text.Value) });

    public string Spec(string extra = "") => OpenApiHarness.Spec(Name, Document, extra);

    /// <summary>The import of the whole document, through the spec front end and the resolver.</summary>
    public (SpecDeclaration Declaration, SpecModel? Model) Import(string extra = "")
    {
        var declaration = SpecParser.Parse(SpecPath, Spec(extra), Files());
        return (declaration, SpecResolver.Resolve(declaration).Model);
    }

    /// <summary>A tools/list result's bytes for these entries: <c>{"tools":[entry,...]}</c>.</summary>
    public static int ListBytes(IEnumerable<ToolModel> tools) =>
        Encoding.UTF8.GetByteCount("{\"tools\":[" + string.Join(",", tools.Select(t => t.ListJson)) + "]}");

    /// <summary>
    /// Runs the generator on <paramref name="specText"/> (which imports the document), compiles its output in memory
    /// and returns the generated server's definition, ready for <c>InProcessServer</c>.
    /// </summary>
    public ServerDefinition Compile(string specText)
    {
        var spec = new InMemoryText(SpecPath, specText);
        var document = new InMemoryText(Folder + "/" + Document, Text.Value);
        var driver = OpenApiHarness.CreateDriver(spec, new AdditionalText[] { document });
        driver.RunGeneratorsAndUpdateCompilation(Generator.GeneratorHarness.Compilation("class A { }"), out var output, out _);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0) throw new InvalidOperationException("the generated server does not compile: " + string.Join("; ", errors.Take(5)));
        using var image = new MemoryStream();
        var emitted = output.WithAssemblyName(Name + "Import" + Guid.NewGuid().ToString("N")).Emit(image);
        if (!emitted.Success) throw new InvalidOperationException("emit failed: " + string.Join("; ", emitted.Diagnostics.Take(5)));
        image.Position = 0;
        // Its own load context; the runtime and the SDK resolve to the copies this test assembly already loaded.
        var assembly = new AssemblyLoadContext(Name + "-import", isCollectible: true).LoadFromStream(image);
        var field = assembly.GetTypes()
            .Select(t => t.GetField("Definition", BindingFlags.Public | BindingFlags.Static))
            .Single(f => f is not null && f.FieldType == typeof(ServerDefinition))!;
        return (ServerDefinition)field.GetValue(null)!;
    }

    /// <summary>
    /// The import as snapshot text: counts and diagnostics by id, tools/list bytes for the whole API and per toolset,
    /// every name, the whole tools/list entry of the sampled tools, and every diagnostic but the renames (NMCP033,
    /// counted only) with its line.
    /// </summary>
    /// <summary>Holds <paramref name="actual"/> against the approved OpenApi/Snapshots/<paramref name="file"/> (NATIVEMCP_UPDATE_SNAPSHOTS=1 rewrites it).</summary>
    public static void Approve(string actual, string file, [CallerFilePath] string thisFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(thisFile)!, "Snapshots", file);
        if (Environment.GetEnvironmentVariable("NATIVEMCP_UPDATE_SNAPSHOTS") == "1") File.WriteAllText(path, actual);
        Xunit.Assert.True(File.Exists(path), "no approved snapshot " + path + " (NATIVEMCP_UPDATE_SNAPSHOTS=1 writes it)");
        Xunit.Assert.Equal(File.ReadAllText(path), actual);
    }

    public static string Describe(SpecDeclaration declaration, SpecModel model, IEnumerable<string> sampled)
    {
        var tools = model.Tools.ToArray();
        var text = new StringBuilder();
        var ids = declaration.Diagnostics.GroupBy(d => d.Descriptor.Id).OrderBy(g => g.Key, StringComparer.Ordinal);
        text.Append("tools: ").Append(tools.Length).Append("; diagnostics: ").Append(string.Join(", ", ids.Select(g => g.Key + " x" + g.Count()))).Append('\n');
        text.Append("tools/list bytes, whole API: ").Append(ListBytes(tools)).Append('\n');
        foreach (var group in tools.GroupBy(t => t.Group ?? "(none)").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append("toolset ").Append(group.Key).Append(": ").Append(group.Count()).Append(" tools, ").Append(ListBytes(group)).Append(" bytes\n");
        }
        text.Append("\n# names (toolset, name)\n");
        foreach (var tool in tools) text.Append(tool.Group).Append(' ').Append(tool.Name).Append('\n');
        text.Append("\n# sampled tools/list entries\n");
        foreach (var name in sampled) text.Append(tools.Single(t => t.Name == name).ListJson).Append('\n');
        // Renames (NMCP033) are counted above; every other diagnostic is listed.
        text.Append("\n# operations not imported, and other diagnostics (line, id, message)\n");
        foreach (var d in declaration.Diagnostics.Where(d => d.Descriptor.Id != "NMCP033"))
        {
            text.Append(d.Location is { } l ? (l.StartLine + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-").Append(' ').Append(d.Descriptor.Id).Append(' ').Append(d.Message).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Every operation of the document (<paramref name="operations"/>, counted without the front end) is a tool, or
    /// left out (NMCP035) or skipped (NMCP032) with a diagnostic saying why.
    /// </summary>
    public static void AssertEveryOperationAccountedFor(SpecDeclaration declaration, SpecModel model, int operations)
    {
        var notImported = declaration.Diagnostics.Where(d => d.Descriptor.Id is "NMCP032" or "NMCP035").ToArray();
        Xunit.Assert.Equal(operations, model.Tools.Count() + notImported.Length);
        Xunit.Assert.All(notImported, d => Xunit.Assert.Matches("because|: ", d.Message));
    }

    /// <summary>The tool names fit MCP's rules, are unique, and a second import gives the same tools/list entries.</summary>
    public void AssertNamesFitAndAreStable(SpecModel model)
    {
        var again = Import().Model!;
        var names = model.Tools.Select(t => t.Name).ToArray();
        Xunit.Assert.All(names, n => Xunit.Assert.Matches("^[A-Za-z0-9_-]{1,64}$", n));
        Xunit.Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        Xunit.Assert.Equal(model.Tools.Select(t => t.ListJson), again.Tools.Select(t => t.ListJson));
    }
}
