extern alias generator;

using System.Linq;
using generator::NativeMcp.Generators.Common;
using generator::NativeMcp.Generators.Declarations;
using generator::NativeMcp.Generators.Diagnostics;
using generator::NativeMcp.Generators.Model;
using generator::NativeMcp.Generators.Resolution;
using Xunit;

namespace NativeMcp.Tests.Generator;

/// <summary>
/// The linking rules live in the resolver, not in the spec front end: a declaration built the way any other
/// front end (an OpenAPI document, a lock file) would build it gets the same diagnostics, at the locations that
/// front end recorded.
/// </summary>
public sealed class ReferenceChecksTests
{
    private static LocationInfo At(int line) => new("api/petstore.yaml", line * 10, 5, line, 4, line, 9);

    private static SpecDeclaration Declaration(params ReferenceDeclaration[] references) => new()
    {
        SourcePath = "api/petstore.yaml",
        Content = new SpecModel
        {
            Server = new ServerModel { Name = "petstore", Version = "1.0.0", Binary = "petstore-mcp" },
            Env = EquatableArray.From(new[] { new EnvVarModel("PETSTORE_URL", Required: true, Secret: false, Default: null, Description: null) }),
            Upstreams = EquatableArray.From(new[]
            {
                new UpstreamModel { Name = "store" },
                new UpstreamModel { Name = "users" },
            }),
            Tools = EquatableArray.From(new[]
            {
                new ToolModel
                {
                    Name = "get_pet",
                    Kind = ToolKind.Http,
                    Upstream = "store",
                    Inputs = EquatableArray.From(new[] { new InputModel { Name = "petId", Type = generator::NativeMcp.Runtime.Vocabulary.InputKind.Integer } }),
                },
            }),
        },
        Names = EquatableArray.From(new[]
        {
            new NameDeclaration(OwnerKind.Tool, "get_pet", At(3)),
            new NameDeclaration(OwnerKind.Tool, "get_pet", At(40)),
            new NameDeclaration(OwnerKind.Tool, new string('x', 65), At(50)),
        }),
        References = EquatableArray.From(references),
    };

    private static (string Id, int Line, string Message)[] Diagnostics(SpecDeclaration declaration)
    {
        var resolved = SpecResolver.Resolve(declaration);
        Assert.Null(resolved.Model);
        return resolved.Diagnostics.Select(d => (d.Descriptor.Id, d.Location!.StartLine, d.Message)).ToArray();
    }

    [Fact]
    public void Declarations_from_any_front_end_get_the_linking_diagnostics_at_their_own_locations()
    {
        var diagnostics = Diagnostics(Declaration(
            new ReferenceDeclaration(ReferenceKind.Env, "PETSTORE_TOKEN", OwnerKind.Server, "", "", At(7)),
            new ReferenceDeclaration(ReferenceKind.Env, "PETSTORE_URL", OwnerKind.Server, "", "", At(8)),
            new ReferenceDeclaration(ReferenceKind.Upstream, "orders", OwnerKind.Tool, "get_pet", "tool 'get_pet'", At(9)),
            new ReferenceDeclaration(ReferenceKind.Upstream, "", OwnerKind.Tool, "get_pet", "tool 'get_pet'", At(10)),
            new ReferenceDeclaration(ReferenceKind.Input, "limit", OwnerKind.Tool, "get_pet", "query", At(11)),
            new ReferenceDeclaration(ReferenceKind.Input, "petId", OwnerKind.Tool, "get_pet", "query", At(12)),
            new ReferenceDeclaration(ReferenceKind.PathParameter, "ownerId", OwnerKind.Tool, "get_pet", "path", At(13)),
            new ReferenceDeclaration(ReferenceKind.PathParameter, "petId", OwnerKind.Tool, "get_pet", "path", At(14))));

        Assert.Equal(
            new[]
            {
                ("NMCP006", 40, "Tool name 'get_pet' is already used by another tool in this spec"),
                ("NMCP007", 50, "Tool name '" + new string('x', 65) + "' is invalid: MCP clients accept 1 to 64 characters, this has 65"),
                ("NMCP009", 7, "'${PETSTORE_TOKEN}' refers to an environment variable that is not declared under 'env'"),
                ("NMCP017", 9, "Upstream 'orders' of tool 'get_pet' is not declared under 'upstreams' (declared: store, users)"),
                ("NMCP005", 10, "tool 'get_pet' (the spec has several upstreams) is missing the required key 'upstream'"),
                ("NMCP011", 11, "'limit' in query of tool 'get_pet' is not an input of the tool"),
                ("NMCP008", 13, "Path parameter '{ownerId}' of tool 'get_pet' is not provided by any input; declare an input named 'ownerId'"),
                // petId is declared but optional: a path segment must always be there.
                ("NMCP012", 14, "Input 'petId' is used in the path of tool 'get_pet' and must be a required string or integer"),
            },
            diagnostics);
        Assert.All(SpecResolver.Resolve(Declaration()).Diagnostics, d => Assert.Equal("api/petstore.yaml", d.Location!.FilePath));
    }

    [Fact]
    public void A_declaration_whose_references_all_resolve_gets_a_model_with_the_default_upstream()
    {
        var declaration = Declaration() with { Names = EquatableArray.From(new[] { new NameDeclaration(OwnerKind.Tool, "get_pet", At(3)) }) };
        var single = declaration with
        {
            Content = declaration.Content! with
            {
                Upstreams = EquatableArray.From(new[] { new UpstreamModel { Name = "store" } }),
                Tools = EquatableArray.From(new[] { declaration.Content.Tools[0] with { Upstream = "" } }),
            },
        };

        var resolved = SpecResolver.Resolve(single);

        Assert.Empty(resolved.Diagnostics);
        Assert.Equal("store", resolved.Model!.Tools[0].Upstream);
    }
}
