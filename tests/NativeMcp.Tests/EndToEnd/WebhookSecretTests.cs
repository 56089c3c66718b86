using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using NativeMcp.Generated.Conferbot;
using NativeMcp.Generated.Linktime;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>
/// The seeds promise that a webhook's signing secret is shown only once, at creation. An upstream that returns it
/// anyway (here, on every webhook answer, at several depths) must not get it to the model: not in the text, not in
/// the structured content.
/// </summary>
public sealed class WebhookSecretTests
{
    private const string Webhook = """{"id":"wh_1","url":"https://example.test/hook","secret":"whsec_LEAK1","config":{"signingSecret":"whsec_LEAK2","events":["a"]}}""";

    private static async Task<(FakeUpstream, InProcessServer)> StartAsync(ServerDefinition definition, Dictionary<string, string?> env, string urlVariable)
    {
        var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = r => r.Path.StartsWith("/webhooks/", System.StringComparison.Ordinal)
            ? FakeResponse.Json(Webhook)
            : FakeResponse.Json("{\"data\":[" + Webhook + "," + Webhook.Replace("wh_1", "wh_2") + "],\"secret\":\"whsec_LEAK3\"}");
        env[urlVariable] = upstream.BaseUrl;
        return (upstream, await InProcessServer.StartAsync(definition, env));
    }

    private static void AssertNoSecret(CallToolResult result, params string[] kept)
    {
        Assert.NotEqual(true, result.IsError);
        var text = result.Text();
        var structured = result.StructuredContent?.ToString() ?? "";
        Assert.DoesNotContain("whsec_", text);
        Assert.DoesNotContain("whsec_", structured);
        foreach (var value in kept) Assert.Contains(value, text);
    }

    [Theory]
    [InlineData("list_webhooks", "{}")]
    [InlineData("get_webhook", """{"webhookId":"wh_1"}""")]
    [InlineData("update_webhook", """{"webhookId":"wh_1","url":"https://example.test/new"}""")]
    public async Task Conferbot_never_returns_a_signing_secret_from_list_get_or_update(string tool, string arguments)
    {
        var (upstream, server) = await StartAsync(ConferbotServer.Definition, new() { ["CONFERBOT_API_KEY"] = "cb_key" }, "CONFERBOT_API_URL");
        await using var _ = upstream;
        await using var __ = server;

        AssertNoSecret(await server.Client.CallJsonAsync(tool, arguments), "wh_1", "https://example.test/hook", "events");
    }

    [Fact]
    public async Task Conferbot_create_webhook_still_shows_the_secret_once()
    {
        var (upstream, server) = await StartAsync(ConferbotServer.Definition, new() { ["CONFERBOT_API_KEY"] = "cb_key" }, "CONFERBOT_API_URL");
        await using var _ = upstream;
        await using var __ = server;

        var created = await server.Client.CallJsonAsync("create_webhook", """{"url":"https://example.test/hook","events":["response.created"]}""");
        Assert.Contains("whsec_LEAK", created.Text());
    }

    [Theory]
    [InlineData("list_webhooks", "{}")]
    [InlineData("update_webhook", """{"webhookId":"wh_1","name":"renamed"}""")]
    public async Task LinkTime_never_returns_a_signing_secret_after_creation(string tool, string arguments)
    {
        var (upstream, server) = await StartAsync(LinktimeServer.Definition, new() { ["LINKTIME_API_KEY"] = "lt_live_test" }, "LINKTIME_BASE_URL");
        await using var _ = upstream;
        await using var __ = server;

        AssertNoSecret(await server.Client.CallJsonAsync(tool, arguments), "wh_1");
    }
}
