#:property PublishAot=false
#:property ImplicitUsings=enable
// The gateway benchmark (bench/gateway/README.md), run by `dotnet cake --target=BenchGateway`:
//   dotnet run bench/gateway/gateway-probe.cs -- startup  <gateway-bench-mcp> <linktime-mcp> <results.md> [rounds]
//   dotnet run bench/gateway/gateway-probe.cs -- overhead <gateway-bench-mcp> <FakeMcpServer.dll> <results.md> [calls]
// startup: each round starts both binaries once over stdio (order alternating): exec -> initialize result, then 10
//   tools/list; the gateway's HTTP upstreams point at listeners that count connections and its stdio upstream is the
//   fixture, so a contacted upstream shows as a connection or as a child process of the gateway. Any contact fails.
// overhead: the same tool called directly on the fixture upstream and through the gateway, interleaved in blocks,
//   median per call; stdio (gateway -> stdio child) and HTTP (gateway -> Streamable HTTP upstream). Also through a
//   relay that only copies bytes (this probe, mode `relay`): what any extra process on the path costs, the floor of
//   a stdio gateway's overhead on this machine.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length >= 4 && args[0] == "startup") return Startup.Run(args[1], args[2], args[3], args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 20);
if (args.Length >= 2 && args[0] == "relay") return Relay.Run(args[1], args[2..]);
if (args.Length >= 4 && args[0] == "overhead") return await Overhead.RunAsync(args[1], args[2], args[3], args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 500);
Console.Error.WriteLine("usage: gateway-probe startup <gateway> <linktime> <results.md> [rounds] | overhead <gateway> <fixture.dll> <results.md> [calls]");
return 2;

/// <summary>A line-delimited JSON-RPC session with a child over stdio.</summary>
sealed class StdioSession : IDisposable
{
    public const string Initialize = """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"gateway-probe","version":"1.0.0"}}}""";
    private int _id = 1;

    public Process Process { get; }

    public double InitializeMs { get; }

    public StdioSession(string command, IEnumerable<string> arguments, IDictionary<string, string> env)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (k, v) in env) start.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        Process = Process.Start(start)!;
        Process.ErrorDataReceived += (_, _) => { };
        Process.BeginErrorReadLine();
        Process.StandardInput.WriteLine(Initialize);
        Process.StandardInput.Flush();
        var answer = Process.StandardOutput.ReadLine() ?? throw new InvalidOperationException(command + ": no initialize answer");
        InitializeMs = clock.Elapsed.TotalMilliseconds;
        if (!answer.Contains("\"result\"", StringComparison.Ordinal)) throw new InvalidOperationException(command + ": " + answer);
        Process.StandardInput.WriteLine("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
    }

    /// <summary>One request, timed from write to its answer line (notifications before it are skipped).</summary>
    public (double Ms, string Answer) Request(string method, string paramsJson)
    {
        var id = _id++;
        var clock = Stopwatch.StartNew();
        Process.StandardInput.WriteLine("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
        Process.StandardInput.Flush();
        while (true)
        {
            var line = Process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the server closed stdout");
            if (line.Contains("\"id\":" + id + ",", StringComparison.Ordinal) || line.EndsWith("\"id\":" + id + "}", StringComparison.Ordinal))
            {
                return (clock.Elapsed.TotalMilliseconds, line);
            }
        }
    }

    /// <summary>The gateway's child processes (its stdio upstreams), from /proc.</summary>
    public int Children() => Directory.GetDirectories("/proc/" + Process.Id + "/task")
        .Sum(t => File.ReadAllText(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

    public void Dispose()
    {
        try
        {
            Process.StandardInput.Close();
            if (!Process.WaitForExit(10_000)) Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        Process.Dispose();
    }
}

/// <summary>A loopback listener that counts the connections made to it and answers none.</summary>
sealed class CountingListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private int _accepted;

    public CountingListener()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Url => "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var socket = await _listener.AcceptSocketAsync();
                Interlocked.Increment(ref _accepted);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _listener.Stop();
}

/// <summary>
/// The least a process between client and server can do: start the server, copy bytes each way with blocking reads
/// on one thread per direction, parse nothing. Its overhead is the floor of a stdio gateway's.
/// </summary>
static class Relay
{
    public static int Run(string command, string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var down = new Thread(() => Copy(Console.OpenStandardInput(), child.StandardInput.BaseStream, closeAtEnd: true));
        var up = new Thread(() => Copy(child.StandardOutput.BaseStream, Console.OpenStandardOutput(), closeAtEnd: false));
        down.Start();
        up.Start();
        down.Join();
        child.WaitForExit();
        up.Join();
        return 0;
    }

    private static void Copy(Stream from, Stream to, bool closeAtEnd)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = from.Read(buffer, 0, buffer.Length)) > 0)
        {
            to.Write(buffer, 0, read);
            to.Flush();
        }
        if (closeAtEnd) to.Close();
    }
}

static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string Machine() =>
        $"{Environment.ProcessorCount} cores, {File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()}, " +
        $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the start, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";

    /// <summary>Replaces the section headed <paramref name="heading"/> in the results file, or appends it.</summary>
    public static void WriteSection(string file, string heading, string body)
    {
        var text = File.Exists(file) ? File.ReadAllText(file) : "";
        var start = text.IndexOf(heading + "\n", StringComparison.Ordinal);
        if (start >= 0)
        {
            var next = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
            text = text[..start] + text[(next < 0 ? text.Length : next + 1)..];
        }
        File.WriteAllText(file, text.TrimEnd() + "\n\n" + heading + "\n\n" + body);
        Console.Write(heading + "\n\n" + body);
    }
}

static class Startup
{
    public static int Run(string gateway, string linktime, string results, int rounds)
    {
        using var alpha = new CountingListener();
        using var beta = new CountingListener();
        var fixture = Environment.GetEnvironmentVariable("BENCH_GAMMA_ARGS") ?? "";
        var gatewayEnv = new Dictionary<string, string>
        {
            ["BENCH_ALPHA_URL"] = alpha.Url + "/mcp",
            ["BENCH_BETA_URL"] = beta.Url + "/mcp/sse",
            ["BENCH_GAMMA_COMMAND"] = "dotnet",
            ["BENCH_GAMMA_ARGS"] = fixture,
        };
        var linktimeEnv = new Dictionary<string, string> { ["LINKTIME_API_KEY"] = "lt_bench", ["LINKTIME_BASE_URL"] = alpha.Url };
        var machine = Stats.Machine();
        var figures = new Dictionary<string, (List<double> Init, List<double> List, int Tools)> { ["gateway"] = ([], [], 0), ["linktime"] = ([], [], 0) };
        var children = 0;
        for (var round = -1; round < rounds; round++)
        {
            var order = round % 2 == 0 ? new[] { "gateway", "linktime" } : new[] { "linktime", "gateway" };
            foreach (var name in order)
            {
                using var session = new StdioSession(name == "gateway" ? gateway : linktime, [], name == "gateway" ? gatewayEnv : linktimeEnv);
                var lists = new List<double>();
                var tools = 0;
                for (var i = 0; i < 10; i++)
                {
                    var (ms, answer) = session.Request("tools/list", "{}");
                    lists.Add(ms);
                    tools = JsonDocument.Parse(answer).RootElement.GetProperty("result").GetProperty("tools").GetArrayLength();
                }
                if (name == "gateway") children += session.Children();
                if (round < 0) continue; // warm-up: the page cache, not the binaries
                var f = figures[name];
                f.Init.Add(session.InitializeMs);
                f.List.Add(Stats.Median(lists));
                figures[name] = (f.Init, f.List, tools);
            }
        }
        var body = new StringBuilder();
        body.AppendLine($"Machine: {machine}. {rounds} rounds, each starting both binaries once over stdio, the order alternating, one warm-up round first. Figures: medians over rounds (tools/list: of each session's median of 10).");
        body.AppendLine();
        body.AppendLine("| binary | tools | exec -> `initialize` result | `tools/list` round trip |");
        body.AppendLine("|---|---|---|---|");
        foreach (var (name, f) in figures)
        {
            body.AppendLine($"| {(name == "gateway" ? "gateway-bench-mcp (3 MCP upstreams, locked)" : "linktime-mcp (REST)")} | {f.Tools} | {Stats.Median(f.Init):0.00} ms | {Stats.Median(f.List) * 1000:0} µs |");
        }
        body.AppendLine();
        body.AppendLine($"Upstream contact during start-up and tools/list, over all {rounds + 1} gateway sessions: {alpha.Accepted} connections to the Streamable HTTP upstream, {beta.Accepted} to the SSE upstream, {children} child processes (the stdio upstream).");
        Stats.WriteSection(results, "## Gateway: start-up and tools/list vs LinkTime", body.ToString());
        return alpha.Accepted + beta.Accepted + children == 0 ? 0 : 1;
    }
}

static class Overhead
{
    private const string Echo = """{"text":"overhead"}""";

    public static async Task<int> RunAsync(string gateway, string fixture, string results, int calls)
    {
        var machine = Stats.Machine();
        // The HTTP upstream: the fixture over Streamable HTTP, reached by the gateway and by the probe alike.
        using var upstream = new StdioLessServer(fixture);
        var url = await upstream.StartAsync();
        var gatewayEnv = new Dictionary<string, string>
        {
            ["BENCH_ALPHA_URL"] = url + "/mcp",
            ["BENCH_BETA_URL"] = url + "/mcp/sse",
            ["BENCH_GAMMA_COMMAND"] = "dotnet",
            ["BENCH_GAMMA_ARGS"] = fixture,
        };
        // Runtime settings to try on the gateway alone (NAME=VALUE;NAME=VALUE), named in the results when given.
        var tried = Environment.GetEnvironmentVariable("PROBE_GATEWAY_ENV") ?? "";
        foreach (var pair in tried.Split(';', StringSplitOptions.RemoveEmptyEntries)) gatewayEnv[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
        using var viaGateway = new StdioSession(gateway, [], gatewayEnv);
        using var directStdio = new StdioSession("dotnet", [fixture, "--name", "gamma", "--tools", "bulk"], new Dictionary<string, string>());
        using var viaRelay = new StdioSession(Environment.ProcessPath!, ["relay", "dotnet", fixture, "--name", "gamma", "--tools", "bulk"], new Dictionary<string, string>());
        using var http = new McpHttp(url + "/mcp");
        await http.InitializeAsync();

        var samples = new Dictionary<string, List<double>> { ["stdio direct"] = [], ["stdio via gateway"] = [], ["stdio via relay"] = [], ["http direct"] = [], ["http via gateway"] = [] };
        // What the gateway process spends per call, by thread (from /proc/<pid>/task/*/schedstat): CPU time, time
        // runnable but waiting for a core, and how many times a thread was scheduled in (its wake-ups).
        var stdioThreads = new ThreadCounters(viaGateway.Process.Id);
        var httpThreads = new ThreadCounters(viaGateway.Process.Id);
        const int block = 50;
        for (var done = -block; done < calls; done += block) // the first block of each is a warm-up
        {
            var keep = done >= 0;
            for (var i = 0; i < block; i++) Add(keep, samples["stdio direct"], Check(directStdio.Request("tools/call", """{"name":"echo","arguments":""" + Echo + "}")));
            if (keep) stdioThreads.Begin();
            for (var i = 0; i < block; i++) Add(keep, samples["stdio via gateway"], Check(viaGateway.Request("tools/call", """{"name":"gamma_echo","arguments":""" + Echo + "}")));
            if (keep) stdioThreads.End(block);
            for (var i = 0; i < block; i++) Add(keep, samples["stdio via relay"], Check(viaRelay.Request("tools/call", """{"name":"echo","arguments":""" + Echo + "}")));
            for (var i = 0; i < block; i++) Add(keep, samples["http direct"], Check(await http.CallAsync("echo", Echo)));
            if (keep) httpThreads.Begin();
            for (var i = 0; i < block; i++) Add(keep, samples["http via gateway"], Check(viaGateway.Request("tools/call", """{"name":"alpha_echo","arguments":""" + Echo + "}")));
            if (keep) httpThreads.End(block);
        }
        var m = samples.ToDictionary(s => s.Key, s => Stats.Median(s.Value) * 1000);
        var body = new StringBuilder();
        body.AppendLine($"Machine: {machine}. {calls} calls of each kind (fixture `echo`), interleaved in blocks of {block} after a warm-up block; medians per call. The client is this probe (JIT); the gateway is the NativeAOT `gateway-bench-mcp`, driven over stdio; the upstream is the fixture MCP server (JIT, MCP C# SDK).");
        if (tried.Length > 0) body.AppendLine("The gateway ran with " + tried + ".");
        body.AppendLine();
        body.AppendLine("| path | median per call | gateway overhead |");
        body.AppendLine("|---|---|---|");
        body.AppendLine($"| stdio: probe -> fixture | {m["stdio direct"]:0} µs | |");
        body.AppendLine($"| stdio: probe -> gateway -> fixture (stdio child) | {m["stdio via gateway"]:0} µs | {m["stdio via gateway"] - m["stdio direct"]:0} µs |");
        body.AppendLine($"| stdio: probe -> relay (copies bytes, nothing else) -> fixture | {m["stdio via relay"]:0} µs | {m["stdio via relay"] - m["stdio direct"]:0} µs (the floor of any stdio hop) |");
        body.AppendLine($"| HTTP: probe -> fixture (Streamable HTTP) | {m["http direct"]:0} µs | |");
        body.AppendLine($"| HTTP: probe -> gateway (stdio) -> fixture (Streamable HTTP) | {m["http via gateway"]:0} µs | {m["http via gateway"] - m["http direct"]:0} µs |");
        body.AppendLine();
        body.AppendLine("The HTTP row's overhead includes the probe -> gateway stdio hop, which the direct HTTP call does not make.");
        body.AppendLine();
        body.AppendLine("The gateway process per call, by thread (`/proc/<pid>/task/*/schedstat` around the measured blocks; means): CPU time, time runnable but waiting for a core (the machine's load), times scheduled in (wake-ups).");
        body.AppendLine();
        body.AppendLine("| path | thread | CPU µs/call | waiting for a core µs/call | wake-ups/call |");
        body.AppendLine("|---|---|---|---|---|");
        foreach (var (path, counters) in new[] { ("stdio", stdioThreads), ("HTTP", httpThreads) })
        {
            foreach (var row in counters.Rows()) body.AppendLine($"| {path} | {row.Thread} | {row.CpuUs:0.0} | {row.WaitUs:0.0} | {row.Slices:0.00} |");
        }
        Stats.WriteSection(results, "## Gateway: per-call overhead over the upstream", body.ToString());
        return 0;
    }

    private static void Add(bool keep, List<double> list, double ms)
    {
        if (keep) list.Add(ms);
    }

    private static double Check((double Ms, string Answer) call)
    {
        if (!call.Answer.Contains("\"overhead\"", StringComparison.Ordinal) || call.Answer.Contains("\"isError\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("unexpected answer: " + call.Answer);
        }
        return call.Ms;
    }
}

/// <summary>Per-thread scheduler counters of one process, summed over the measured blocks and grouped by thread name.</summary>
sealed class ThreadCounters(int pid)
{
    private readonly Dictionary<string, (double Cpu, double Wait, double Slices)> _sum = new(StringComparer.Ordinal);
    private Dictionary<string, (string Name, long Cpu, long Wait, long Slices)> _start = [];
    private int _calls;

    public void Begin() => _start = Read();

    public void End(int calls)
    {
        _calls += calls;
        foreach (var (tid, now) in Read())
        {
            var before = _start.TryGetValue(tid, out var b) ? b : (Name: now.Name, Cpu: 0L, Wait: 0L, Slices: 0L);
            var s = _sum.TryGetValue(now.Name, out var x) ? x : (0, 0, 0);
            _sum[now.Name] = (s.Cpu + now.Cpu - before.Cpu, s.Wait + now.Wait - before.Wait, s.Slices + now.Slices - before.Slices);
        }
    }

    /// <summary>Threads that were scheduled at least once per 20 calls, busiest first, and the process total.</summary>
    public IEnumerable<(string Thread, double CpuUs, double WaitUs, double Slices)> Rows()
    {
        var rows = _sum.Select(kv => (Thread: kv.Key, CpuUs: kv.Value.Cpu / 1000 / _calls, WaitUs: kv.Value.Wait / 1000 / _calls, Slices: kv.Value.Slices / _calls)).ToList();
        foreach (var row in rows.Where(r => r.Slices >= 0.05).OrderByDescending(r => r.CpuUs)) yield return row;
        yield return ("(all threads)", rows.Sum(r => r.CpuUs), rows.Sum(r => r.WaitUs), rows.Sum(r => r.Slices));
    }

    private Dictionary<string, (string Name, long Cpu, long Wait, long Slices)> Read()
    {
        var result = new Dictionary<string, (string, long, long, long)>(StringComparer.Ordinal);
        foreach (var task in Directory.GetDirectories("/proc/" + pid + "/task"))
        {
            try
            {
                // Thread names with their numbers stripped (".NET TP Worker", not one row per worker).
                var name = new string(File.ReadAllText(Path.Combine(task, "comm")).Trim().Where(c => !char.IsDigit(c)).ToArray()).Trim();
                var f = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                result[Path.GetFileName(task)] = (name, long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
            }
        }
        return result;
    }
}

/// <summary>The fixture over HTTP on 127.0.0.1 ("listening URL" on its first line); ends with its stdin.</summary>
sealed class StdioLessServer(string fixture) : IDisposable
{
    private Process? _process;

    public async Task<string> StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { fixture, "--transport", "http", "--lifetime", "600", "--name", "alpha", "--tools", "bulk" }) start.ArgumentList.Add(a);
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        var line = await _process.StandardOutput.ReadLineAsync() ?? "";
        if (!line.StartsWith("listening ", StringComparison.Ordinal)) throw new InvalidOperationException("the fixture did not start: " + line);
        return line["listening ".Length..].Trim().TrimEnd('/');
    }

    public void Dispose()
    {
        if (_process is null) return;
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}

/// <summary>A Streamable HTTP MCP client, as thin as the probe's stdio one: initialize once, then timed POSTs.</summary>
sealed class McpHttp(string endpoint) : IDisposable
{
    private readonly HttpClient _http = new();
    private string? _session;
    private int _id = 1;

    public async Task InitializeAsync()
    {
        var (_, answer) = await PostAsync(StdioSession.Initialize);
        if (!answer.Contains("\"result\"", StringComparison.Ordinal)) throw new InvalidOperationException("initialize: " + answer);
        await PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
    }

    public Task<(double Ms, string Answer)> CallAsync(string tool, string arguments) =>
        PostAsync("{\"jsonrpc\":\"2.0\",\"id\":" + _id++ + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}");

    private async Task<(double, string)> PostAsync(string body)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (_session is not null) request.Headers.TryAddWithoutValidation("Mcp-Session-Id", _session);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var ms = clock.Elapsed.TotalMilliseconds;
        if (response.Headers.TryGetValues("Mcp-Session-Id", out var ids)) _session = ids.First();
        var data = text.Split('\n').LastOrDefault(l => l.StartsWith("data:", StringComparison.Ordinal));
        return (ms, data is null ? text : data[5..].Trim());
    }

    public void Dispose() => _http.Dispose();
}
