using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using NativeMcp.Generated.Conferbot;
using NativeMcp.Generated.Linktor;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>The Conferbot and Linktor specs against their seed documents, through the real SDK client.</summary>
public sealed class SeedSpecTests
{
    /// <summary>The Conferbot seed's Available Tools tables, in order.</summary>
    internal static readonly string[] ConferbotTools =
    [
        "list_chatbots", "get_chatbot", "create_chatbot", "update_chatbot", "delete_chatbot", "duplicate_chatbot",
        "list_responses", "get_response",
        "get_chatbot_analytics", "get_api_usage",
        "list_webhooks", "get_webhook", "create_webhook", "update_webhook", "delete_webhook", "regenerate_webhook_secret", "get_webhook_delivery_logs",
        "get_chatbot_flow", "update_chatbot_flow", "add_flow_node", "delete_flow_node", "connect_flow_nodes", "list_flow_versions", "publish_flow_version",
        "list_templates", "get_template_categories", "create_from_template",
        "list_knowledge_base", "get_knowledge_article", "create_knowledge_article", "update_knowledge_article", "list_knowledge_categories", "create_knowledge_category", "get_ai_config", "update_ai_config",
        "get_widget_config", "update_widget_config", "list_channels", "get_channel_config", "export_chatbot",
        "list_conversations", "get_conversation", "get_conversation_analytics", "list_tickets", "get_conversation_summary",
    ];

    private static async Task<(FakeUpstream Upstream, InProcessServer Server)> StartConferbotAsync()
    {
        var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = r => r.Path switch
        {
            "/chatbots" => FakeResponse.Json("""{"data":[{"id":"bot_support","name":"Support Bot"},{"id":"bot_sales","name":"Sales Bot"},{"id":"faq","name":"FAQ"}]}"""),
            _ => FakeUpstream.Echo(r),
        };
        var server = await InProcessServer.StartAsync(ConferbotServer.Definition, new Dictionary<string, string?>
        {
            ["CONFERBOT_API_KEY"] = "cb_key",
            ["CONFERBOT_API_URL"] = upstream.BaseUrl,
        });
        return (upstream, server);
    }

    [Fact]
    public async Task Conferbot_lists_exactly_the_seeds_tools_resources_templates_and_prompts()
    {
        var (upstream, server) = await StartConferbotAsync();
        await using var _ = upstream;
        await using var __ = server;

        Assert.Equal(ConferbotTools, (await server.Client.ListToolsAsync()).Select(t => t.Name));
        Assert.Equal(["conferbot://chatbots", "conferbot://usage"], (await server.Client.ListResourcesAsync()).Select(r => r.Uri).Order());
        Assert.Equal(
            ["conferbot://chatbot/{chatbotId}", "conferbot://chatbot/{chatbotId}/analytics", "conferbot://chatbot/{chatbotId}/conversations", "conferbot://chatbot/{chatbotId}/widget"],
            (await server.Client.ListResourceTemplatesAsync()).Select(t => t.UriTemplate).Order());
        var prompts = await server.Client.ListPromptsAsync();
        Assert.Equal(
            ["analyze-chatbot-performance", "debug-webhook-deliveries", "generate-analytics-report", "build-chatbot-flow", "optimize-chatbot", "setup-knowledge-base"],
            prompts.Select(p => p.Name));
        var report = prompts.Single(p => p.Name == "generate-analytics-report").ProtocolPrompt.Arguments!;
        Assert.Equal([("chatbotId", true), ("days", false)], report.Select(a => (a.Name, a.Required == true)));
    }

    [Fact]
    public async Task Conferbot_enforces_the_seeds_parameter_constraints()
    {
        var (upstream, server) = await StartConferbotAsync();
        await using var _ = upstream;
        await using var __ = server;

        var tooLong = await server.Client.CallJsonAsync("create_chatbot", "{\"name\":\"" + new string('n', 101) + "\"}");
        Assert.Contains("'name' must be at most 100 characters long (got 101)", tooLong.Text());
        var days = await server.Client.CallJsonAsync("get_chatbot_analytics", """{"chatbotId":"b","days":366}""");
        Assert.Contains("'days' must be <= 365 (got 366)", days.Text());
        var mode = await server.Client.CallJsonAsync("update_ai_config", """{"chatbotId":"b","mode":"robot_first"}""");
        Assert.Contains("'mode' must be one of: ai_first, human_first, ai_only, human_only", mode.Text());
        var node = await server.Client.CallJsonAsync("add_flow_node", """{"chatbotId":"b","node":{"id":"n1"}}""");
        Assert.Contains("'node.type' is required", node.Text());
        Assert.Empty(upstream.Requests);

        var analytics = await server.Client.CallJsonAsync("get_chatbot_analytics", """{"chatbotId":"bot_support"}""");
        Assert.NotEqual(true, analytics.IsError);
        Assert.Equal("?days=30", upstream.Last.QueryString);
        Assert.Equal("cb_key", upstream.Last.Header("x-api-key"));
    }

    [Fact]
    public async Task Conferbot_templated_resource_is_read_through_the_upstream()
    {
        var (upstream, server) = await StartConferbotAsync();
        await using var _ = upstream;
        await using var __ = server;

        var result = await server.Client.ReadResourceAsync("conferbot://chatbot/bot%20one/analytics");
        var text = Assert.IsType<TextResourceContents>(Assert.Single(result.Contents));
        Assert.Equal("conferbot://chatbot/bot%20one/analytics", text.Uri);
        Assert.Equal("application/json", text.MimeType);
        Assert.Equal("/chatbots/bot%20one/analytics", upstream.Last.Path);
        Assert.Equal("?days=30", upstream.Last.QueryString);
        Assert.Contains("/chatbots/bot%20one/analytics", text.Text);
    }

    [Fact]
    public async Task Conferbot_prompt_substitutes_arguments_and_embeds_its_resource()
    {
        var (upstream, server) = await StartConferbotAsync();
        await using var _ = upstream;
        await using var __ = server;

        var prompt = await server.Client.GetPromptAsync("analyze-chatbot-performance", new Dictionary<string, object?> { ["chatbotId"] = "bot_support" });
        var first = Assert.IsType<TextContentBlock>(prompt.Messages[0].Content);
        Assert.Contains("bot_support", first.Text);
        Assert.Contains("get_chatbot", first.Text);
        var embedded = prompt.Messages.Select(m => m.Content).OfType<EmbeddedResourceBlock>().First();
        Assert.Equal("conferbot://chatbot/bot_support/analytics", embedded.Resource.Uri);
        Assert.Contains(upstream.Requests, r => r.Path == "/chatbots/bot_support/analytics");
    }

    [Fact]
    public async Task Conferbot_prompt_without_its_required_argument_is_an_error_naming_it()
    {
        var (upstream, server) = await StartConferbotAsync();
        await using var _ = upstream;
        await using var __ = server;

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => server.Client.GetPromptAsync("build-chatbot-flow", new Dictionary<string, object?> { ["chatbotId"] = "b" }).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("Prompt 'build-chatbot-flow' is missing its required argument 'description'.", error.Message);
    }

    [Fact]
    public async Task Conferbot_completes_chatbot_ids_from_list_chatbots_and_days_from_the_spec()
    {
        var (upstream, server) = await StartConferbotAsync();
        await using var _ = upstream;
        await using var __ = server;

        var fromTemplate = await server.Client.CompleteAsync(new ResourceTemplateReference { Uri = "conferbot://chatbot/{chatbotId}/analytics" }, "chatbotId", "bot_");
        Assert.Equal(["bot_support", "bot_sales"], fromTemplate.Completion.Values);
        var fromPrompt = await server.Client.CompleteAsync(new PromptReference { Name = "analyze-chatbot-performance" }, "chatbotId", "F");
        Assert.Equal(["faq"], fromPrompt.Completion.Values);
        var days = await server.Client.CompleteAsync(new PromptReference { Name = "generate-analytics-report" }, "days", "3");
        Assert.Equal(["30", "365"], days.Completion.Values);
        Assert.True(upstream.Requests.Count(r => r.Path == "/chatbots") >= 2);
    }

    [Fact]
    public async Task Linktor_has_30_plus_tools_in_the_seeds_seven_categories_six_resources_and_four_prompts()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await InProcessServer.StartAsync(LinktorServer.Definition, new Dictionary<string, string?>
        {
            ["LINKTOR_API_KEY"] = "lk_key",
            ["LINKTOR_API_URL"] = upstream.BaseUrl,
        });

        var tools = await server.Client.ListToolsAsync();
        Assert.True(tools.Count >= 30, tools.Count + " tools");
        Assert.Equal(
            ["analytics", "bots", "channels", "contacts", "conversations", "knowledge", "messages"],
            tools.Select(t => t.ProtocolTool.Meta!["nativemcp/group"]!.GetValue<string>()).Distinct().Order());
        var resources = (await server.Client.ListResourcesAsync()).Count + (await server.Client.ListResourceTemplatesAsync()).Count;
        Assert.Equal(6, resources);
        Assert.Equal(["customer_support", "conversation_summary", "draft_response", "analyze_sentiment"], (await server.Client.ListPromptsAsync()).Select(p => p.Name));

        var active = await server.Client.ReadResourceAsync("linktor://conversations/active");
        Assert.Equal("/api/v1/conversations", upstream.Last.Path);
        Assert.Equal("?status=open", upstream.Last.QueryString);
        Assert.Equal("Bearer lk_key", upstream.Last.Header("Authorization"));
        Assert.Single(active.Contents);
    }

    [Fact]
    public void Linktor_declares_the_seeds_environment()
    {
        var env = LinktorServer.Definition.Environment.ToDictionary(e => e.Name);
        Assert.True(env["LINKTOR_API_KEY"].Required && env["LINKTOR_API_KEY"].Secret);
        Assert.Equal("https://api.linktor.io", env["LINKTOR_API_URL"].Default);
        Assert.Equal("3001", env["MCP_HTTP_PORT"].Default);
    }
}
