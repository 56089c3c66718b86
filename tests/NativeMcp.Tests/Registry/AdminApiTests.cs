using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Xunit;

namespace NativeMcp.Tests.Registry;

/// <summary>
/// The seed's admin API end to end, once per database (the subclasses): every endpoint and error code, masking in every
/// answer and in the log, encryption at rest, bad input refused with nothing stored, concurrent writes, restart
/// persistence, the schema on a fresh database.
/// </summary>
public abstract class AdminApiTests : IDisposable
{
    private const string SeedServer = """
        {
          "name": "Google Calendar",
          "description": "Manage Google Calendar events",
          "command": "npx",
          "args": ["-y", "@modelcontextprotocol/server-google-calendar"],
          "env": {
            "GOOGLE_CLIENT_ID": "123456.apps.googleusercontent.com",
            "GOOGLE_CLIENT_SECRET": "your-secret-value-0001",
            "GOOGLE_REFRESH_TOKEN": "ghp_refreshtoken0123456789"
          },
          "enabled": true
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("registry-tests-").FullName;

    /// <summary>The SQLite file (unused when <see cref="Postgres"/> gives a connection string).</summary>
    protected string DatabasePath => Path.Combine(_folder, "state", "registry.db");

    /// <summary>The PostgreSQL connection string of this test's own fresh database, or null for SQLite.</summary>
    protected abstract string? Postgres { get; }

    /// <summary>Every byte the database holds of the registry's tables, as it is stored.</summary>
    protected abstract Task<byte[]> StoredBytesAsync();

    /// <summary>The schema versions recorded, in order ("1,2,3,4").</summary>
    protected abstract Task<string> SchemaVersionsAsync();

    private protected Task<RegistryTestServer> StartAsync() => RegistryTestServer.StartAsync(RegistryTestServer.Environment(DatabasePath, Postgres));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    private static void AssertError(int status, JsonElement body, int expectedStatus, string code, string? field = null)
    {
        Assert.True(status == expectedStatus, "expected " + expectedStatus + ", got " + status + ": " + body);
        Assert.False(body.GetProperty("success").GetBoolean());
        var error = body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        if (field is not null) Assert.Equal(field, error.GetProperty("details").GetProperty("field").GetString());
    }

    private static void AssertMasked(JsonElement server)
    {
        var env = server.GetProperty("env");
        Assert.Equal("123456.apps.googleusercontent.com", env.GetProperty("GOOGLE_CLIENT_ID").GetString());
        Assert.Equal("***", env.GetProperty("GOOGLE_CLIENT_SECRET").GetString());
        Assert.Equal("ghp_***", env.GetProperty("GOOGLE_REFRESH_TOKEN").GetString());
        Assert.DoesNotContain("your-secret-value-0001", server.ToString());
        Assert.DoesNotContain("refreshtoken0123456789", server.ToString());
    }

    [Fact]
    public async Task Every_server_endpoint_answers_as_the_seed_documents_with_secrets_masked_in_every_answer()
    {
        await using var registry = await StartAsync();

        var (status, created) = await registry.CallAsync(HttpMethod.Post, "/api/mcp-servers", SeedServer);
        Assert.Equal(201, status);
        Assert.True(created.GetProperty("success").GetBoolean());
        var data = created.GetProperty("data");
        var id = data.GetProperty("id").GetString()!;
        Assert.Matches("^mcp_[0-9a-f]{20}$", id);
        Assert.Equal("Google Calendar", data.GetProperty("name").GetString());
        Assert.Equal("Manage Google Calendar events", data.GetProperty("description").GetString());
        Assert.Equal("npx", data.GetProperty("command").GetString());
        Assert.Equal(new[] { "-y", "@modelcontextprotocol/server-google-calendar" }, data.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.True(data.GetProperty("enabled").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", data.GetProperty("createdAt").GetString());
        AssertMasked(data);

        var (listStatus, list) = await registry.CallAsync(HttpMethod.Get, "/api/mcp-servers");
        Assert.Equal(200, listStatus);
        var listed = Assert.Single(list.GetProperty("data").EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetString());
        AssertMasked(listed);

        var (getStatus, single) = await registry.CallAsync(HttpMethod.Get, "/api/mcp-servers/" + id);
        Assert.Equal(200, getStatus);
        AssertMasked(single.GetProperty("data"));

        // The seed's PATCH, with the secrets sent back as they were shown: the stored values stay.
        var (patchStatus, patched) = await registry.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + id, """
            {"name":"Google Calendar (Updated)","enabled":false,"description":"Updated description",
             "env":{"GOOGLE_CLIENT_ID":"new-client-id","GOOGLE_CLIENT_SECRET":"***","GOOGLE_REFRESH_TOKEN":"ghp_***"}}
            """);
        Assert.Equal(200, patchStatus);
        var after = patched.GetProperty("data");
        Assert.Equal("Google Calendar (Updated)", after.GetProperty("name").GetString());
        Assert.False(after.GetProperty("enabled").GetBoolean());
        Assert.Equal("new-client-id", after.GetProperty("env").GetProperty("GOOGLE_CLIENT_ID").GetString());
        Assert.Equal("***", after.GetProperty("env").GetProperty("GOOGLE_CLIENT_SECRET").GetString());
        Assert.Equal(data.GetProperty("createdAt").GetString(), after.GetProperty("createdAt").GetString());
        var stored = await registry.Store.GetServerAsync(id, default);
        Assert.Equal("your-secret-value-0001", stored!.Env.Single(e => e.Key == "GOOGLE_CLIENT_SECRET").Value);
        Assert.Equal("ghp_refreshtoken0123456789", stored.Env.Single(e => e.Key == "GOOGLE_REFRESH_TOKEN").Value);

        // The seed's Example 4: only 'enabled'; everything else is kept.
        var (enableStatus, enabled) = await registry.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + id, "{\"enabled\":true}");
        Assert.Equal(200, enableStatus);
        Assert.True(enabled.GetProperty("data").GetProperty("enabled").GetBoolean());
        Assert.Equal("Google Calendar (Updated)", enabled.GetProperty("data").GetProperty("name").GetString());

        var (deleteStatus, deleted) = await registry.CallAsync(HttpMethod.Delete, "/api/mcp-servers/" + id);
        Assert.Equal(200, deleteStatus);
        Assert.Equal("MCP server deleted successfully", deleted.GetProperty("data").GetProperty("message").GetString());

        var missing = await registry.CallAsync(HttpMethod.Get, "/api/mcp-servers/" + id);
        AssertError(missing.Status, missing.Body, 404, "NOT_FOUND");
        Assert.Equal("MCP server not found", missing.Body.GetProperty("error").GetProperty("message").GetString());
        var deleteAgain = await registry.CallAsync(HttpMethod.Delete, "/api/mcp-servers/" + id);
        AssertError(deleteAgain.Status, deleteAgain.Body, 404, "NOT_FOUND");
        var patchMissing = await registry.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + id, "{\"enabled\":true}");
        AssertError(patchMissing.Status, patchMissing.Body, 404, "NOT_FOUND");

        // The log has a line per request and no secret, even of the create and patch bodies.
        var log = registry.Log.ToString();
        Assert.Contains("registry: POST /api/mcp-servers 201", log);
        Assert.DoesNotContain("your-secret-value-0001", log);
        Assert.DoesNotContain("refreshtoken0123456789", log);
        Assert.DoesNotContain(RegistryTestServer.AdminKey, log);
    }

    [Fact]
    public async Task Secret_marking_and_credential_urls_are_masked_and_a_masked_value_without_a_stored_one_is_refused()
    {
        await using var registry = await StartAsync();
        var (status, created) = await registry.CallAsync(HttpMethod.Post, "/api/mcp-servers", """
            {"name":"Warehouse","command":"node","args":["server.js"],
             "env":{"REGION":"eu-west-1","WAREHOUSE":"postgres://app:pa55word@db:5432/w","PLAIN":"visible"},"secretEnv":["REGION"]}
            """);
        Assert.Equal(201, status);
        var env = created.GetProperty("data").GetProperty("env");
        Assert.Equal("***", env.GetProperty("REGION").GetString());
        Assert.Equal("***", env.GetProperty("WAREHOUSE").GetString());
        Assert.Equal("visible", env.GetProperty("PLAIN").GetString());
        var id = created.GetProperty("data").GetProperty("id").GetString();

        var refused = await registry.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + id, "{\"env\":{\"NEW_TOKEN\":\"***\"}}");
        AssertError(refused.Status, refused.Body, 400, "VALIDATION_ERROR", "env.NEW_TOKEN");
        var notInEnv = await registry.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + id, "{\"secretEnv\":[\"ABSENT\"]}");
        AssertError(notInEnv.Status, notInEnv.Body, 400, "VALIDATION_ERROR", "secretEnv");
    }

    [Fact]
    public async Task Missing_or_wrong_admin_key_is_401_on_every_endpoint()
    {
        await using var registry = await StartAsync();
        var id = await registry.CreateAsync("Target");
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/mcp-servers"), (HttpMethod.Post, "/api/mcp-servers"), (HttpMethod.Get, "/api/mcp-servers/" + id),
            (HttpMethod.Patch, "/api/mcp-servers/" + id), (HttpMethod.Delete, "/api/mcp-servers/" + id),
            (HttpMethod.Get, "/api/tenants/tenant_abc123"), (HttpMethod.Patch, "/api/tenants/tenant_abc123"), (HttpMethod.Get, "/api/elsewhere"),
        })
        {
            foreach (var key in new[] { null, "", "wrong", RegistryTestServer.AdminKey + "x", "tenant-key-a" })
            {
                var (status, body) = await registry.CallAsync(method, path, method == HttpMethod.Get || method == HttpMethod.Delete ? null : "{\"enabled\":false}", key);
                AssertError(status, body, 401, "UNAUTHORIZED");
            }
        }
        var server = await registry.Store.GetServerAsync(id, default);
        Assert.True(server!.Enabled);
    }

    [Theory]
    [InlineData("{\"name\":\"A\",\"command\":\"npx\",\"args\":[]", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("", "body")]
    [InlineData("{\"name\":5,\"command\":\"npx\",\"args\":[]}", "name")]
    [InlineData("{\"command\":\"npx\",\"args\":[]}", "name")]
    [InlineData("{\"name\":\"A\",\"args\":[]}", "command")]
    [InlineData("{\"name\":\"A\",\"command\":\"npx\"}", "args")]
    [InlineData("{\"name\":\"A\",\"command\":\"npx\",\"args\":\"-y\"}", "args")]
    [InlineData("{\"name\":\"A\",\"command\":\"npx\",\"args\":[1]}", "args[0]")]
    [InlineData("{\"name\":\"A\",\"command\":\"npx\",\"args\":[],\"env\":[]}", "env")]
    [InlineData("{\"name\":\"A\",\"command\":\"npx\",\"args\":[],\"env\":{\"K\":1}}", "env.K")]
    [InlineData("{\"name\":\"A\",\"command\":\"npx\",\"args\":[],\"env\":{\"1BAD\":\"x\"}}", "env")]
    [InlineData("{\"name\":\"A\",\"command\":\"npx\",\"args\":[],\"enabled\":\"yes\"}", "enabled")]
    [InlineData("{\"name\":\"A\",\"command\":\"npx\",\"args\":[],\"owner\":\"tenant_abc123\"}", "owner")]
    [InlineData("{\"name\":\"A\",\"name\":\"B\",\"command\":\"npx\",\"args\":[]}", "name")]
    [InlineData("{\"name\":\"x'; DROP TABLE mcp_servers; --\",\"command\":\"npx\",\"args\":[]}", "name")]
    [InlineData("{\"name\":\"<script>alert(1)</script>\",\"command\":\"npx\",\"args\":[]}", "name")]
    [InlineData("{\"name\":\"\",\"command\":\"npx\",\"args\":[]}", "name")]
    public async Task Bad_create_bodies_are_400_naming_the_field_and_store_nothing(string body, string field)
    {
        await using var registry = await StartAsync();
        var (status, answer) = await registry.CallAsync(HttpMethod.Post, "/api/mcp-servers", body);
        AssertError(status, answer, 400, "VALIDATION_ERROR", field);
        Assert.Empty(await registry.Store.ListServersAsync(default));
    }

    [Fact]
    public async Task A_command_outside_the_allowlist_is_403_and_a_huge_body_413_and_nothing_is_stored()
    {
        await using var registry = await StartAsync();
        var forbidden = await registry.CallAsync(HttpMethod.Post, "/api/mcp-servers", "{\"name\":\"Shell\",\"command\":\"/bin/sh\",\"args\":[\"-c\",\"id\"]}");
        AssertError(forbidden.Status, forbidden.Body, 403, "FORBIDDEN", "command");
        Assert.Contains("npx, node, python, uvx", forbidden.Body.GetProperty("error").GetProperty("message").GetString());

        var id = await registry.CreateAsync("Allowed");
        var patch = await registry.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + id, "{\"command\":\"bash\"}");
        AssertError(patch.Status, patch.Body, 403, "FORBIDDEN", "command");

        var huge = "{\"name\":\"Huge\",\"command\":\"npx\",\"args\":[\"" + new string('a', 70_000) + "\"]}";
        var tooLarge = await registry.CallAsync(HttpMethod.Post, "/api/mcp-servers", huge);
        AssertError(tooLarge.Status, tooLarge.Body, 413, "VALIDATION_ERROR", "body");

        var servers = await registry.Store.ListServersAsync(default);
        Assert.Equal("npx", Assert.Single(servers).Command);
    }

    [Theory]
    [InlineData("/api/mcp-servers/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/mcp-servers/a;DROP TABLE mcp_servers")]
    [InlineData("/api/mcp-servers/a'--")]
    [InlineData("/api/mcp-servers/x/y")]
    [InlineData("/api/tenants/..%2Ftenant_abc123")]
    public async Task Ids_that_are_not_ids_are_400(string path)
    {
        await using var registry = await StartAsync();
        await registry.CreateAsync("Kept");
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Patch, HttpMethod.Delete })
        {
            var (status, body) = await registry.CallAsync(method, path, method == HttpMethod.Patch ? "{\"enabled\":false}" : null);
            AssertError(status, body, 400, "VALIDATION_ERROR", path.StartsWith("/api/tenants/", StringComparison.Ordinal) ? "tenantId" : "id");
        }
        Assert.True(Assert.Single(await registry.Store.ListServersAsync(default)).Enabled);
    }

    [Fact]
    public async Task A_duplicate_name_is_409_on_create_and_rename_whatever_its_case()
    {
        await using var registry = await StartAsync();
        await registry.CreateAsync("GitHub");
        var other = await registry.CreateAsync("Slack");
        var create = await registry.CallAsync(HttpMethod.Post, "/api/mcp-servers", "{\"name\":\"github\",\"command\":\"npx\",\"args\":[]}");
        AssertError(create.Status, create.Body, 409, "CONFLICT", "name");
        var rename = await registry.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + other, "{\"name\":\"GITHUB\"}");
        AssertError(rename.Status, rename.Body, 409, "CONFLICT", "name");
        Assert.Equal(new[] { "GitHub", "Slack" }, (await registry.Store.ListServersAsync(default)).Select(s => s.Name));
    }

    [Fact]
    public async Task Unknown_routes_are_404_and_wrong_methods_405()
    {
        await using var registry = await StartAsync();
        var unknown = await registry.CallAsync(HttpMethod.Get, "/api/servers");
        AssertError(unknown.Status, unknown.Body, 404, "NOT_FOUND");
        using var put = await registry.SendAsync(HttpMethod.Put, "/api/mcp-servers", "{}");
        Assert.Equal(405, (int)put.StatusCode);
        Assert.Equal("GET, POST", string.Join(", ", put.Content.Headers.Allow));
    }

    [Fact]
    public async Task Tenants_from_the_spec_enable_servers_and_a_deleted_server_leaves_their_lists()
    {
        await using var registry = await StartAsync();
        var calendar = await registry.CreateAsync("Google Calendar");
        var github = await registry.CreateAsync("GitHub");

        var (status, tenant) = await registry.CallAsync(HttpMethod.Get, "/api/tenants/tenant_abc123");
        Assert.Equal(200, status);
        Assert.Equal("tenant_abc123", tenant.GetProperty("data").GetProperty("id").GetString());
        Assert.Empty(tenant.GetProperty("data").GetProperty("settings").GetProperty("enabledMcpServers").EnumerateArray());

        var (patchStatus, patched) = await registry.CallAsync(HttpMethod.Patch, "/api/tenants/tenant_abc123",
            "{\"settings\":{\"enabledMcpServers\":[\"" + calendar + "\",\"" + github + "\"]}}");
        Assert.Equal(200, patchStatus);
        var data = patched.GetProperty("data");
        Assert.Equal(new[] { calendar, github }, data.GetProperty("settings").GetProperty("enabledMcpServers").EnumerateArray().Select(e => e.GetString()));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", data.GetProperty("updatedAt").GetString());
        // The other tenant is untouched.
        Assert.Empty((await registry.Store.GetTenantAsync("tenant_def456", default))!.EnabledServers);

        var unknownServer = await registry.CallAsync(HttpMethod.Patch, "/api/tenants/tenant_abc123", "{\"settings\":{\"enabledMcpServers\":[\"mcp_000\"]}}");
        AssertError(unknownServer.Status, unknownServer.Body, 400, "VALIDATION_ERROR", "settings.enabledMcpServers");
        var twice = await registry.CallAsync(HttpMethod.Patch, "/api/tenants/tenant_abc123", "{\"settings\":{\"enabledMcpServers\":[\"" + github + "\",\"" + github + "\"]}}");
        AssertError(twice.Status, twice.Body, 400, "VALIDATION_ERROR", "settings.enabledMcpServers[1]");
        var otherSetting = await registry.CallAsync(HttpMethod.Patch, "/api/tenants/tenant_abc123", "{\"settings\":{\"llm\":{}}}");
        AssertError(otherSetting.Status, otherSetting.Body, 400, "VALIDATION_ERROR", "settings.llm");
        var noTenant = await registry.CallAsync(HttpMethod.Get, "/api/tenants/tenant_zzz");
        AssertError(noTenant.Status, noTenant.Body, 404, "NOT_FOUND");
        var patchNoTenant = await registry.CallAsync(HttpMethod.Patch, "/api/tenants/tenant_zzz", "{\"settings\":{\"enabledMcpServers\":[]}}");
        AssertError(patchNoTenant.Status, patchNoTenant.Body, 404, "NOT_FOUND");
        Assert.Equal(new[] { calendar, github }, (await registry.Store.GetTenantAsync("tenant_abc123", default))!.EnabledServers);

        await registry.CallAsync(HttpMethod.Delete, "/api/mcp-servers/" + calendar);
        var (_, after) = await registry.CallAsync(HttpMethod.Get, "/api/tenants/tenant_abc123");
        Assert.Equal(new[] { github }, after.GetProperty("data").GetProperty("settings").GetProperty("enabledMcpServers").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Stored_bytes_do_not_contain_the_secrets_and_another_key_reads_nothing_but_a_bare_500()
    {
        await using (var registry = await StartAsync())
        {
            await registry.CallAsync(HttpMethod.Post, "/api/mcp-servers", SeedServer);
        }
        SqliteConnection.ClearAllPools();
        var text = Encoding.Latin1.GetString(await StoredBytesAsync());
        Assert.Contains("Google Calendar", text);
        Assert.DoesNotContain("your-secret-value-0001", text);
        Assert.DoesNotContain("refreshtoken0123456789", text);
        Assert.DoesNotContain("123456.apps.googleusercontent.com", text);

        var environment = RegistryTestServer.Environment(DatabasePath, Postgres);
        environment["REGISTRY_ENCRYPTION_KEY"] = "another-key-entirely";
        await using var wrongKey = await RegistryTestServer.StartAsync(environment);
        var (status, body) = await wrongKey.CallAsync(HttpMethod.Get, "/api/mcp-servers");
        AssertError(status, body, 500, "INTERNAL_ERROR");
        Assert.Equal("Internal server error", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("{}", body.GetProperty("error").GetProperty("details").ToString());
    }

    [Fact]
    public async Task State_survives_a_restart_and_a_fresh_database_gets_the_latest_schema_once()
    {
        string id;
        await using (var first = await StartAsync())
        {
            id = await first.CreateAsync("Persistent", "{\"API_TOKEN\":\"tok_persist_0123456789\"}");
            await first.CallAsync(HttpMethod.Patch, "/api/tenants/tenant_def456", "{\"name\":\"Acme Corp\",\"settings\":{\"enabledMcpServers\":[\"" + id + "\"]}}");
        }
        await using (var second = await StartAsync())
        {
            var server = await second.Store.GetServerAsync(id, default);
            Assert.Equal("Persistent", server!.Name);
            Assert.Equal("tok_persist_0123456789", server.Env.Single().Value);
            var tenant = await second.Store.GetTenantAsync("tenant_def456", default);
            Assert.Equal("Acme Corp", tenant!.Name);
            Assert.Equal(new[] { id }, tenant.EnabledServers);
            Assert.Equal(4, await second.Store.MigrateAsync(default));
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal("1,2,3,4", await SchemaVersionsAsync());
    }

    [Fact]
    public async Task Concurrent_admin_writes_are_all_kept_and_one_name_is_created_once()
    {
        await using var registry = await StartAsync();
        var distinct = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => registry.CallAsync(HttpMethod.Post, "/api/mcp-servers",
            "{\"name\":\"Server " + i + "\",\"command\":\"npx\",\"args\":[\"" + i + "\"]}")));
        Assert.All(distinct, r => Assert.Equal(201, r.Status));
        var same = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => registry.CallAsync(HttpMethod.Post, "/api/mcp-servers",
            "{\"name\":\"Contended\",\"command\":\"npx\",\"args\":[]}")));
        Assert.Equal(1, same.Count(r => r.Status == 201));
        Assert.Equal(19, same.Count(r => r.Status == 409));

        // Concurrent PATCHes of one server, each a different field: none is lost.
        var id = distinct[0].Body.GetProperty("data").GetProperty("id").GetString();
        await Task.WhenAll(
            registry.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + id, "{\"description\":\"patched\"}"),
            registry.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + id, "{\"enabled\":false}"),
            registry.CallAsync(HttpMethod.Patch, "/api/mcp-servers/" + id, "{\"args\":[\"changed\"]}"));
        var server = await registry.Store.GetServerAsync(id!, default);
        Assert.Equal("patched", server!.Description);
        Assert.False(server.Enabled);
        Assert.Equal(new[] { "changed" }, server.Args);
        Assert.Equal(41, (await registry.Store.ListServersAsync(default)).Count);
    }
}

public sealed class SqliteAdminApiTests : AdminApiTests
{
    protected override string? Postgres => null;

    protected override Task<byte[]> StoredBytesAsync() =>
        Task.FromResult(Directory.GetFiles(Path.GetDirectoryName(DatabasePath)!).SelectMany(File.ReadAllBytes).ToArray());

    protected override Task<string> SchemaVersionsAsync()
    {
        using var connection = new SqliteConnection("Data Source=" + DatabasePath);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(version) FROM (SELECT version FROM registry_schema ORDER BY version)";
        return Task.FromResult((string)command.ExecuteScalar()!);
    }
}

