using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Runtime.Serving;
using Xunit;

namespace NativeMcp.Tests.Generator;

/// <summary>
/// A generated tool lists itself twice: as the bytes the stdio server writes (its tools/list entry) and as the SDK's
/// <c>Tool</c> object, which the SDK's HTTP server serialises. The object is read from the bytes by the SDK's contract;
/// a member of the entry that the contract does not keep would be missing from the HTTP listing only. The two must
/// never say different things.
/// </summary>
public sealed class ProtocolToolTests
{
    public static TheoryData<string> Servers => new() { "linktime", "linktor", "conferbot", "conformance", "uspto" };

    [Theory]
    [MemberData(nameof(Servers))]
    public void Every_generated_tools_sdk_object_serialises_to_its_tools_list_entry(string server)
    {
        var definition = server switch
        {
            "linktime" => NativeMcp.Generated.Linktime.LinktimeServer.Definition,
            "linktor" => NativeMcp.Generated.Linktor.LinktorServer.Definition,
            "conferbot" => NativeMcp.Generated.Conferbot.ConferbotServer.Definition,
            "conformance" => NativeMcp.Generated.Conformance.ConformanceServer.Definition,
            _ => NativeMcp.Generated.Uspto.UsptoServer.Definition,
        };
        var values = definition.Environment.ToDictionary(v => v.Name, v => (string?)(v.Url ? "http://127.0.0.1:9" : "value"));
        var env = EnvironmentValues.Load(definition.Environment, values, out var errors);
        Assert.Empty(errors);
        var info = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool));

        var listed = definition.CreateOptions(env, null).ToolCollection!.OfType<IListedTool>().ToList();

        Assert.NotEmpty(listed);
        foreach (var tool in listed)
        {
            var sdk = JsonSerializer.SerializeToNode(((ModelContextProtocol.Server.McpServerTool)tool).ProtocolTool, info);
            var entry = JsonNode.Parse(tool.ListEntry);
            Assert.True(JsonNode.DeepEquals(entry, sdk), "tools/list entry:\n" + entry!.ToJsonString() + "\nSDK object:\n" + sdk!.ToJsonString());
        }
    }
}
