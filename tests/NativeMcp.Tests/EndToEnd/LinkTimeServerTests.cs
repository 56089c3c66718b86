using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NativeMcp.Generated.Linktime;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>specs/linktime.yaml, compiled into this test assembly, against the seed document.</summary>
public sealed class LinkTimeServerTests : IAsyncLifetime
{
    /// <summary>The seed's Tools Reference: 32 tools in 10 domains, in its order.</summary>
    public static readonly (string Group, string[] Tools)[] SeedTools =
    [
        ("scheduling", ["list_event_types", "check_availability", "create_booking", "cancel_booking", "reschedule_booking"]),
        ("meetings", ["list_bookings", "get_booking"]),
        ("contacts", ["list_contacts", "get_contact", "create_contact", "update_contact", "delete_contact"]),
        ("communication", ["list_conversations", "list_call_history"]),
        ("context", ["get_me"]),
        ("event_management", ["create_event_type", "update_event_type", "delete_event_type"]),
        ("availability", ["get_availability_rules", "update_availability_rules", "list_availability_overrides", "create_availability_override", "delete_availability_override"]),
        ("settings", ["get_settings", "update_settings", "list_integrations"]),
        ("webhooks", ["list_webhooks", "create_webhook", "update_webhook", "delete_webhook"]),
        ("workflows", ["list_workflows", "create_workflow"]),
    ];

    private FakeUpstream _upstream = null!;
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _server = await InProcessServer.StartAsync(LinktimeServer.Definition, new Dictionary<string, string?>
        {
            ["LINKTIME_API_KEY"] = "lt_live_test",
            ["LINKTIME_BASE_URL"] = _upstream.BaseUrl,
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Tools_list_is_exactly_the_seeds_32_tools_with_their_domains()
    {
        var tools = await _server.Client.ListToolsAsync();

        Assert.Equal(SeedTools.SelectMany(g => g.Tools), tools.Select(t => t.Name));
        Assert.Equal(32, tools.Count);
        foreach (var (group, names) in SeedTools)
        {
            foreach (var name in names)
            {
                var tool = tools.Single(t => t.Name == name);
                Assert.Equal(group, tool.ProtocolTool.Meta!["nativemcp/group"]!.GetValue<string>());
                Assert.False(string.IsNullOrWhiteSpace(tool.Description));
            }
        }
    }

    [Fact]
    public void Server_info_matches_the_seed()
    {
        Assert.Equal("linktime", _server.Client.ServerInfo!.Name);
        Assert.Equal("LinkTime", _server.Client.ServerInfo.Title);
        Assert.Contains("check_availability", _server.Client.ServerInstructions ?? "");
        Assert.Equal("LinkTime MCP server running", LinktimeServer.Definition.StartupMessage);
    }

    [Fact]
    public async Task Check_availability_calls_the_api_with_bearer_key_and_default_days()
    {
        var result = await _server.Client.CallJsonAsync("check_availability", """{"eventTypeSlug":"30-minute-call","startDate":"2025-03-10"}""");

        Assert.NotEqual(true, result.IsError);
        var request = _upstream.Last;
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/event-types/30-minute-call/availability", request.Path);
        Assert.Equal("?startDate=2025-03-10&days=7", request.QueryString);
        Assert.Equal("Bearer lt_live_test", request.Header("Authorization"));
        Assert.Equal("linktime-mcp/1.0.0", request.Header("User-Agent"));
    }

    // The seed's Troubleshooting section: what "unauthorized", "not_found" and "rate_limited" must tell the user.

    [Fact]
    public async Task Unauthorized_says_the_key_may_be_invalid_or_expired()
    {
        _upstream.Respond = _ => FakeResponse.Json("""{"error":"unauthorized"}""", 401);
        var result = await _server.Client.CallJsonAsync("get_me");
        Assert.True(result.IsError);
        Assert.StartsWith("unauthorized:", result.Text());
        Assert.Contains("Your API key may be invalid or expired. Generate a new one at Settings -> API Keys.", result.Text());
    }

    [Fact]
    public async Task Not_found_on_create_booking_says_to_use_list_event_types_first()
    {
        _upstream.Respond = _ => FakeResponse.Json("""{"error":"not_found","message":"Event type not found"}""", 404);
        var result = await _server.Client.CallJsonAsync("create_booking",
            """{"eventTypeSlug":"nope","startTime":"2025-03-11T14:00:00Z","name":"Sarah Chen","email":"sarah@example.com"}""");
        Assert.True(result.IsError);
        Assert.StartsWith("not_found:", result.Text());
        Assert.Contains("Upstream said: \"Event type not found\"", result.Text());
        Assert.Contains("Use list_event_types first to find valid slugs.", result.Text());
    }

    [Fact]
    public async Task Rate_limited_says_the_limit_and_when_to_retry()
    {
        _upstream.Respond = _ => new FakeResponse(429, "application/json", """{"error":"rate_limited"}""",
            new Dictionary<string, string> { ["Retry-After"] = "12" });
        var result = await _server.Client.CallJsonAsync("list_bookings");
        Assert.True(result.IsError);
        Assert.StartsWith("rate_limited:", result.Text());
        Assert.Contains("Retry after 12 s.", result.Text());
        Assert.Contains("60 requests per minute", result.Text());
    }
}
