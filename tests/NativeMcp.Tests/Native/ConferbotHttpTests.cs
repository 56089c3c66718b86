using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.Native;

/// <summary>
/// The native Conferbot binary serving its seed endpoint (POST /api/v1/mcp, x-api-key) over Streamable HTTP:
/// the NativeAOT HTTP path itself, and a SIGTERM that lets an in-flight call finish.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.Native)]
public sealed class ConferbotHttpTests
{
    private static async Task<(Process Server, int Port)> StartAsync(string upstreamUrl)
    {
        var binary = NativeBinary.ConferbotPath();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["CONFERBOT_API_KEY"] = "cb_upstream_key";
        start.Environment["CONFERBOT_API_URL"] = upstreamUrl;
        start.Environment["MCP_HTTP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CONFERBOT_MCP_KEYS"] = "team-a:mk_team_a_key:read,write";
        var server = Process.Start(start)!;
        using var http = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if (await http.GetStringAsync($"http://127.0.0.1:{port}/healthz") == "ok") return (server, port);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
            }
        }
        server.Kill();
        throw new InvalidOperationException("the native server did not answer /healthz");
    }

    private static HttpRequestMessage Post(int port, string body, string? key = "mk_team_a_key")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/api/v1/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (key is not null) request.Headers.Add("x-api-key", key);
        return request;
    }

    [Fact]
    public async Task Serves_the_seeds_endpoint_because_MCP_HTTP_PORT_is_set_and_checks_the_key()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var (server, port) = await StartAsync(upstream.BaseUrl);
        try
        {
            using var http = new HttpClient();
            using var denied = await http.SendAsync(Post(port, """{"jsonrpc":"2.0","method":"tools/list","id":1}""", key: null));
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);

            using var listed = await http.SendAsync(Post(port, """{"jsonrpc":"2.0","method":"tools/list","id":1}"""));
            var text = await listed.Content.ReadAsStringAsync();
            var data = text.Split('\n').Last(l => l.StartsWith("data:", StringComparison.Ordinal))[5..];
            using var message = JsonDocument.Parse(data);
            // read + write scopes: every tool of the seed but the delete_* ones (admin).
            Assert.Equal(
                NativeMcp.Tests.EndToEnd.SeedSpecTests.ConferbotTools.Where(t => !t.StartsWith("delete_", StringComparison.Ordinal)),
                message.RootElement.GetProperty("result").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        }
        finally
        {
            server.Kill();
        }
    }

    [Fact]
    public async Task Sigterm_lets_the_in_flight_call_finish_then_exits_zero()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = _ => FakeResponse.Json("""{"id":"bot_1","name":"Slow Bot"}""") with { Delay = TimeSpan.FromSeconds(1.5) };
        var (server, port) = await StartAsync(upstream.BaseUrl);
        using var http = new HttpClient();
        var call = http.SendAsync(Post(port, """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_chatbot","arguments":{"chatbotId":"bot_1"}},"id":7}"""));
        await NativeMcp.Tests.EndToEnd.FaultTests.WaitUntilAsync(() => upstream.Requests.Count == 1);

        Process.Start("kill", "-TERM " + server.Id).WaitForExit();
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Slow Bot", body);
        Assert.Empty(upstream.Aborted);
        Assert.Equal(0, server.ExitCode);
    }
}
