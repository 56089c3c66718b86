using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Registry;
using NativeMcp.Tests.Gateway;
using NativeMcp.Tests.Infrastructure;
using NativeMcp.Tests.Native;
using NativeMcp.Tests.Registry;
using Xunit;

namespace NativeMcp.Tests.Browser;

/// <summary>
/// The registry's admin page in a real headless Chromium against the registry on Kestrel at 127.0.0.1 (the hosted
/// fixture spec, which allows <c>dotnet</c> so the FakeMcpServer fixture can be registered): log in with the key, add a
/// server, enable it for a tenant, call its tools as that tenant with the SDK client, see the calls in the log, filter
/// them by status, tool and date, expand one. The screenshot it takes goes to artifacts/screenshots/, and to docs/admin-page.png with NATIVEMCP_UPDATE_SCREENSHOTS=1.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Browser)]
public sealed class AdminPageBrowserTests : IAsyncLifetime
{
    // Generous: two cores shared by several builds; every wait polls the DOM and ends as soon as the state is there.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const string Tenant = "tenant_abc123";
    private const string TenantKey = "tenant-key-a";
    private const string Secret = "tok-calendar-0123456789";

    private readonly string _folder = Directory.CreateTempSubdirectory("adminpage-browser-").FullName;
    private RegistryTestServer _server = null!;
    private HeadlessChromium _browser = null!;

    public async Task InitializeAsync()
    {
        _server = await RegistryTestServer.StartAsync(RegistryTestServer.Environment(Path.Combine(_folder, "registry.db")), NativeMcp.Generated.Hosted.HostedServer.Definition);
        _browser = await HeadlessChromium.StartAsync(Timeout);
    }

    public async Task DisposeAsync()
    {
        // The browser first, whatever happened: its process tree must not outlive the test.
        if (_browser is not null) await _browser.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Task WaitAsync(string condition, string what) => _browser.WaitForAsync(condition, Timeout, what);

    private async Task<int> CountAsync(string selector) => (await _browser.EvaluateAsync("document.querySelectorAll(" + HeadlessChromium.Js(selector) + ").length"))!.GetValue<int>();

    private async Task<string> TextAsync(string selector) => (await _browser.EvaluateAsync("(document.querySelector(" + HeadlessChromium.Js(selector) + ") || {}).textContent || ''"))!.GetValue<string>();

    [Fact]
    public async Task An_admin_logs_in_adds_a_server_enables_it_for_a_tenant_and_sees_and_filters_the_tenants_calls()
    {
        await _browser.NavigateAsync(_server.BaseUrl + "/admin", Timeout);
        await WaitAsync("!document.getElementById('login').hidden && document.getElementById('app').hidden", "the login form");

        // A wrong key: refused, and still nothing of the registry on the page.
        var (created, reply) = await _server.CallAsync(HttpMethod.Post, "/api/mcp-servers", "{\"name\":\"Existing\",\"command\":\"dotnet\",\"args\":[\"--version\"],\"enabled\":false}");
        Assert.True(created == 201, reply.ToString());
        await _browser.TypeAsync("#admin-key", "not-the-key");
        await _browser.ClickAsync("#login-form button[type=submit]");
        await WaitAsync("document.getElementById('login-error').textContent.length > 0", "the refusal");
        Assert.Equal("That admin key is not accepted.", await TextAsync("#login-error"));
        Assert.Equal(0, await CountAsync("#server-rows tr"));
        Assert.Null(await _browser.EvaluateAsync("sessionStorage.getItem('nativemcp.adminKey')"));

        await _browser.TypeAsync("#admin-key", RegistryTestServer.AdminKey);
        await _browser.ClickAsync("#login-form button[type=submit]");
        await WaitAsync("!document.getElementById('app').hidden && document.querySelector('#server-rows tr[data-server-id]')", "the servers after logging in");
        Assert.Equal(RegistryTestServer.AdminKey, (await _browser.EvaluateAsync("sessionStorage.getItem('nativemcp.adminKey')"))!.GetValue<string>());

        // Add a server through the form: the fixture, with a secret env value.
        await _browser.TypeAsync("#server-name", "Calendar");
        await _browser.TypeAsync("#server-description", "Manage calendar events");
        await _browser.TypeAsync("#server-command", "dotnet");
        await _browser.TypeAsync("#server-args", string.Join("\n", FakeMcp.Dll, "--name", "Calendar", "--lifetime", "120"));
        await _browser.TypeAsync("#server-env", "FAKE_API_TOKEN=" + Secret + "\nREGION=eu-west-1");
        await _browser.ClickAsync("#server-save");
        await WaitAsync("document.querySelectorAll('#server-rows tr[data-server-id]').length === 2", "the new server's row");
        var servers = (await _server.CallAsync(HttpMethod.Get, "/api/mcp-servers")).Body.GetProperty("data").EnumerateArray().ToArray();
        var calendar = servers.Single(s => s.GetProperty("name").GetString() == "Calendar").GetProperty("id").GetString()!;
        var row = "#server-rows tr[data-server-id=" + HeadlessChromium.Js(calendar) + "]";
        var env = await TextAsync(row + " td.env");
        Assert.Contains("FAKE_API_TOKEN=***", env);
        Assert.Contains("REGION=eu-west-1", env);
        Assert.DoesNotContain(Secret, (await _browser.EvaluateAsync("document.documentElement.outerHTML"))!.GetValue<string>());

        // Disable and enable again from its row.
        await _browser.ClickAsync(row + " button.toggle");
        await WaitAsync("document.querySelector(" + HeadlessChromium.Js(row + " button.toggle") + ").textContent === 'Enable'", "the server disabled");
        Assert.False((await _server.CallAsync(HttpMethod.Get, "/api/mcp-servers/" + calendar)).Body.GetProperty("data").GetProperty("enabled").GetBoolean());
        await _browser.ClickAsync(row + " button.toggle");
        await WaitAsync("document.querySelector(" + HeadlessChromium.Js(row + " button.toggle") + ").textContent === 'Disable'", "the server enabled");

        // Enable it for the tenant.
        await _browser.ClickAsync("button.tab[data-tab=tenants]");
        var box = "#tenant-" + Tenant + "-" + calendar;
        await WaitAsync("!document.getElementById('tenants').hidden && document.querySelector(" + HeadlessChromium.Js(box) + ")", "the tenant's server list");
        await _browser.ClickAsync(box);
        await _browser.ClickAsync("form[data-tenant-id=" + Tenant + "] button[type=submit]");
        await WaitAsync("document.getElementById('status').textContent === 'Saved the servers of " + Tenant + ".'", "the tenant saved");
        var enabled = (await _server.CallAsync(HttpMethod.Get, "/api/tenants/" + Tenant)).Body.GetProperty("data").GetProperty("settings").GetProperty("enabledMcpServers");
        Assert.Equal(calendar, Assert.Single(enabled.EnumerateArray()).GetString());

        // The tenant's assistant calls two tools: one answers, one fails.
        await using (var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(_server.BaseUrl + TenantEndpoint.Path),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["x-api-key"] = TenantKey },
        })))
        {
            var echo = await client.CallToolAsync(calendar + "__echo", new Dictionary<string, object?> { ["text"] = "hello from the browser test" });
            Assert.True(echo.IsError != true, string.Join(" ", echo.Content.OfType<TextContentBlock>().Select(t => t.Text)));
            var fail = await client.CallToolAsync(calendar + "__fail", new Dictionary<string, object?>());
            Assert.True(fail.IsError);
        }

        // The call log, after a refresh.
        await _browser.ClickAsync("button.tab[data-tab=calls]");
        await WaitAsync("!document.getElementById('calls').hidden", "the call log");
        await _browser.ClickAsync("#calls-refresh");
        await WaitAsync("document.querySelectorAll('#call-rows tr[data-call-id]').length === 2", "both calls in the log");
        Assert.Equal("Page 1 of 1 (2 calls)", await TextAsync("#page-info"));
        Assert.Equal("error", await TextAsync("#call-rows tr[data-tool=fail] .badge"));
        Assert.Equal("ok", await TextAsync("#call-rows tr[data-tool=echo] .badge"));
        Assert.Equal("Calendar", await TextAsync("#call-rows tr[data-tool=echo] td:nth-child(4)"));
        Assert.Equal(Tenant, await TextAsync("#call-rows tr[data-tool=echo] td:nth-child(3)"));
        Assert.EndsWith(" ms", await TextAsync("#call-rows tr[data-tool=echo] td:nth-child(6)"));
        Assert.True((await _browser.EvaluateAsync("document.getElementById('auto-refresh').checked"))!.GetValue<bool>());

        // By status.
        await _browser.SelectAsync("#filter-status", "error");
        await _browser.ClickAsync("#filter-apply");
        await WaitAsync("document.querySelectorAll('#call-rows tr[data-call-id]').length === 1 && document.querySelector('#call-rows tr[data-call-id]').dataset.status === 'error'", "only the failed call");
        Assert.Equal("fail", await TextAsync("#call-rows tr[data-call-id] td:nth-child(5)"));

        // By tool.
        await _browser.SelectAsync("#filter-status", "");
        await _browser.TypeAsync("#filter-tool", "echo");
        await _browser.ClickAsync("#filter-apply");
        await WaitAsync("document.querySelectorAll('#call-rows tr[data-call-id]').length === 1 && document.querySelector('#call-rows tr[data-call-id]').dataset.tool === 'echo'", "only the echo call");

        // By date: a range that ended yesterday holds none of them.
        await _browser.EvaluateAsync("document.getElementById('filter-to').value = '2000-01-01T00:00'");
        await _browser.ClickAsync("#filter-apply");
        await WaitAsync("document.getElementById('page-info').textContent === 'No calls'", "no calls before 2000");
        await _browser.EvaluateAsync("document.getElementById('filter-to').value = ''");
        await _browser.TypeAsync("#filter-tool", "");
        await _browser.ClickAsync("#filter-apply");
        await WaitAsync("document.querySelectorAll('#call-rows tr[data-call-id]').length === 2", "both calls again");

        // Expand the echo call: its input and output, as text.
        await _browser.ClickAsync("#call-rows tr[data-tool=echo] summary");
        await WaitAsync("document.querySelector('#call-rows tr[data-tool=echo] details').open", "the expanded call");
        Assert.Contains("hello from the browser test", await TextAsync("#call-rows tr[data-tool=echo] pre.call-input"));
        Assert.Contains("failed on purpose", await TextAsync("#call-rows tr[data-tool=fail] pre.call-output"));

        var png = await _browser.ScreenshotAsync();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        // The docs' copy is replaced only when asked for (as snapshots are), so a test run leaves the tree clean;
        // every run keeps its own under artifacts/.
        var folder = System.Environment.GetEnvironmentVariable("NATIVEMCP_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(NativeBinary.RepoRoot(), "docs")
            : Path.Combine(NativeBinary.RepoRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "admin-page.png"), png);
    }
}
