extern alias generator;

using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using NativeMcp.Runtime.Vocabulary;
using NativeMcp.Tests.Native;
using Xunit;
using SpecKeys = generator::NativeMcp.Generators.FrontEnds.Spec.SpecKeys;

namespace NativeMcp.Tests.Generator;

/// <summary>The spec front end, the shared vocabulary and specs/nativemcp.schema.json say the same thing.</summary>
public sealed class SpecVocabularyTests
{
    /// <summary>SpecKeys member -> where the schema lists that section's properties.</summary>
    private static readonly Dictionary<string, string[]> Sections = new()
    {
        [nameof(SpecKeys.Root)] = new[] { "" },
        [nameof(SpecKeys.Server)] = new[] { "/properties/server" },
        [nameof(SpecKeys.Env)] = new[] { "/$defs/envVar" },
        [nameof(SpecKeys.Upstream)] = new[] { "/$defs/upstream" },
        [nameof(SpecKeys.McpUpstream)] = new[] { "/$defs/mcpUpstream" },
        [nameof(SpecKeys.McpTool)] = new[] { "/$defs/mcpTool" },
        [nameof(SpecKeys.Auth)] = new[] { "/$defs/auth" },
        [nameof(SpecKeys.RateLimit)] = new[] { "/$defs/rateLimit" },
        [nameof(SpecKeys.Retry)] = new[] { "/$defs/retry" },
        [nameof(SpecKeys.Serve)] = new[] { "/$defs/serve" },
        [nameof(SpecKeys.ApiKeys)] = new[] { "/$defs/apiKeys" },
        [nameof(SpecKeys.Registry)] = new[] { "/$defs/registry" },
        [nameof(SpecKeys.RegistryDatabase)] = new[] { "/$defs/registryDatabase" },
        [nameof(SpecKeys.RegistryCallLog)] = new[] { "/$defs/registryCallLog" },
        [nameof(SpecKeys.Tool)] = new[] { "/$defs/tool" },
        [nameof(SpecKeys.Database)] = new[] { "/$defs/database" },
        [nameof(SpecKeys.Sql)] = new[] { "/$defs/sql" },
        [nameof(SpecKeys.Column)] = new[] { "/$defs/column" },
        [nameof(SpecKeys.Annotations)] = new[] { "/$defs/tool/properties/annotations" },
        [nameof(SpecKeys.Input)] = new[] { "/$defs/input" },
        [nameof(SpecKeys.Http)] = new[] { "/$defs/resourceHttp" },
        [nameof(SpecKeys.ToolHttp)] = new[] { "/$defs/http" },
        [nameof(SpecKeys.Parameter)] = new[] { "/$defs/httpParameter" },
        [nameof(SpecKeys.RequestBody)] = new[] { "/$defs/requestBody" },
        [nameof(SpecKeys.BodyProperty)] = new[] { "/$defs/bodyProperty" },
        [nameof(SpecKeys.FilePart)] = new[] { "/$defs/filePart" },
        [nameof(SpecKeys.Response)] = new[] { "/$defs/response" },
        [nameof(SpecKeys.Pagination)] = new[] { "/$defs/pagination" },
        [nameof(SpecKeys.Resource)] = new[] { "/$defs/resource" },
        [nameof(SpecKeys.Completion)] = new[] { "/$defs/completion" },
        [nameof(SpecKeys.Prompt)] = new[] { "/$defs/prompt" },
        [nameof(SpecKeys.PromptArgument)] = new[] { "/$defs/promptArgument" },
        [nameof(SpecKeys.PromptMessage)] = new[] { "/$defs/promptMessage" },
        [nameof(SpecKeys.ContentItem)] = new[] { "/$defs/contentItem" },
        [nameof(SpecKeys.EmbeddedResource)] = new[] { "/$defs/embeddedResource" },
        [nameof(SpecKeys.OpenApi)] = new[] { "/$defs/openApi" },
        [nameof(SpecKeys.OpenApiRule)] = new[] { "/$defs/openApiRule" },
        [nameof(SpecKeys.OpenApiMatch)] = new[] { "/$defs/openApiMatch" },
        [nameof(SpecKeys.OpenApiOperation)] = new[] { "/$defs/openApiOperation" },
    };

    private static readonly JsonElement Schema =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(NativeBinary.RepoRoot(), "specs", "nativemcp.schema.json"))).RootElement;

    private static JsonElement At(string pointer)
    {
        var node = Schema;
        foreach (var part in pointer.Split('/').Skip(1)) node = node.GetProperty(part);
        return node;
    }

    private static string[] KeysOf(string name) =>
        (string[])typeof(SpecKeys).GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    public static TheoryData<string> SectionNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Sections.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(SectionNames))]
    public void Accepted_keys_equal_the_schema_properties(string section)
    {
        foreach (var pointer in Sections[section])
        {
            var properties = At(pointer).GetProperty("properties").EnumerateObject().Select(p => p.Name).OrderBy(n => n, System.StringComparer.Ordinal);
            Assert.Equal(properties, KeysOf(section).OrderBy(n => n, System.StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_key_list_has_a_schema_section()
    {
        var lists = typeof(SpecKeys).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).OrderBy(n => n, System.StringComparer.Ordinal);
        Assert.Equal(Sections.Keys.OrderBy(n => n, System.StringComparer.Ordinal), lists);
    }

    [Fact]
    public void Input_types_formats_and_scopes_equal_the_schema_enums()
    {
        static string[] Enum(string pointer) => At(pointer).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();

        Assert.Equal(Enum("/$defs/input/properties/type"), InputKinds.Names);
        Assert.Equal(Enum("/$defs/input/properties/format"), StringFormats.Names);
        Assert.Equal(Enum("/$defs/httpParameter/properties/style"), ParameterStyles.Names);
        Assert.Equal(Enum("/$defs/tool/properties/scope"), Scopes.All);
        // Names and enum members line up one to one.
        Assert.Equal(System.Enum.GetValues<InputKind>().Length, InputKinds.Names.Length);
        Assert.Equal(System.Enum.GetValues<StringFormat>().Length - 1, StringFormats.Names.Length);
    }
}
