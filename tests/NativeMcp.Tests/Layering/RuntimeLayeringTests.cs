using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NativeMcp.Tests.Native;
using Xunit;

namespace NativeMcp.Tests.Layering;

/// <summary>
/// The runtime's folders form layers: a folder may use the folders listed for it and nothing else. Read from
/// the runtime's source with Roslyn (every name bound, including method bodies and fully qualified names), so
/// a use of a higher layer anywhere fails here. Above all: <c>Http</c> uses <c>Hosting</c>, never the reverse,
/// and the transport-neutral <c>Serving</c> uses neither.
/// </summary>
public sealed class RuntimeLayeringTests
{
    /// <summary>The layers, lowest first: a folder may use only the folders before it.</summary>
    private static readonly string[] Layers =
    [
        "Vocabulary", // the spec's words (input kinds, formats, scopes, failure codes, meta keys), shared with the generator
        "Binding",    // arguments against the spec's inputs
        "Upstream",   // the HTTP client to the upstream API, credentials, rate limits
        "Results",    // upstream answers shaped into tool results
        "Gateway",    // MCP upstreams: shared connections, supervised stdio children, forwarded tools, the lock's hash
        "Sql",        // SQL tools: databases (PostgreSQL, SQLite), statements, rows as results
        "Primitives", // resources, prompts, completions
        "Handlers",   // helpers for hand-written handlers
        "Serving",    // transport-neutral: scopes, scoped options, the call log, the serve settings
        "Stdio",      // MCP over stdio: the JSON-RPC loop, its session, the SDK server for the rest
        "Dynamic",    // the dynamic mode of an OpenAPI import: the compiled operation catalog and its three meta tools
        "Hosting",    // the entry point: environment, command line, stdio or HTTP
        "Http",       // Streamable HTTP (Kestrel), reached from Hosting only through ServerDefinition.ServeHttp
        "Registry",   // servers and tenants managed at run time: the store, the admin API on the HTTP host
    ];

    private static readonly Dictionary<string, string[]> Allowed =
        Layers.Select((layer, i) => (layer, i)).ToDictionary(l => l.layer, l => Layers[..l.i], StringComparer.Ordinal);

    private static readonly Lazy<Dictionary<string, SortedSet<string>>> Uses = new(ReadUses);

    [Fact]
    public void Every_folder_is_a_known_layer()
    {
        // Every folder with C# in it; buildTransitive/ holds the package's MSBuild files, not code.
        var folders = Directory.GetDirectories(RuntimeSource())
            .Where(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories).Any())
            .Select(Path.GetFileName)
            .Where(f => f is not ("bin" or "obj")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), folders);
    }

    [Fact]
    public void Folders_use_only_the_layers_allowed_to_them()
    {
        var violations = Uses.Value
            .SelectMany(use => use.Value.Where(target => !Allowed[use.Key].Contains(target)).Select(target => use.Key + " -> " + target))
            .ToList();
        Assert.True(violations.Count == 0, "forbidden dependencies: " + string.Join(", ", violations) + Environment.NewLine
            + "uses: " + string.Join("; ", Uses.Value.Select(u => u.Key + " -> " + string.Join(",", u.Value))));
    }

    [Fact]
    public void Hosting_does_not_use_Http_but_Http_uses_Hosting()
    {
        // Also proves the reader sees edges at all (the previous test passes on an empty map).
        Assert.DoesNotContain("Http", Uses.Value["Hosting"]);
        Assert.Contains("Hosting", Uses.Value["Http"]);
        Assert.Contains("Serving", Uses.Value["Hosting"]);
    }

    private static string RuntimeSource() => Path.Combine(NativeBinary.RepoRoot(), "src", "NativeMcp.Runtime");

    /// <summary>Folder → folders whose types or members its code binds to.</summary>
    private static Dictionary<string, SortedSet<string>> ReadUses()
    {
        var root = RuntimeSource();
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted
            .Append(typeof(ModelContextProtocol.Server.McpServer).Assembly.Location)
            .Where(p => !Path.GetFileName(p).StartsWith("NativeMcp.", StringComparison.Ordinal))
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("RuntimeLayering", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        // Unbound names would hide dependencies: the sources must compile here as they do in the build.
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));

        var uses = Allowed.Keys.ToDictionary(k => k, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            var from = Path.GetRelativePath(root, tree.FilePath).Split(Path.DirectorySeparatorChar)[0];
            if (!uses.TryGetValue(from, out var targets)) continue; // Every_folder_is_a_known_layer reports it
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(name).Symbol ?? model.GetTypeInfo(name).Type;
                if (Layer(symbol) is { } to && to != from) targets.Add(to);
            }
        }
        return uses;
    }

    /// <summary>The runtime folder a symbol is declared in (its namespace below NativeMcp.Runtime), if any.</summary>
    private static string? Layer(ISymbol? symbol)
    {
        var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
        var ns = (type?.ContainingNamespace ?? symbol as INamespaceSymbol)?.ToDisplayString();
        const string prefix = "NativeMcp.Runtime.";
        if (ns is null || !ns.StartsWith(prefix, StringComparison.Ordinal)) return null;
        return ns[prefix.Length..].Split('.')[0];
    }
}
