using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NativeMcp.Tests.Generator;
using Xunit;

namespace NativeMcp.Tests.Registry;

/// <summary>The spec's registry section: compiled into the settings the registry runs with, and its diagnostics at the line that is wrong.</summary>
public sealed class RegistrySpecTests
{
    private const string Spec = """
        nativemcp: 1
        server: { name: reg, version: 1.0.0, binary: reg-mcp }
        env:
          ADMIN: { secret: true }
          CRYPT: { secret: true }
          PLAIN: { default: x }
          PORT: { default: "3000" }
        serve: { port: "${PORT}" }
        registry:
          adminKey: ${ADMIN}
          encryptionKey: ${CRYPT}
          commands: [npx]
        """;

    private static (string Id, int Line, int Column, string Message)[] Diagnostics(string spec) =>
        GeneratorHarness.Diagnostics(spec).Select(d =>
        {
            var start = d.Location.GetLineSpan().StartLinePosition;
            return (d.Id, start.Line + 1, start.Character + 1, d.GetMessage(CultureInfo.InvariantCulture));
        }).ToArray();

    [Fact]
    public void A_registry_needs_no_upstream_and_compiles_cleanly()
    {
        var (run, output) = GeneratorHarness.Run(Spec);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void NMCP080_a_credential_written_into_the_spec_or_from_a_variable_not_declared_secret()
    {
        var literal = Assert.Single(Diagnostics(Spec.Replace("adminKey: ${ADMIN}", "adminKey: hunter2")));
        Assert.Equal(("NMCP080", 10, 13), (literal.Id, literal.Line, literal.Column));
        Assert.Contains("registry.adminKey", literal.Message);

        var notSecret = Assert.Single(Diagnostics(Spec.Replace("encryptionKey: ${CRYPT}", "encryptionKey: ${PLAIN}")));
        Assert.Equal(("NMCP080", 11, 18), (notSecret.Id, notSecret.Line, notSecret.Column));
        Assert.Contains("'PLAIN' is not declared secret", notSecret.Message);
    }

    [Fact]
    public void NMCP081_a_registry_without_serve()
    {
        var diagnostic = Assert.Single(Diagnostics(Spec.Replace("serve: { port: \"${PORT}\" }\n", "")));
        Assert.Equal(("NMCP081", 9, 3), (diagnostic.Id, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void The_seed_spec_compiles_into_the_settings_the_registry_runs_with()
    {
        var definition = NativeMcp.Generated.Registry.RegistryServer.Definition;
        var env = NativeMcp.Runtime.Hosting.EnvironmentValues.Load(definition.Environment, new System.Collections.Generic.Dictionary<string, string?>
        {
            ["REGISTRY_ADMIN_KEY"] = "a",
            ["REGISTRY_ENCRYPTION_KEY"] = "e",
        }, out var errors);
        Assert.Empty(errors);
        var registry = definition.Http(env).Registry!;
        Assert.Equal("a", registry.AdminKey);
        Assert.Equal("e", registry.EncryptionKey);
        Assert.Null(registry.PostgresConnection);
        Assert.Null(registry.TenantKeys);
        Assert.Equal("data/registry.db", registry.SqlitePath);
        Assert.Equal(new[] { "npx", "node", "python", "uvx" }, registry.Commands);
    }
}
