using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace FakeMcpServer;

/// <summary>
/// The Runflow seed's MCP upstreams in miniature (--tools linear | deepwiki): a Linear-like issue tracker and a
/// DeepWiki-like documentation server, with fixed data, so that the runflow-gateway spec can be synced and driven.
/// </summary>
internal static class RunflowTools
{
    public static string DefinitionsJson(string set) => set == "linear" ? Linear : DeepWiki;

    private const string Linear = """
        [
          {"name":"list_issues","description":"List issues, filtered by assignee, status and label.","inputSchema":{"type":"object","properties":{"assignee":{"type":"string","description":"A user name, or me"},"status":{"type":"string"},"label":{"type":"string"},"limit":{"type":"integer","minimum":1,"maximum":50}}},"annotations":{"readOnlyHint":true}},
          {"name":"get_issue","description":"One issue by its id.","inputSchema":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]},"annotations":{"readOnlyHint":true}},
          {"name":"create_issue","description":"Create an issue.","inputSchema":{"type":"object","properties":{"title":{"type":"string"},"description":{"type":"string"},"teamId":{"type":"string"},"priority":{"type":"integer"}},"required":["title","teamId"]}}
        ]
        """;

    private const string DeepWiki = """
        [
          {"name":"read_wiki_structure","description":"The topics of a GitHub repository's documentation.","inputSchema":{"type":"object","properties":{"repoName":{"type":"string","description":"owner/repo"}},"required":["repoName"]}},
          {"name":"read_wiki_contents","description":"A repository's documentation.","inputSchema":{"type":"object","properties":{"repoName":{"type":"string"}},"required":["repoName"]}},
          {"name":"ask_question","description":"Ask a question about a repository.","inputSchema":{"type":"object","properties":{"repoName":{"type":"string"},"question":{"type":"string"}},"required":["repoName","question"]}}
        ]
        """;

    private static readonly (string Id, string Title, string Assignee, string Status, string Label)[] Issues =
    {
        ("PROJ-1", "Login returns 500", "me", "In Progress", "Bug"),
        ("PROJ-2", "Dark mode", "ana", "Todo", "Feature"),
        ("PROJ-3", "Crash on upload", "me", "In Progress", "Bug"),
        ("PROJ-4", "Docs typo", "me", "Done", "Docs"),
    };

    /// <summary>The answer of a Runflow tool, or null when the name is not one.</summary>
    public static CallToolResult? Call(string name, IDictionary<string, JsonElement> args)
    {
        string? Arg(string key) => args.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        switch (name)
        {
            case "list_issues":
                var limit = args.TryGetValue("limit", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : 50;
                var found = Issues
                    .Where(i => Arg("assignee") is not { } a || i.Assignee == a)
                    .Where(i => Arg("status") is not { } s || i.Status == s)
                    .Where(i => Arg("label") is not { } b || i.Label == b)
                    .Take(limit)
                    .Select(i => (JsonNode)new JsonObject { ["id"] = i.Id, ["title"] = i.Title, ["assignee"] = i.Assignee, ["status"] = i.Status })
                    .ToArray();
                return Structured(new JsonObject { ["issues"] = new JsonArray(found) });
            case "get_issue":
                var issue = Issues.FirstOrDefault(i => i.Id == Arg("id"));
                return issue.Id is null
                    ? new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "no issue " + Arg("id") }] }
                    : Structured(new JsonObject { ["id"] = issue.Id, ["title"] = issue.Title, ["status"] = issue.Status });
            case "create_issue":
                return Structured(new JsonObject { ["id"] = "PROJ-456", ["title"] = Arg("title"), ["teamId"] = Arg("teamId") });
            case "read_wiki_structure":
                return new CallToolResult { Content = [new TextContentBlock { Text = "Available pages for " + Arg("repoName") + ":\n- 1 Overview\n- 2 MCP servers\n- 3 Configuration" }] };
            case "read_wiki_contents":
                return new CallToolResult { Content = [new TextContentBlock { Text = "# " + Arg("repoName") + "\nOverview of the repository." }] };
            case "ask_question":
                return new CallToolResult { Content = [new TextContentBlock { Text = "About " + Arg("repoName") + ": " + Arg("question") }] };
            default:
                return null;
        }
    }

    private static CallToolResult Structured(JsonObject value) => new()
    {
        Content = [new TextContentBlock { Text = value.ToJsonString() }],
        StructuredContent = JsonSerializer.SerializeToElement(value, McpJsonUtilities.DefaultOptions),
    };
}
