using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using NativeMcp.Cli;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Tests.Infrastructure;
using NativeMcp.Tests.Native;
using Xunit;

namespace NativeMcp.Tests.Cli;

/// <summary><c>nativemcp check</c> and <c>list</c>: the build's diagnostics, and the tool surface the built server publishes.</summary>
public sealed class CheckCommandTests
{
    private static string Seed(string name) => Path.Combine(NativeBinary.RepoRoot(), "specs", name);

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CommandLine.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string WriteSpec(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "nativemcp-cli-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Every seed spec, with the server the test assembly compiled from it.</summary>
    public static TheoryData<string> SeedSpecs() => new() { "linktime.yaml", "conferbot.yaml", "linktor.yaml", "conformance.yaml" };

    private static ServerDefinition DefinitionOf(string spec) => spec switch
    {
        "linktime.yaml" => NativeMcp.Generated.Linktime.LinktimeServer.Definition,
        "conferbot.yaml" => NativeMcp.Generated.Conferbot.ConferbotServer.Definition,
        "linktor.yaml" => NativeMcp.Generated.Linktor.LinktorServer.Definition,
        _ => NativeMcp.Generated.Conformance.ConformanceServer.Definition,
    };

    [Theory]
    [MemberData(nameof(SeedSpecs))]
    public async Task Check_json_tools_equal_the_built_servers_tools_list(string spec)
    {
        var (exit, output, _) = Run("check", Seed(spec), "--json");
        Assert.Equal(0, exit);
        var checkedTools = JsonNode.Parse(output)!["tools"]!.AsArray();

        // The server the build made from the same spec, over the real SDK client: its raw tools/list answer.
        var definition = DefinitionOf(spec);
        var environment = definition.Environment.Where(e => e.Required).ToDictionary(e => e.Name, e => (string?)"http://127.0.0.1:9/");
        await using var server = await InProcessServer.StartAsync(definition, environment);
        var response = await server.Client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ToolsList });
        var listed = response.Result!["tools"]!.AsArray();

        Assert.NotEmpty(listed);
        Assert.Equal(listed.Count, checkedTools.Count);
        for (var i = 0; i < listed.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(listed[i], checkedTools[i]), "tool " + i + " differs:\n" + listed[i]!.ToJsonString() + "\n" + checkedTools[i]!.ToJsonString());
        }
    }

    [Theory]
    [MemberData(nameof(SeedSpecs))]
    public async Task Check_json_resources_templates_and_prompts_equal_the_built_servers_lists(string spec)
    {
        var (exit, output, _) = Run("check", Seed(spec), "--json");
        Assert.Equal(0, exit);
        var json = JsonNode.Parse(output)!;

        var definition = DefinitionOf(spec);
        var environment = definition.Environment.Where(e => e.Required).ToDictionary(e => e.Name, e => (string?)"http://127.0.0.1:9/");
        await using var server = await InProcessServer.StartAsync(definition, environment);
        var capabilities = server.Client.ServerCapabilities;
        foreach (var (key, method, capable) in new[]
        {
            ("resources", RequestMethods.ResourcesList, capabilities.Resources is not null),
            ("resourceTemplates", RequestMethods.ResourcesTemplatesList, capabilities.Resources is not null),
            ("prompts", RequestMethods.PromptsList, capabilities.Prompts is not null),
        })
        {
            var expected = json[key]!.AsArray();
            if (!capable)
            {
                // A server with none does not offer the capability at all.
                Assert.Empty(expected);
                continue;
            }
            var response = await server.Client.SendRequestAsync(new JsonRpcRequest { Method = method });
            var listed = response.Result![key]!.AsArray();
            Assert.Equal(listed.Count, expected.Count);
            for (var i = 0; i < listed.Count; i++)
            {
                Assert.True(JsonNode.DeepEquals(listed[i], expected[i]), key + " " + i + " differs:\n" + listed[i]!.ToJsonString() + "\n" + expected[i]!.ToJsonString());
            }
        }
    }

    [Fact]
    public void Check_json_lists_resources_templates_and_prompts()
    {
        var (exit, output, _) = Run("check", Seed("conferbot.yaml"), "--json");
        Assert.Equal(0, exit);
        var json = JsonNode.Parse(output)!;
        Assert.Empty(json["diagnostics"]!.AsArray());
        Assert.Equal(["conferbot://chatbots", "conferbot://usage"], json["resources"]!.AsArray().Select(r => (string)r!["uri"]!).Order());
        Assert.Equal(4, json["resourceTemplates"]!.AsArray().Count);
        Assert.All(json["resourceTemplates"]!.AsArray(), t => Assert.StartsWith("conferbot://chatbot/{chatbotId}", (string)t!["uriTemplate"]!));
        Assert.Equal(6, json["prompts"]!.AsArray().Count);
    }

    [Fact]
    public void Check_prints_the_builds_diagnostics_compiler_style_and_fails()
    {
        var path = WriteSpec("""
            nativemcp: 1
            server: { name: broken, version: 1.0.0, binary: broken-mcp }
            upstream: { baseUrl: "https://api.example.com" }
            tools:
              - name: get_thing
                htp: { method: GET, path: /things }
            """);
        try
        {
            var (exit, output, _) = Run("check", path);
            Assert.Equal(1, exit);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(path + "(6,5): error NMCP003: Unknown key 'htp' in tools[0]; expected one of: name, title,", output);
            Assert.Contains(lines, l => l.StartsWith(path + "(5,5): error NMCP005: ", StringComparison.Ordinal));

            var json = JsonNode.Parse(Run("check", path, "--json").Output)!;
            var first = json["diagnostics"]![0]!;
            Assert.Equal("NMCP003", (string)first["id"]!);
            Assert.Equal(6, (int)first["line"]!);
            Assert.Equal(5, (int)first["column"]!);
            Assert.Empty(json["tools"]!.AsArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Check_reports_a_missing_handler_and_asset_like_the_build()
    {
        var path = WriteSpec("""
            nativemcp: 1
            server: { name: handlers, version: 1.0.0, binary: handlers-mcp }
            upstream: { baseUrl: "https://api.example.com" }
            tools:
              - name: greet
                handler: csharp
              - name: logo
                result: [{ image: assets/missing.png }]
            """);
        try
        {
            var (exit, output, _) = Run("check", path);
            Assert.Equal(1, exit);
            Assert.Contains("error NMCP018: tool 'greet' is declared 'handler: csharp' but has no implementation", output);
            Assert.Contains("public static partial ValueTask<CallToolResult> GreetAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) { ... }", output);
            Assert.Contains("error NMCP019: File 'assets/missing.png' is not in the assets folder beside the spec", output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Check_finds_the_handlers_implemented_beside_the_spec()
    {
        // conformance.yaml's handlers live in conformance.handlers.cs: none is reported missing.
        var (exit, output, _) = Run("check", Seed("conformance.yaml"));
        Assert.Equal(0, exit);
        Assert.Contains("conformance: no errors; 14 tools,", output);
    }

    [Fact]
    public void List_prints_the_grouped_tool_table()
    {
        var (exit, output, _) = Run("list", Seed("linktime.yaml"));
        Assert.Equal(0, exit);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("32 tools in 10 groups:", lines[0]);
        Assert.Equal("  scheduling (5)", lines[2]);
        Assert.Matches(@"^    list_event_types\s+read-only\s+List your event types", lines[3]);
        Assert.Contains(lines, l => l.StartsWith("    cancel_booking ", StringComparison.Ordinal) && l.Contains(" destructive "));
    }

    [Fact]
    public void Wrong_arguments_print_the_usage()
    {
        var (exit, _, error) = Run("check");
        Assert.Equal(2, exit);
        Assert.Contains("usage: nativemcp check <spec> [--json]", error);
        Assert.Equal(2, Run("check", Seed("linktime.yaml"), "--yaml").Exit);
        Assert.Contains("no such file", Run("list", "no-such-spec.yaml").Error);
    }

    [Fact]
    public void The_tool_runs_as_a_process()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "NativeMcp.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli, "check", Seed("conferbot.yaml") }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "nativemcp check did not finish");
        Assert.Equal(0, process.ExitCode);
        Assert.Equal("conferbot: no errors; 45 tools, 2 resources, 4 resource templates, 6 prompts", output.Trim());
    }
}
