extern alias generator;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using generator::NativeMcp.Generators.Declarations;
using generator::NativeMcp.Generators.FrontEnds.OpenApi;
using generator::NativeMcp.Generators.FrontEnds.Spec;
using generator::NativeMcp.Generators.Resolution;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using Xunit;
using Oas = Microsoft.OpenApi;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// Our OpenAPI front end against Microsoft.OpenApi (a reader we do not use in the generator) on every document of the
/// test set: the same operations (method, path, operationId), and for each imported operation the same parameters
/// (name, location, required, style, explode). Where the two differ on purpose, the difference is listed here with why.
/// </summary>
public sealed class MicrosoftOpenApiComparisonTests
{
    public static TheoryData<string, string> Documents() => new()
    {
        { "petstore-2.0", "petstore-2.0/petstore.json" },
        { "petstore-separate", "petstore-separate/spec/swagger.yaml" },
        { "petstore-expanded-3.0", "petstore-expanded-3.0/petstore-expanded.yaml" },
        { "uspto-3.0", "uspto-3.0/uspto.yaml" },
        { "tictactoe-3.1", "tictactoe-3.1/tictactoe.json" },
        { "openapi-petstore-3.0", "openapi-petstore-3.0/petstore.yaml" },
        { "security-3.0", "security-3.0/security.yaml" },
        { "github-rest", "" },
        { "kubernetes", "" },
        { "stripe", "" },
    };

    /// <summary>Operation: "METHOD /path operationId"; parameter: "METHOD /path name in required style explode".</summary>
    private sealed record Reading(SortedSet<string> Operations, SortedSet<string> Parameters, HashSet<string> Tools);

    private static async Task<Reading> TheirsAsync(string file, bool externalRefs = true)
    {
        var settings = new OpenApiReaderSettings { LoadExternalRefs = externalRefs, BaseUrl = new Uri(Path.GetFullPath(file)) };
        settings.AddYamlReader();
        using var stream = File.OpenRead(file);
        var read = await Oas.OpenApiDocument.LoadAsync(stream, file.EndsWith(".json", StringComparison.Ordinal) ? "json" : "yaml", settings);
        Assert.True(read.Document is not null, "Microsoft.OpenApi did not read " + file + ": " + string.Join("; ", read.Diagnostic?.Errors.Select(e => e.Message) ?? Array.Empty<string>()));
        var operations = new SortedSet<string>(StringComparer.Ordinal);
        var parameters = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in read.Document!.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? new Dictionary<System.Net.Http.HttpMethod, Oas.OpenApiOperation>())
            {
                var verb = method.Method.ToUpperInvariant();
                operations.Add(verb + " " + path + " " + (operation.OperationId ?? "-"));
                if (operation.Deprecated) continue;
                // Path-level parameters, then the operation's, which replace those of the same name and place.
                var merged = new List<Oas.IOpenApiParameter>();
                foreach (var parameter in (item.Parameters ?? new List<Oas.IOpenApiParameter>()).Concat(operation.Parameters ?? new List<Oas.IOpenApiParameter>()))
                {
                    merged.RemoveAll(p => p.Name == parameter.Name && p.In == parameter.In);
                    merged.Add(parameter);
                }
                foreach (var p in merged)
                {
                    var style = p.Content is { Count: > 0 } && p.Schema is null ? "content" : p.Style?.ToString() ?? "-";
                    parameters.Add(verb + " " + path + " " + p.Name + " " + p.In?.ToString().ToLowerInvariant() + " " + (p.Required ? "required" : "optional") + " " + style + " " + (style == "content" ? "-" : p.Explode ? "explode" : "no-explode"));
                }
            }
        }
        return new Reading(operations, parameters, new HashSet<string>(StringComparer.Ordinal));
    }

    /// <summary>The documents under tests/Documents, imported in-process.</summary>
    private static LargeDocument? Large(string name) => name switch
    {
        "github-rest" => LargeDocument.GitHub,
        "kubernetes" => LargeDocument.Kubernetes,
        "stripe" => LargeDocument.Stripe,
        _ => null,
    };

    private static Reading Ours(string name, string document)
    {
        SpecDeclaration declaration;
        if (Large(name) is { } large)
        {
            declaration = SpecParser.Parse(large.SpecPath, large.Spec(), large.Files());
        }
        else
        {
            var folder = OpenApiHarness.DocumentsFolder.Replace('\\', '/');
            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => new KeyValuePair<string, Func<string?>>(f.Replace('\\', '/'), () => File.ReadAllText(f)));
            declaration = SpecParser.Parse(folder + "/compare.nativemcp.yaml", OpenApiHarness.Spec("compare", document), new DocumentSet(files));
        }
        var model = SpecResolver.Resolve(declaration).Model;
        Assert.NotNull(model);
        var tools = model!.Tools.ToDictionary(t => t.Name);
        var operations = new SortedSet<string>(StringComparer.Ordinal);
        var parameters = new SortedSet<string>(StringComparer.Ordinal);
        var made = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outcome in declaration.Imports.Single().Operations)
        {
            operations.Add(outcome.Method + " " + outcome.Path + " " + (outcome.OperationId ?? "-"));
            if (outcome.Tool is null || !tools.TryGetValue(outcome.Tool, out var tool)) continue;
            made.Add(outcome.Method + " " + outcome.Path);
            foreach (var p in tool.Http!.Parameters)
            {
                var input = tool.Inputs.FirstOrDefault(i => i.Name == p.InputName);
                var required = p.In == generator::NativeMcp.Generators.Model.ParameterLocation.Path || input?.Required == true;
                var style = p.Serialized ? "content" : p.Style.ToString();
                parameters.Add(outcome.Method + " " + outcome.Path + " " + p.WireName + " " + p.In.ToString().ToLowerInvariant() + " " + (required ? "required" : "optional") + " " + style + " " + (p.Serialized ? "-" : p.Explode ? "explode" : "no-explode"));
            }
        }
        return new Reading(operations, parameters, made);
    }

    /// <summary>
    /// Parameters Microsoft.OpenApi reports that our import does not send as parameters, on purpose: the Accept,
    /// Content-Type and Authorization headers (OpenAPI says such parameter definitions are ignored: the media types
    /// and security schemes say what is sent), and parameters of operations that are left out or skipped (no tool).
    /// </summary>
    private static bool Ignored(string parameter) =>
        parameter.Split(' ') is [_, _, var name, "header", ..] && name.ToLowerInvariant() is "accept" or "content-type" or "authorization";

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Same_operations_and_same_resolved_parameters_as_Microsoft_OpenApi(string name, string document)
    {
        var file = Large(name) is { } large ? LargeDocument.Folder + "/" + large.Document : Path.Combine(OpenApiHarness.DocumentsFolder, document);
        var ours = Ours(name, document);
        if (name == "petstore-separate")
        {
            // Microsoft.OpenApi 3.11.0 cannot read this Swagger 2.0 document at all, external refs loaded or not: its
            // V2 reader throws on a schema $ref that is a bare file name (`$ref: Pet.yaml`, in
            // GetReferenceIdAndExternalResource). Our front end resolves every one of its refs, so the comparison
            // is only that it fails where we do not. When the library reads it, this fails and the document joins
            // the full comparison below.
            await Assert.ThrowsAsync<IndexOutOfRangeException>(() => TheirsAsync(file, externalRefs: false));
            Assert.Equal(new[] { "GET /pets findPets", "POST /pets addPet", "GET /pets/{id} find pet by id", "DELETE /pets/{id} deletePet" }.OrderBy(o => o, StringComparer.Ordinal), ours.Operations);
            Assert.Equal(4, ours.Tools.Count);
            return;
        }
        var theirs = await TheirsAsync(file);

        Assert.Equal(theirs.Operations, ours.Operations);

        // Only operations that became tools have parameters on our side; compare those operations' parameters.
        var expected = theirs.Parameters.Where(p => ours.Tools.Contains(string.Join(' ', p.Split(' ').Take(2))) && !Ignored(p)).ToList();
        Assert.Equal(expected, ours.Parameters.ToList());
    }
}
