using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.Data.Sqlite;
using NativeMcp.Tests.Generator;
using Xunit;

namespace NativeMcp.Tests.Registry;

/// <summary>
/// The admin page as HTTP serves it (the files compiled into the runtime, strict headers, no data without the key),
/// and registry.callLog.retention in the spec. The page's behaviour in a real browser: Browser/AdminPageBrowserTests.
/// </summary>
public sealed class AdminPageTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adminpage-tests-").FullName;
    private RegistryTestServer _server = null!;

    public async Task InitializeAsync() => _server = await RegistryTestServer.StartAsync(RegistryTestServer.Environment(Path.Combine(_folder, "registry.db")));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("/admin", "text/html")]
    [InlineData("/admin/", "text/html")]
    [InlineData("/admin/admin.js", "text/javascript")]
    [InlineData("/admin/admin.css", "text/css")]
    public async Task The_page_and_its_assets_are_served_without_the_key_with_strict_headers(string path, string type)
    {
        using var response = await _server.Client.GetAsync(path);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Length > 500, path + " is " + body.Length + " characters");
    }

    [Fact]
    public async Task The_html_has_no_inline_script_or_style_and_holds_no_data_and_the_script_never_writes_markup()
    {
        var html = await _server.Client.GetStringAsync("/admin");
        // Every <script> has a src and no body; no style attribute or element, no on* handler attribute.
        Assert.All(Regex.Matches(html, "<script[^>]*>(.*?)</script>", RegexOptions.Singleline), m => Assert.Equal("", m.Groups[1].Value));
        Assert.All(Regex.Matches(html, "<script[^>]*>"), m => Assert.Contains("src=\"/admin/admin.js\"", m.Value));
        Assert.DoesNotMatch(new Regex("<style|\\sstyle=|\\son[a-z]+=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);

        var id = await _server.CreateAsync("Page Probe", "{\"API_TOKEN\":\"tok-secret-value-99\"}");
        Assert.DoesNotContain(id, await _server.Client.GetStringAsync("/admin"));

        var script = await _server.Client.GetStringAsync("/admin/admin.js");
        Assert.DoesNotMatch(new Regex("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|eval\\(|new Function", RegexOptions.None), script);
        Assert.DoesNotContain("localStorage", script);
        Assert.Contains("sessionStorage", script);
        Assert.Contains("\"x-admin-key\"", script);
    }

    [Fact]
    public async Task Other_admin_paths_are_404_and_other_methods_405()
    {
        using var missing = await _server.Client.GetAsync("/admin/../api/mcp-servers");
        Assert.NotEqual(200, (int)missing.StatusCode);
        using var unknown = await _server.Client.GetAsync("/admin/secrets.json");
        Assert.Equal(404, (int)unknown.StatusCode);
        using var traversal = await _server.Client.GetAsync("/admin/%2e%2e%2fregistry.db");
        Assert.Equal(404, (int)traversal.StatusCode);
        using var post = await _server.Client.PostAsync("/admin", new StringContent("x"));
        Assert.Equal(405, (int)post.StatusCode);
        Assert.Equal("GET, HEAD", string.Join(", ", post.Content.Headers.Allow));
        using var head = await _server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/admin"));
        Assert.Equal(200, (int)head.StatusCode);
    }
}

/// <summary>registry.callLog.retention: compiled into the registry's settings; a bad value is NMCP010 at its line.</summary>
public sealed class AdminCallLogSpecTests
{
    private const string Spec = """
        nativemcp: 1
        server: { name: reg, version: 1.0.0, binary: reg-mcp }
        env:
          ADMIN: { secret: true }
          CRYPT: { secret: true }
          PORT: { default: "3000" }
        serve: { port: "${PORT}" }
        registry:
          adminKey: ${ADMIN}
          encryptionKey: ${CRYPT}
          commands: [npx]
          callLog:
            retention: 7d
        """;

    [Theory]
    [InlineData("7d", "global::System.TimeSpan.FromMinutes(10080)")]
    [InlineData("12h", "global::System.TimeSpan.FromMinutes(720)")]
    [InlineData("90m", "global::System.TimeSpan.FromMinutes(90)")]
    public void A_retention_compiles_into_the_settings(string retention, string emitted)
    {
        var (run, output) = GeneratorHarness.Run(Spec.Replace("retention: 7d", "retention: " + retention));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var code = string.Concat(run.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()));
        Assert.Contains("CallLogRetention = " + emitted + ",", code);
    }

    [Fact]
    public void Without_a_retention_the_runtime_default_of_thirty_days_applies()
    {
        var (run, _) = GeneratorHarness.Run(Spec.Replace("\n  callLog:\n    retention: 7d", ""));
        Assert.Empty(run.Diagnostics);
        Assert.DoesNotContain("CallLogRetention", string.Concat(run.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString())));
        Assert.Equal(TimeSpan.FromDays(30), new Runtime.Serving.RegistrySettings().CallLogRetention);
    }

    [Theory]
    [InlineData("7 days")]
    [InlineData("0d")]
    [InlineData("3651d")]
    [InlineData("1w")]
    [InlineData("30s")]
    [InlineData("-1d")]
    public void A_bad_retention_is_NMCP010_at_its_value(string retention)
    {
        var diagnostic = Assert.Single(GeneratorHarness.Diagnostics(Spec.Replace("retention: 7d", "retention: " + retention)));
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        Assert.Equal(("NMCP010", 13, 16), (diagnostic.Id, start.Line + 1, start.Character + 1));
        Assert.Contains("registry.callLog.retention", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains("7d", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_unknown_key_under_callLog_is_reported()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Diagnostics(Spec.Replace("retention: 7d", "retention: 7d\n    keep: forever")));
        Assert.Equal(14, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
    }
}
