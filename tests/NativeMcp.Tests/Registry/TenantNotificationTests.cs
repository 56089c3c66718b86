using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Registry;
using NativeMcp.Tests.Gateway;
using NativeMcp.Tests.Sql;
using Npgsql;
using Xunit;

namespace NativeMcp.Tests.Registry;

/// <summary>
/// A tenant's assistant is the real SDK client over Streamable HTTP: the tenant endpoint gives it a session, the client
/// opens its GET stream, and an admin change that alters the tenant's tool set arrives there as
/// <c>notifications/tools/list_changed</c>; another tenant's sessions hear nothing. The registry is Specs/hosted.yaml
/// on Kestrel at 127.0.0.1 with the FakeMcpServer fixture registered as the servers.
/// </summary>
public sealed class TenantNotificationTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tenant-notify-").FullName;
    private RegistryTestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await RegistryTestServer.StartAsync(RegistryTestServer.Environment(Path.Combine(_folder, "registry.db")), NativeMcp.Generated.Hosted.HostedServer.Definition);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_session_is_told_when_its_tool_set_changes_and_another_tenants_session_is_not()
    {
        var calendar = await Tenants.RegisterAsync(_server, "Calendar");
        var github = await Tenants.RegisterAsync(_server, "GitHub");
        await Tenants.EnableAsync(_server, "tenant_abc123", calendar);
        await Tenants.EnableAsync(_server, "tenant_def456", github);
        await using var a = await Listener.ConnectAsync(_server, "tenant_abc123", "tenant-key-a");
        await using var b = await Listener.ConnectAsync(_server, "tenant_def456", "tenant-key-b");
        Assert.Equal([calendar + "__echo"], (await a.Client.ListToolsAsync()).Select(t => t.Name).Where(n => n.EndsWith("__echo", StringComparison.Ordinal)));

        // A PATCH of a server only tenant A has.
        Assert.Equal(200, (await _server.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + calendar, "{\"name\":\"Calendar 2\"}")).Status);
        await a.NextAsync();
        Assert.All(await a.Client.ListToolsAsync(), t => Assert.StartsWith("[Calendar 2] ", t.Description));
        await b.NothingAsync();

        // A tenant PATCH of tenant B only; then a server both have is disabled globally: both are told.
        await Tenants.EnableAsync(_server, "tenant_def456", github, calendar);
        await b.NextAsync();
        Assert.Contains(await b.Client.ListToolsAsync(), t => t.Name == calendar + "__echo");
        await a.NothingAsync();
        Assert.Equal(200, (await _server.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + calendar, "{\"enabled\":false}")).Status);
        await Task.WhenAll(a.NextAsync(), b.NextAsync());
        Assert.DoesNotContain(await a.Client.ListToolsAsync(), t => t.Name.StartsWith(calendar, StringComparison.Ordinal));

        // A change that alters nobody's tool set (a disabled server's description) tells nobody; a new server no
        // tenant has enabled neither; the delete of tenant B's server tells B.
        Assert.Equal(200, (await _server.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + calendar, "{\"description\":\"still off\"}")).Status);
        await Tenants.RegisterAsync(_server, "Unused");
        Assert.Equal(200, (await _server.CallAsync(HttpMethod.Delete, "/api/mcp-servers/" + github)).Status);
        await b.NextAsync();
        await a.NothingAsync();
        Assert.Equal(2, a.Count);
        Assert.Equal(3, b.Count);
    }

    [Fact]
    public async Task A_2026_07_28_client_is_told_down_its_subscriptions_listen_stream_and_only_for_its_tenant()
    {
        var calendar = await Tenants.RegisterAsync(_server, "Calendar");
        var github = await Tenants.RegisterAsync(_server, "GitHub");
        await Tenants.EnableAsync(_server, "tenant_abc123", calendar);
        await Tenants.EnableAsync(_server, "tenant_def456", github);
        await using var a = await Listener.ConnectAsync(_server, "tenant_abc123", "tenant-key-a", Listener.Stateless);
        await using var b = await Listener.ConnectAsync(_server, "tenant_def456", "tenant-key-b", Listener.Stateless);
        // A client of the earlier revision on the same tenant is told too, down its session's GET stream.
        await using var legacy = await Listener.ConnectAsync(_server, "tenant_abc123", "tenant-key-a");
        Assert.Equal(0, _server.Sessions.CountOf("tenant_def456"));
        Assert.Contains(await a.Client.ListToolsAsync(), t => t.Name == calendar + "__echo");

        Assert.Equal(200, (await _server.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + calendar, "{\"enabled\":false}")).Status);
        await a.NextAsync(_server.Log);
        await legacy.NextAsync(_server.Log);
        Assert.DoesNotContain(await a.Client.ListToolsAsync(), t => t.Name.StartsWith(calendar, StringComparison.Ordinal));
        await b.NothingAsync();

        // Each notification names its listen: the id the acknowledgement carried (SEP-2575's _meta subscriptionId).
        var acknowledged = (await a.Acknowledged)?["_meta"]?[ModelContextProtocol.Protocol.MetaKeys.SubscriptionId]?.ToJsonString();
        Assert.NotNull(acknowledged);
        Assert.Equal([acknowledged], a.SubscriptionIds);
        Assert.Equal([null], legacy.SubscriptionIds);

        // A rename of tenant B's server changes the descriptions B's tools/list shows: B is told, A is not.
        Assert.Equal(200, (await _server.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + github, "{\"name\":\"GitHub 2\"}")).Status);
        await b.NextAsync();
        await a.NothingAsync();
        Assert.Equal(1, a.Count);
        Assert.Equal(1, b.Count);
    }

    [Fact]
    public async Task A_listen_that_asks_for_nothing_sent_here_is_answered_at_once_and_a_closed_one_is_let_go()
    {
        await using var listener = await Listener.ConnectAsync(_server, "tenant_abc123", "tenant-key-a", Listener.Stateless);
        Assert.Equal(1, _server.Listens.CountOf("tenant_abc123"));

        // Prompts and resources are not served here: nothing is granted and the request is answered, not held.
        await using var other = await McpClientFor("tenant-key-a");
        var acknowledged = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var handler = other.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (n, _) =>
        {
            acknowledged.TrySetResult(n.Params);
            return ValueTask.CompletedTask;
        });
        await other.SendRequestAsync(new JsonRpcRequest
        {
            Method = RequestMethods.SubscriptionsListen,
            Params = JsonSerializer.SerializeToNode(new SubscriptionsListenRequestParams { Notifications = new() { PromptsListChanged = true, ResourcesListChanged = true } }, ModelContextProtocol.McpJsonUtilities.DefaultOptions),
        }).WaitAsync(TimeSpan.FromSeconds(30));
        var granted = (await acknowledged.Task.WaitAsync(TimeSpan.FromSeconds(30)))?["notifications"]?.AsObject();
        Assert.NotNull(granted);
        Assert.Empty(granted);
        Assert.Equal(1, _server.Listens.CountOf("tenant_abc123"));

        // A client that takes only JSON cannot be streamed to: a clear 406, not a response held open forever.
        using var http = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, TenantEndpoint.Path)
        {
            Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{\"toolsListChanged\":true},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", "tenant-key-a");
        request.Headers.Add("Accept", "application/json");
        using var refused = await http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(406, (int)refused.StatusCode);
        Assert.Contains("text/event-stream", await refused.Content.ReadAsStringAsync());

        // The client closing its listen ends it here.
        await listener.DisposeAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (_server.Listens.CountOf("tenant_abc123") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the registry still holds a listen its client closed");
            await Task.Delay(20);
        }
    }

    private Task<McpClient> McpClientFor(string key) => McpClient.CreateAsync(
        new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(_server.BaseUrl + TenantEndpoint.Path),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["x-api-key"] = key },
        }),
        new McpClientOptions { ProtocolVersion = Listener.Stateless });

    [Fact]
    public async Task Plain_posts_stay_stateless_and_a_session_another_process_holds_is_answered_without_it()
    {
        var calendar = await Tenants.RegisterAsync(_server, "Calendar");
        await Tenants.EnableAsync(_server, "tenant_abc123", calendar);
        using var http = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };

        // No session header, not initialize: answered at once by a stateless server, no session opened.
        var list = await Tenants.PostAsync(http, "tenant-key-a", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        Assert.Equal(200, (int)list.StatusCode);
        Assert.False(list.Headers.Contains(TenantSessions.SessionHeader));
        Assert.Contains(calendar + "__echo", await list.Content.ReadAsStringAsync());
        Assert.Equal(0, _server.Sessions.CountOf("tenant_abc123"));

        // A session id this process never issued (another process's): the POST is still answered, statelessly.
        var elsewhere = await Tenants.PostAsync(http, "tenant-key-a", "0123456789abcdef0123456789abcdef", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        Assert.Equal(200, (int)elsewhere.StatusCode);
        Assert.Contains(calendar + "__echo", await elsewhere.Content.ReadAsStringAsync());

        // An SSE initialize opens one; another tenant's key cannot use it: its stream is "not found".
        var init = await Tenants.PostAsync(http, "tenant-key-a", null,
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        Assert.Equal(200, (int)init.StatusCode);
        var id = Assert.Single(init.Headers.GetValues(TenantSessions.SessionHeader));
        Assert.Contains("\"listChanged\":true", await init.Content.ReadAsStringAsync());
        Assert.Equal(1, _server.Sessions.CountOf("tenant_abc123"));
        using var stolen = new HttpRequestMessage(HttpMethod.Get, TenantEndpoint.Path);
        stolen.Headers.Add("x-api-key", "tenant-key-b");
        stolen.Headers.Add(TenantSessions.SessionHeader, id);
        stolen.Headers.Add("Accept", "text/event-stream");
        Assert.Equal(404, (int)(await http.SendAsync(stolen)).StatusCode);
        using var end = new HttpRequestMessage(HttpMethod.Delete, TenantEndpoint.Path);
        end.Headers.Add("x-api-key", "tenant-key-a");
        end.Headers.Add(TenantSessions.SessionHeader, id);
        Assert.Equal(200, (int)(await http.SendAsync(end)).StatusCode);
        Assert.Equal(0, _server.Sessions.CountOf("tenant_abc123"));
    }
}

/// <summary>
/// A tenant's SDK client listening for list_changed, counting the ones it receives: on 2025-11-25 with its session's
/// GET stream open, on 2026-07-28 (no sessions) with a <c>subscriptions/listen</c> request held open, sent through
/// the SDK client's own request path, so its per-request metadata and its stream handling are the SDK's.
/// </summary>
internal sealed class Listener : IAsyncDisposable
{
    public const string Legacy = "2025-11-25";
    public const string Stateless = "2026-07-28";
    // Generous: a positive wait ends as soon as the notification arrives, and a loaded CI machine polls late.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private readonly SemaphoreSlim _received = new(0);
    private readonly CancellationTokenSource _stopListening = new();
    private readonly TaskCompletionSource<JsonNode?> _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<JsonNode?> _subscriptionIds = [];
    private Task? _listen;
    private int _count;
    private int _disposed;

    private Listener()
    {
    }

    public McpClient Client { get; private set; } = null!;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The <c>_meta</c> subscription id of each notification received (null on a session's GET stream).</summary>
    public IReadOnlyList<string?> SubscriptionIds
    {
        get
        {
            lock (_subscriptionIds) return _subscriptionIds.Select(i => i?.ToJsonString()).ToList();
        }
    }

    /// <summary>The params of the listen's <c>notifications/subscriptions/acknowledged</c>.</summary>
    public Task<JsonNode?> Acknowledged => _acknowledged.Task;

    public static async Task<Listener> ConnectAsync(RegistryTestServer server, string tenant, string key, string protocol = Legacy)
    {
        var listener = new Listener();
        listener.Client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(server.BaseUrl + TenantEndpoint.Path),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["x-api-key"] = key },
            }),
            new McpClientOptions
            {
                ProtocolVersion = protocol,
                Handlers = new McpClientHandlers
                {
                    NotificationHandlers =
                    [
                        new(NotificationMethods.ToolListChangedNotification, (notification, _) =>
                        {
                            lock (listener._subscriptionIds) listener._subscriptionIds.Add(SubscriptionId(notification));
                            Interlocked.Increment(ref listener._count);
                            listener._received.Release();
                            return ValueTask.CompletedTask;
                        }),
                        new(NotificationMethods.SubscriptionsAcknowledgedNotification, (notification, _) =>
                        {
                            listener._acknowledged.TrySetResult(notification.Params);
                            return ValueTask.CompletedTask;
                        }),
                    ],
                },
            });
        Assert.Equal(protocol, listener.Client.NegotiatedProtocolVersion);
        Assert.True(listener.Client.ServerCapabilities.Tools?.ListChanged == true, "the tenant endpoint does not announce tools.listChanged: " + JsonSerializer.Serialize(listener.Client.ServerCapabilities, ModelContextProtocol.McpJsonUtilities.DefaultOptions) + " " + listener.Client.NegotiatedProtocolVersion);
        var deadline = DateTime.UtcNow + Patience;
        if (protocol == Legacy)
        {
            // The client opens its GET stream on its own after initialize: a change is only heard once it is open.
            while (server.Sessions.StreamsOf(tenant) < server.Sessions.CountOf(tenant) || server.Sessions.CountOf(tenant) == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the SDK client did not open its GET stream");
                await Task.Delay(20);
            }
            return listener;
        }
        var before = server.Listens.CountOf(tenant);
        listener._listen = listener.ListenAsync(new SubscriptionsListenNotifications { ToolsListChanged = true });
        var acknowledged = await listener.Acknowledged.WaitAsync(Patience);
        Assert.True(acknowledged?["notifications"]?["toolsListChanged"]?.GetValue<bool>() == true, "the listen was not granted toolsListChanged: " + acknowledged?.ToJsonString());
        while (server.Listens.CountOf(tenant) <= before)
        {
            Assert.True(DateTime.UtcNow < deadline, "the registry does not hold the listen");
            await Task.Delay(20);
        }
        return listener;
    }

    /// <summary>Sends <c>subscriptions/listen</c> through the SDK client; the task ends when the server answers it.</summary>
    public Task ListenAsync(SubscriptionsListenNotifications notifications) =>
        Client.SendRequestAsync(new JsonRpcRequest
        {
            Method = RequestMethods.SubscriptionsListen,
            Params = JsonSerializer.SerializeToNode(new SubscriptionsListenRequestParams { Notifications = notifications }, ModelContextProtocol.McpJsonUtilities.DefaultOptions),
        }, _stopListening.Token);

    private static JsonNode? SubscriptionId(JsonRpcNotification notification) =>
        notification.Params?["_meta"]?[MetaKeys.SubscriptionId]?.DeepClone();

    public async Task NextAsync(StringWriter? log = null) =>
        Assert.True(await _received.WaitAsync(Patience), "no notifications/tools/list_changed within " + Patience.TotalSeconds + " s" + (log is null ? "" : "; the registry logged:\n" + log));

    /// <summary>Nothing arrives within three polls of the watch (a wrong notification would come with the right ones).</summary>
    public async Task NothingAsync() =>
        Assert.False(await _received.WaitAsync(TenantChangeWatch.Interval * 3), "a notifications/tools/list_changed this tenant should not have received");

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopListening.CancelAsync();
        if (_listen is not null)
        {
            try
            {
                await _listen;
            }
            catch (OperationCanceledException)
            {
                // Closing the listen's response is how a client ends it.
            }
        }
        await Client.DisposeAsync();
        _received.Dispose();
        _stopListening.Dispose();
    }
}

/// <summary>Admin-side steps the notification tests share.</summary>
internal static class Tenants
{
    public static async Task<string> RegisterAsync(RegistryTestServer server, string name)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = name,
            ["command"] = "dotnet",
            ["args"] = new[] { FakeMcp.Dll, "--name", name, "--lifetime", "120" },
        });
        var (status, reply) = await server.CallAsync(HttpMethod.Post, "/api/mcp-servers", body);
        Assert.True(status == 201, "create answered " + status + ": " + reply);
        return reply.GetProperty("data").GetProperty("id").GetString()!;
    }

    public static async Task EnableAsync(RegistryTestServer server, string tenant, params string[] serverIds)
    {
        var (status, reply) = await server.CallAsync(HttpMethod.Patch, "/api/tenants/" + tenant,
            JsonSerializer.Serialize(new { settings = new { enabledMcpServers = serverIds } }));
        Assert.True(status == 200, "tenant PATCH answered " + status + ": " + reply);
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient http, string key, string? session, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TenantEndpoint.Path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", key);
        request.Headers.Add("Accept", "application/json, text/event-stream");
        if (session is not null) request.Headers.Add(TenantSessions.SessionHeader, session);
        return http.SendAsync(request);
    }
}
