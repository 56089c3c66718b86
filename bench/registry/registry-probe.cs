#:property PublishAot=false
#:property ImplicitUsings=enable
// The registry benchmark (bench/registry/README.md), run by `dotnet cake --target=BenchRegistry`:
//   dotnet run bench/registry/registry-probe.cs -- <registry-bench-mcp> <FakeMcpServer.dll> <results.md> [servers]
// For SQLite, then PostgreSQL (a private cluster this probe starts on 127.0.0.1 when the Debian binaries are there):
//   admin: register <servers> (default 1,000) servers through POST /api/mcp-servers, then GET /api/mcp-servers and
//     PATCH /api/mcp-servers/:id interleaved with GET /healthz (the HTTP floor), median and p99 per request;
//   children: 4 tenants that share 5 servers each call all 5; the registry's children are counted (goal: 5);
//   tenant MCP: 20 tenants x the same 5 servers, 16 keep-alive workers posting stateless tools/list, then tools/call
//     (echo), requests/s, with the CPU share of the registry, its children and this probe.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: registry-probe <registry-bench-mcp> <FakeMcpServer.dll> <results.md> [servers]");
    return 2;
}
var registry = args[0];
var fixture = args[1];
var results = args[2];
var count = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000;
var started = DateTime.UtcNow;
var rows = new List<string>();
var throughput = new List<string>();
var children = new List<string>();
var callLog = new List<string>();

foreach (var backend in new[] { "SQLite", "PostgreSQL" })
{
    await using var postgres = backend == "PostgreSQL" ? await Cluster.StartAsync() : null;
    if (backend == "PostgreSQL" && postgres is null)
    {
        rows.Add("| PostgreSQL | not measured: no PostgreSQL binaries under /usr/lib/postgresql | | | | | | |");
        continue;
    }
    var folder = Directory.CreateTempSubdirectory("registry-bench-").FullName;
    try
    {
        await using var server = await Registry.StartAsync(registry, folder, postgres?.ConnectionString);
        Console.Error.WriteLine($"{backend}: registering {count} servers");
        var create = new List<double>();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var body = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["name"] = "bench-" + i.ToString("D4", CultureInfo.InvariantCulture),
                ["command"] = "dotnet",
                ["args"] = new[] { fixture, "--name", "bench-" + i, "--lifetime", "600" },
                ["env"] = new Dictionary<string, string> { ["FAKE_API_TOKEN"] = "tok_bench_" + i + "_0123456789abcdef", ["REGION"] = "eu" },
                ["enabled"] = i < 5,
            });
            var (ms, json) = await server.AdminAsync(HttpMethod.Post, "/api/mcp-servers", body, 201);
            create.Add(ms);
            ids.Add(JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("id").GetString()!);
        }
        var list = new List<double>();
        var patch = new List<double>();
        var floor = new List<double>();
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            floor.Add(await server.HealthAsync());
            list.Add((await server.AdminAsync(HttpMethod.Get, "/api/mcp-servers", null, 200)).Ms);
            floor.Add(await server.HealthAsync());
            // Servers past the first five only: the five the tenants use keep their children.
            patch.Add((await server.AdminAsync(HttpMethod.Patch, "/api/mcp-servers/" + ids[5 + random.Next(ids.Count - 5)], "{\"description\":\"patched " + round + "\"}", 200)).Ms);
        }
        var load = Machine.Load();
        rows.Add($"| {backend} | {Stats.Format(list)} | {Stats.Format(create)} | {Stats.Format(patch)} | {Stats.Format(floor)} | {load} |");

        // Children: 4 tenants, the same 5 servers each, every tool called once by every tenant.
        var five = ids.Take(5).ToList();
        for (var t = 0; t < 20; t++) await server.AdminAsync(HttpMethod.Patch, "/api/tenants/tenant_" + t, JsonSerializer.Serialize(new { settings = new { enabledMcpServers = five } }), 200);
        for (var t = 0; t < 4; t++)
        {
            foreach (var id in five) await server.CallAsync(Registry.Key(t), id, "warm");
        }
        var fourTenantChildren = server.Children().Count;
        children.Add($"| {backend} | 4 tenants x 5 shared servers, every tool called by every tenant | {fourTenantChildren} |");

        var listRate = await Load.RunAsync(server, (worker, n) => server.PostAsync(Registry.Key(worker % 20), "{\"jsonrpc\":\"2.0\",\"id\":" + n + ",\"method\":\"tools/list\"}"));
        var callRate = await Load.RunAsync(server, (worker, n) => server.PostAsync(Registry.Key(worker % 20),
            "{\"jsonrpc\":\"2.0\",\"id\":" + n + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + five[n % 5] + "__echo\",\"arguments\":{\"text\":\"hi " + n + "\"}}}"));
        var twentyTenantChildren = server.Children().Count;
        children.Add($"| {backend} | 20 tenants x 5 shared servers, after the throughput runs | {twentyTenantChildren} |");
        throughput.Add($"| {backend} | {listRate.PerSecond:0} | {listRate.Failed} | {callRate.PerSecond:0} | {callRate.Failed} | list {listRate.Cpu}, call {callRate.Cpu} | {Machine.Load()} |");

        // The call log the throughput run wrote, paged as the admin page does: unfiltered, and by tool and tenant.
        var unfiltered = new List<double>();
        var byTool = new List<double>();
        var byTenant = new List<double>();
        long logged = 0;
        for (var round = 0; round < 100; round++)
        {
            var (ms, json) = await server.AdminAsync(HttpMethod.Get, "/api/calls?page=2", null, 200);
            unfiltered.Add(ms);
            logged = JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("total").GetInt64();
            byTool.Add((await server.AdminAsync(HttpMethod.Get, "/api/calls?tool=echo&page=2", null, 200)).Ms);
            byTenant.Add((await server.AdminAsync(HttpMethod.Get, "/api/calls?tenant=tenant_" + round % 20 + "&page=2", null, 200)).Ms);
        }
        callLog.Add($"| {backend} | {logged} | {Stats.Format(unfiltered)} | {Stats.Format(byTool)} | {Stats.Format(byTenant)} | {Machine.Load()} |");
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

var text = new StringBuilder();
text.AppendLine($"Written by `dotnet cake --target=BenchRegistry` (`bench/registry/registry-probe.cs`, see `bench/registry/README.md`). The NativeAOT binary of `bench/registry/registry-bench.yaml` (`specs/registry.yaml` with `dotnet` as its one allowed command) on 127.0.0.1; the registered servers are the FakeMcpServer fixture (`tests/Fixtures/FakeMcpServer`) under `dotnet`.");
text.AppendLine();
text.AppendLine($"- machine: {Environment.ProcessorCount} cores, {Machine.Cpu()}, {Environment.OSVersion}");
text.AppendLine($"- date: {started:yyyy-MM-dd HH:mm} UTC; load average (1, 5, 15 min) written beside each figure: the machine was shared with other builds");
text.AppendLine($"- admin API: one client, one request at a time; {count} servers registered (each timed: the create column), then 200 rounds of GET /api/mcp-servers (all {count}, env masked) and PATCH of a random server's description, each round with two GET /healthz (the floor: Kestrel and the loopback round trip, nothing of the registry)");
text.AppendLine("- tenant MCP: stateless POSTs (`Accept: application/json, text/event-stream`), 16 keep-alive workers, worker i as tenant i mod 20, each tenant with the same 5 servers enabled (5 children, not 100: one per server is the design), 1 s warm-up then 3 s measured; tools/call is the fixture's `echo` over the server's stdio child, round-robin over the 5 servers; every call is also written to the call log");
text.AppendLine("- CPU share: CPU time over wall time during the measured seconds (200% = both cores), for the registry / its 5 children / this probe (the load generator)");
text.AppendLine();
text.AppendLine("| database | GET list median / p99 | POST create median / p99 | PATCH median / p99 | GET /healthz floor median / p99 | load |");
text.AppendLine("|---|---|---|---|---|---|");
foreach (var row in rows) text.AppendLine(row);
text.AppendLine();
text.AppendLine("| database | tools/list requests/s | failed | tools/call requests/s | failed | CPU registry/children/probe | load |");
text.AppendLine("|---|---|---|---|---|---|---|");
foreach (var row in throughput) text.AppendLine(row);
text.AppendLine();
text.AppendLine("| database | calls in the log | GET /api/calls page 2 median / p99 | ?tool=echo page 2 | ?tenant= page 2 | load |");
text.AppendLine("|---|---|---|---|---|---|");
foreach (var row in callLog) text.AppendLine(row);
text.AppendLine();
text.AppendLine("| database | tenants and servers | child processes of the registry |");
text.AppendLine("|---|---|---|");
foreach (var row in children) text.AppendLine(row);
Sections.Write(results, "## Registry: admin API latency, tenant MCP throughput, child processes", text.ToString());
Console.WriteLine(text);
return 0;

static class Stats
{
    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    public static string Format(List<double> values) => $"{Percentile(values, 0.5):0.00} / {Percentile(values, 0.99):0.00} ms";
}

static class Machine
{
    public static string Load() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static string Cpu() =>
        File.ReadAllLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    /// <summary>utime + stime of a process, in seconds (0 when it is gone).</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText("/proc/" + pid + "/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>The registry binary with its env, on a free port; SIGTERM at dispose.</summary>
sealed class Registry : IAsyncDisposable
{
    private const string AdminKey = "bench-admin-key";
    private readonly Process _process;
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
    private readonly string _base;

    private Registry(Process process, string baseUrl)
    {
        _process = process;
        _base = baseUrl;
    }

    public int Pid => _process.Id;

    public static string Key(int tenant) => "bench-tenant-key-" + tenant;

    public static async Task<Registry> StartAsync(string binary, string folder, string? postgres)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardInput = true, RedirectStandardOutput = true, WorkingDirectory = folder };
        start.Environment["REGISTRY_ADMIN_KEY"] = AdminKey;
        start.Environment["REGISTRY_ENCRYPTION_KEY"] = "bench-encryption-key-0123456789abcdef";
        start.Environment["REGISTRY_TENANT_KEYS"] = string.Join(";", Enumerable.Range(0, 20).Select(t => "tenant_" + t + ":" + Key(t)));
        start.Environment["REGISTRY_SQLITE_PATH"] = Path.Combine(folder, "registry.db");
        start.Environment["REGISTRY_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        if (postgres is not null) start.Environment["REGISTRY_DATABASE_URL"] = postgres;
        else start.Environment.Remove("REGISTRY_DATABASE_URL");
        var process = Process.Start(start)!;
        // Its per-request log lines are read and dropped, so a full pipe never stalls it.
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var registry = new Registry(process, "http://127.0.0.1:" + port);
        for (var i = 0; ; i++)
        {
            try
            {
                await registry._http.GetStringAsync(registry._base + "/healthz");
                return registry;
            }
            catch (HttpRequestException) when (i < 400 && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async Task<double> HealthAsync()
    {
        var clock = Stopwatch.StartNew();
        await _http.GetStringAsync(_base + "/healthz");
        return clock.Elapsed.TotalMilliseconds;
    }

    public async Task<(double Ms, string Body)> AdminAsync(HttpMethod method, string path, string? body, int expected)
    {
        using var request = new HttpRequestMessage(method, _base + path);
        request.Headers.Add("x-admin-key", AdminKey);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var clock = Stopwatch.StartNew();
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var ms = clock.Elapsed.TotalMilliseconds;
        if ((int)response.StatusCode != expected) throw new InvalidOperationException(method + " " + path + " answered " + (int)response.StatusCode + ": " + text);
        return (ms, text);
    }

    /// <summary>One stateless tenant request; true when it answered 200 with a result (not an error, not isError).</summary>
    public async Task<bool> PostAsync(string key, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _base + "/tenant/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", key);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK && text.Contains("\"result\"", StringComparison.Ordinal) && !text.Contains("\"isError\":true", StringComparison.Ordinal);
    }

    public async Task CallAsync(string key, string serverId, string text)
    {
        if (!await PostAsync(key, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + serverId + "__echo\",\"arguments\":{\"text\":\"" + text + "\"}}}"))
        {
            throw new InvalidOperationException("the tenant call of " + serverId + " failed");
        }
    }

    /// <summary>The registry's child processes (their parent is the registry).</summary>
    public List<int> Children()
    {
        var pids = new List<int>();
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == _process.Id.ToString(CultureInfo.InvariantCulture) && fields[0] != "Z") pids.Add(pid);
            }
            catch (IOException)
            {
            }
        }
        return pids;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited) Process.Start("kill", "-TERM " + _process.Id)!.WaitForExit();
        if (!_process.WaitForExit(30_000)) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

static class Load
{
    private const int Workers = 16;

    public static async Task<(double PerSecond, long Failed, string Cpu)> RunAsync(Registry server, Func<int, int, Task<bool>> request)
    {
        long done = 0, failed = 0;
        var measuring = false;
        var stop = false;
        var counter = 0;
        var workers = Enumerable.Range(0, Workers).Select(async worker =>
        {
            while (!Volatile.Read(ref stop))
            {
                var ok = await request(worker, Interlocked.Increment(ref counter));
                if (!Volatile.Read(ref measuring)) continue;
                Interlocked.Increment(ref done);
                if (!ok) Interlocked.Increment(ref failed);
            }
        }).ToList();
        await Task.Delay(1000);
        var kids = server.Children();
        var registryCpu = Machine.CpuSeconds(server.Pid);
        var kidsCpu = kids.Sum(Machine.CpuSeconds);
        var probeCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Task.Delay(3000);
        Volatile.Write(ref measuring, false);
        var seconds = clock.Elapsed.TotalSeconds;
        var n = Interlocked.Read(ref done);
        var cpu = $"{100 * (Machine.CpuSeconds(server.Pid) - registryCpu) / seconds:0}/{100 * (kids.Sum(Machine.CpuSeconds) - kidsCpu) / seconds:0}/{100 * (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - probeCpu) / seconds:0}%";
        Volatile.Write(ref stop, true);
        await Task.WhenAll(workers);
        return (n / seconds, Interlocked.Read(ref failed), cpu);
    }
}

/// <summary>A private PostgreSQL cluster (initdb in a temp folder, trust on 127.0.0.1), stopped at dispose.</summary>
sealed class Cluster : IAsyncDisposable
{
    private readonly Process _postmaster;
    private readonly string _folder;

    private Cluster(Process postmaster, string folder, int port)
    {
        _postmaster = postmaster;
        _folder = folder;
        ConnectionString = "Host=127.0.0.1;Port=" + port + ";Database=postgres;Username=bench;Timeout=10";
    }

    public string ConnectionString { get; }

    public static async Task<Cluster?> StartAsync()
    {
        var root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        var bin = Directory.GetDirectories(root).OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
        if (bin is null) return null;
        var folder = Directory.CreateTempSubdirectory("registry-bench-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "-R", "postgres", folder);
        Run(asRoot ? "runuser" : Path.Combine(bin, "initdb"), [.. (asRoot ? new[] { "-u", "postgres", "--", Path.Combine(bin, "initdb") } : Array.Empty<string>()), "-D", folder + "/data", "-U", "bench", "--auth=trust", "--no-sync", "--no-instructions"]);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        // Stops when this probe's end of stdin closes, also if the probe dies.
        const string script = "\"$0\" -D \"$1\" -p \"$2\" -c listen_addresses=127.0.0.1 -c unix_socket_directories=\"$3\" -c fsync=off >\"$3/postgres.log\" 2>&1 & p=$!; read _; kill -INT $p; wait $p";
        var start = new ProcessStartInfo(asRoot ? "runuser" : "sh") { RedirectStandardInput = true };
        foreach (var a in (asRoot ? new[] { "-u", "postgres", "--", "sh" } : Array.Empty<string>()).Concat(["-c", script, Path.Combine(bin, "postgres"), folder + "/data", port.ToString(CultureInfo.InvariantCulture), folder])) start.ArgumentList.Add(a);
        var postmaster = Process.Start(start)!;
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                await Task.Delay(500);
                return new Cluster(postmaster, folder, port);
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException("PostgreSQL did not start");
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException(file + " exited with " + process.ExitCode);
    }

    public ValueTask DisposeAsync()
    {
        _postmaster.StandardInput.Close();
        if (!_postmaster.WaitForExit(20_000)) _postmaster.Kill(entireProcessTree: true);
        _postmaster.Dispose();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

static class Sections
{
    /// <summary>Replaces the section under <paramref name="heading"/> (up to the next "## ") or appends it.</summary>
    public static void Write(string file, string heading, string body)
    {
        var text = File.Exists(file) ? File.ReadAllText(file) : "# Benchmark results\n";
        var at = text.IndexOf(heading + "\n", StringComparison.Ordinal);
        var section = heading + "\n\n" + body.TrimEnd() + "\n";
        if (at < 0)
        {
            text = text.TrimEnd() + "\n\n" + section;
        }
        else
        {
            var next = text.IndexOf("\n## ", at + heading.Length, StringComparison.Ordinal);
            text = text[..at] + section + (next < 0 ? "" : text[next..]);
        }
        File.WriteAllText(file, text);
    }
}
