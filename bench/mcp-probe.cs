#:property PublishAot=false
#:property ImplicitUsings=enable
// Drives a NativeMcp binary over stdio, exactly as an MCP client does, and measures it.
//   dotnet run bench/mcp-probe.cs -- peers-stdio|peers-http <options>   the peers, interleaved (bench/README.md)
//   dotnet run bench/mcp-probe.cs -- demo  <binary>                      tools table + start-up time
//   dotnet run bench/mcp-probe.cs -- bench <binary> <results.md> [runs]  start-up, peak RSS, size -> markdown
//   dotnet run bench/mcp-probe.cs -- http  <binary> <results.md> <tool>  HTTP requests/s -> appended to markdown
//   dotnet run bench/mcp-probe.cs -- startup <binary> <reference> [rounds]  start-up of two binaries, interleaved
// Required environment variables are read from the binary's --help and given placeholder values:
// neither mode calls the upstream API.
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

if (args.Length > 0 && args[0] == "peers-stdio") return await PeerBench.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "peers-http") return await PeerHttpBench.RunAsync(args[1..]);
if (args.Length > 2 && args[0] == "startup") return StartupComparison.Run(Path.GetFullPath(args[1]), Path.GetFullPath(args[2]), args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 30);
if (args.Length < 2 || args[0] is not ("demo" or "bench" or "http"))
{
    Console.Error.WriteLine("usage: mcp-probe demo <binary> | bench <binary> <results.md> [runs]");
    return 2;
}

var binary = Path.GetFullPath(args[1]);
// A URL variable gets a loopback address nothing listens on: the server checks its form at start-up, and nothing
// here calls a tool.
var placeholders = StartupComparison.Placeholders(binary);

if (args[0] == "demo")
{
    var session = Session.Run(binary, placeholders, listTools: true);
    var info = session.Initialize.GetProperty("result").GetProperty("serverInfo");
    Console.WriteLine();
    Console.WriteLine($"{info.GetProperty("name").GetString()} {info.GetProperty("version").GetString()}  ({binary}, {new FileInfo(binary).Length / 1048576.0:0.0} MB)");
    Console.WriteLine($"stderr: {string.Join(" | ", session.Stderr)}");
    PrintToolTable(session.Tools!.Value);
    Session.Run(binary, placeholders, listTools: false); // warm the page cache after a fresh publish; not counted
    var times = Enumerable.Range(0, 15).Select(_ => Session.Run(binary, placeholders, listTools: false).InitializeMs).ToList();
    Console.WriteLine($"start-up (exec -> initialize result over stdio): median {Median(times):0.00} ms over {times.Count} runs, min {times.Min():0.00} ms");
    ShowMissingEnvironment(binary, placeholders.Keys);
    return 0;
}

if (args[0] == "http") return await HttpBench.RunAsync(binary, Path.GetFullPath(args[2]), args[3], placeholders);

var results = Path.GetFullPath(args[2]);
var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 50;
Session.Run(binary, placeholders, listTools: false); // warm the page cache; not counted
var samples = Enumerable.Range(0, runs).Select(_ => Session.Run(binary, placeholders, listTools: true)).ToList();
var startup = samples.Select(s => s.InitializeMs).ToList();
var listed = samples.Select(s => s.ToolsListMs).ToList();
var rss = samples.Select(s => s.PeakRssKb / 1024.0).ToList();
var size = new FileInfo(binary).Length / 1048576.0;

var md = new StringBuilder();
md.AppendLine($"- binary: `{Path.GetFileName(binary)}` ({samples[0].ToolCount} tools)");
md.AppendLine($"- machine: {Environment.ProcessorCount} cores, {CpuModel()}, {Environment.OSVersion}");
md.AppendLine($"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {runs} runs after one warm-up run").AppendLine();
md.AppendLine("| measure | median | min | max | goal |");
md.AppendLine("|---|---|---|---|---|");
md.AppendLine($"| exec -> `initialize` result over stdio | {Median(startup):0.00} ms | {startup.Min():0.00} ms | {startup.Max():0.00} ms | < 8 ms |");
md.AppendLine($"| `tools/list` round trip after initialize | {Median(listed):0.00} ms | {listed.Min():0.00} ms | {listed.Max():0.00} ms | |");
md.AppendLine($"| peak RSS (VmHWM after initialize + tools/list) | {Median(rss):0.0} MB | {rss.Min():0.0} MB | {rss.Max():0.0} MB | < 30 MB |");
md.AppendLine($"| file size | {size:0.00} MB | | | < 15 MB |").AppendLine();
md.AppendLine("Reference points from DESIGN.md, same kind of machine: a minimal NativeAOT program answering one line ~3.2 ms;");
md.AppendLine("ModelContextProtocol.Core without Hosting 13.7 ms; the SDK with Hosting ~20 ms.");
ResultsFile.WriteSection(results, "## Start-up of one binary (`mcp-probe bench`)", md.ToString());
Console.Write(md.ToString());
return 0;

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string CpuModel() =>
    File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
        : "unknown CPU";

// What a user sees when the client config lacks a required variable: one line on stderr, non-zero exit.
static void ShowMissingEnvironment(string binary, IEnumerable<string> required)
{
    var names = required.ToList();
    if (names.Count == 0) return;
    var start = new ProcessStartInfo(binary) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
    foreach (var name in names) start.Environment.Remove(name);
    using var process = Process.Start(start)!;
    var stderr = process.StandardError.ReadToEnd().TrimEnd();
    process.WaitForExit();
    Console.WriteLine($"without {string.Join(", ", names)}: exit code {process.ExitCode}, stderr: {stderr}");
}

static void PrintToolTable(JsonElement tools)
{
    var rows = tools.EnumerateArray().Select(t => (
        Group: t.TryGetProperty("_meta", out var meta) && meta.TryGetProperty("nativemcp/group", out var g) ? g.GetString()! : "(none)",
        Name: t.GetProperty("name").GetString()!,
        Hints: Hints(t),
        Description: t.TryGetProperty("description", out var d) ? d.GetString()! : "")).ToList();
    var groups = rows.GroupBy(r => r.Group).ToList();
    Console.WriteLine($"{rows.Count} tools in {groups.Count} groups:");
    foreach (var group in groups)
    {
        Console.WriteLine();
        Console.WriteLine($"  {group.Key} ({group.Count()})");
        foreach (var row in group)
        {
            var description = row.Description.Length > 70 ? row.Description[..67] + "..." : row.Description;
            Console.WriteLine($"    {row.Name,-30} {row.Hints,-12} {description}");
        }
    }
    Console.WriteLine();
}

static string Hints(JsonElement tool)
{
    if (!tool.TryGetProperty("annotations", out var a)) return "";
    bool Is(string name) => a.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
    return Is("readOnlyHint") ? "read-only" : Is("destructiveHint") ? "destructive" : "write";
}

/// <summary>One process: initialize (timed from exec), optionally tools/list, then stdin closed.</summary>
sealed record Session(JsonElement Initialize, JsonElement? Tools, double InitializeMs, double ToolsListMs, long PeakRssKb, int ToolCount, List<string> Stderr, long MinorFaults = 0)
{
    private const string InitializeRequest = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"mcp-probe","version":"1.0.0"}}}""";

    public static Session Run(string binary, Dictionary<string, string> env, bool listTools)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env) start.Environment[k] = v;
        var stderr = new List<string>();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Add(e.Data); };
        process.BeginErrorReadLine();
        process.StandardInput.WriteLine(InitializeRequest);
        process.StandardInput.Flush();
        var initialize = JsonDocument.Parse(process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("no initialize answer")).RootElement.Clone();
        var initializeMs = clock.Elapsed.TotalMilliseconds;

        JsonElement? tools = null;
        var toolsMs = 0.0;
        if (listTools)
        {
            process.StandardInput.WriteLine("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
            var before = clock.Elapsed.TotalMilliseconds;
            process.StandardInput.WriteLine("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
            process.StandardInput.Flush();
            tools = JsonDocument.Parse(process.StandardOutput.ReadLine()!).RootElement.GetProperty("result").GetProperty("tools").Clone();
            toolsMs = clock.Elapsed.TotalMilliseconds - before;
        }

        var rssKb = ReadPeakRssKb(process.Id);
        var faults = ReadMinorFaults(process.Id);
        process.StandardInput.Close();
        if (!process.WaitForExit(10_000)) process.Kill();
        process.WaitForExit();
        return new Session(initialize, tools, initializeMs, toolsMs, rssKb, tools?.GetArrayLength() ?? 0, stderr, faults);
    }

    // Field 10 of /proc/<pid>/stat (after the parenthesised name, which may hold spaces).
    private static long ReadMinorFaults(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture);
    }

    private static long ReadPeakRssKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
        return line is null ? 0 : long.Parse(Regex.Match(line, @"\d+").Value, CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Start-up of a binary against a reference, in one run: each round starts both (the order alternating), one warm-up
/// round first. Exec -> initialize result, then (in a second session) the first tools/list; minor page faults and
/// peak RSS at the initialize answer. Medians, and the ratio binary / reference.
/// </summary>
static class StartupComparison
{
    public static int Run(string binary, string reference, int rounds)
    {
        var binaries = new[] { binary, reference };
        var env = binaries.Select(Placeholders).ToArray();
        var starts = new[] { new List<Session>(), new List<Session>() };
        var lists = new[] { new List<Session>(), new List<Session>() };
        for (var round = -1; round < rounds; round++)
        {
            var order = round % 2 == 0 ? new[] { 0, 1 } : new[] { 1, 0 };
            foreach (var i in order)
            {
                var start = Session.Run(binaries[i], env[i], listTools: false);
                var listed = Session.Run(binaries[i], env[i], listTools: true);
                if (round < 0) continue; // warm-up: page cache
                starts[i].Add(start);
                lists[i].Add(listed);
            }
        }
        double Median(IEnumerable<double> xs) { var s = xs.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
        Console.WriteLine($"{rounds} rounds, interleaved; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("| binary | tools | size | exec -> initialize | min | minor page faults | peak RSS | first tools/list | tools/list bytes |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var init = new double[2];
        for (var i = 0; i < 2; i++)
        {
            init[i] = Median(starts[i].Select(s => s.InitializeMs));
            var bytes = Encoding.UTF8.GetByteCount(lists[i][0].Tools!.Value.GetRawText());
            Console.WriteLine($"| {Path.GetFileName(binaries[i])} | {lists[i][0].ToolCount} | {new FileInfo(binaries[i]).Length / 1048576.0:0.0} MB | {init[i]:0.00} ms | {starts[i].Min(s => s.InitializeMs):0.00} ms | {Median(starts[i].Select(s => (double)s.MinorFaults)):0} | {Median(starts[i].Select(s => s.PeakRssKb / 1024.0)):0.0} MB | {Median(lists[i].Select(s => s.ToolsListMs)):0.00} ms | {bytes:N0} |");
        }
        Console.WriteLine($"exec -> initialize: {Path.GetFileName(binary)} / {Path.GetFileName(reference)} = x{init[0] / init[1]:0.00}");
        return 0;
    }

    /// <summary>A placeholder for each required variable the binary's --help lists (a loopback URL nothing listens on for a URL).</summary>
    public static Dictionary<string, string> Placeholders(string binary) =>
        RequiredVariables(binary).ToDictionary(v => v.Name, v => v.Url ? "http://127.0.0.1:9/" + v.Name.ToLowerInvariant() : "placeholder-" + v.Name.ToLowerInvariant());

    private static IEnumerable<(string Name, bool Url)> RequiredVariables(string binary)
    {
        var help = Process.Start(new ProcessStartInfo(binary, "--help") { RedirectStandardOutput = true })!;
        var text = help.StandardOutput.ReadToEnd();
        help.WaitForExit();
        return Regex.Matches(text, @"^  (\S+)\s+required(, an http\(s\) URL)?", RegexOptions.Multiline).Select(m => (m.Groups[1].Value, m.Groups[2].Success));
    }
}

/// <summary>
/// Requests per second over Streamable HTTP on loopback: the binary runs with --http against an upstream
/// this process serves (HttpListener), and concurrent workers here post tools/list and one tools/call.
/// The CPU time of both processes is read too, because on 2 cores the load generator competes with the server.
/// </summary>
static class HttpBench
{
    private const int Workers = 16;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);

    public static async Task<int> RunAsync(string binary, string results, string tool, Dictionary<string, string> env)
    {
        var upstreamPort = FreePort();
        using var upstream = new System.Net.HttpListener();
        upstream.Prefixes.Add($"http://127.0.0.1:{upstreamPort}/");
        upstream.Start();
        long upstreamHits = 0;
        var body = Encoding.UTF8.GetBytes("""{"data":[{"id":"ch_1","type":"whatsapp","enabled":true},{"id":"ch_2","type":"telegram","enabled":false}]}""");
        _ = Task.Run(async () =>
        {
            while (upstream.IsListening)
            {
                System.Net.HttpListenerContext context;
                try { context = await upstream.GetContextAsync(); } catch { return; }
                // Answer each request on its own task: the upstream must not be the bottleneck.
                Interlocked.Increment(ref upstreamHits);
                _ = Task.Run(async () =>
                {
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                });
            }
        });

        var port = FreePort();
        var start = new ProcessStartInfo(binary, $"--http --port {port} --log-level off") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (k, v) in env) start.Environment[k] = v;
        foreach (var name in new[] { "LINKTOR_API_URL", "CONFERBOT_API_URL", "LINKTIME_BASE_URL" }) start.Environment[name] = $"http://127.0.0.1:{upstreamPort}";
        using var server = Process.Start(start)!;
        using var http = new HttpClient();
        for (var i = 0; i < 100 && !await Healthy(http, port); i++) await Task.Delay(50);

        var list = """{"jsonrpc":"2.0","method":"tools/list","id":1}""";
        var call = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{}},\"id\":2}";
        var rows = new List<string>();
        foreach (var (name, payload) in new[] { ("tools/list", list), ("tools/call " + tool + " (upstream on loopback)", call) })
        {
            await Load(http, port, payload, TimeSpan.FromSeconds(1)); // warm-up, not counted
            var self = Process.GetCurrentProcess();
            var selfCpu = self.TotalProcessorTime;
            var serverCpu = CpuTime(server.Id);
            var hitsBefore = Interlocked.Read(ref upstreamHits);
            var clock = Stopwatch.StartNew();
            var (ok, failed) = await Load(http, port, payload, Duration);
            var hits = Interlocked.Read(ref upstreamHits) - hitsBefore;
            var wall = clock.Elapsed;
            self.Refresh();
            var generator = (self.TotalProcessorTime - selfCpu) / wall;
            var serving = (CpuTime(server.Id) - serverCpu) / wall;
            rows.Add($"| {name} | {ok / wall.TotalSeconds:0} | {failed} | {hits} | {serving * 100:0}% | {generator * 100:0}% |");
        }
        server.Kill();
        upstream.Stop();

        var md = new StringBuilder();
        md.AppendLine($"`{Path.GetFileName(binary)} --http` (stateless, JSON answers), {Workers} concurrent keep-alive workers in the load generator, {Duration.TotalSeconds:0} s a row after 1 s of warm-up, on the same {Environment.ProcessorCount}-core machine. CPU share is CPU time over wall time (200% = both cores); the load generator (this probe, also serving the loopback upstream) takes its share from the server.").AppendLine();
        md.AppendLine("| request | requests/s | failed | upstream requests | server CPU | load generator CPU |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in rows) md.AppendLine(row);
        ResultsFile.WriteSection(results, "## Streamable HTTP throughput of one binary (`mcp-probe http`)", md.ToString());
        Console.Write(md.ToString());
        return 0;
    }

    private static async Task<(long Ok, long Failed)> Load(HttpClient http, int port, string payload, TimeSpan duration)
    {
        long ok = 0, failed = 0;
        var until = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            while (DateTime.UtcNow < until)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/mcp") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation("Accept", "application/json");
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                // A tool error (isError) is a failure here: the row must count real upstream round trips.
                if (response.IsSuccessStatusCode && text.Contains("\"result\"") && !text.Contains("\"isError\":true")) Interlocked.Increment(ref ok); else Interlocked.Increment(ref failed);
            }
        }));
        return (ok, failed);
    }

    private static async Task<bool> Healthy(HttpClient http, int port)
    {
        try { return await http.GetStringAsync($"http://127.0.0.1:{port}/healthz") == "ok"; } catch (HttpRequestException) { return false; }
    }

    private static TimeSpan CpuTime(int pid)
    {
        // /proc/<pid>/stat fields 14 and 15: user and system time in clock ticks (100 a second).
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return TimeSpan.FromSeconds((long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0);
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>
/// The peers over stdio (mode <c>peers-stdio</c>): every peer serves the same tools, and each round starts each peer
/// once, in turn (interleaved, the order rotating every round): exec -> initialize result, then in the same session
/// tools/list and tools/call against one loopback upstream that this process serves, then peak RSS. The upstream
/// records what each peer sent, and every peer must send the reference's request (method, path and query, auth and
/// User-Agent headers). Writes bench/results.md (the HTTP mode appends to it).
/// </summary>
static class PeerBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = PeerOptions.Parse(args);
        using var upstream = new RecordingUpstream();
        var env = new Dictionary<string, string>(options.Env);
        foreach (var name in options.UrlEnv) env[name] = upstream.Url;
        var call = "{\"name\":\"" + options.Tool + "\",\"arguments\":" + options.Arguments + "}";
        var samples = options.Peers.ToDictionary(p => p.Label, _ => new PeerSamples());
        var direct = new List<double>();
        using var http = new HttpClient();

        for (var round = -1; round < options.Rounds; round++)
        {
            // Round -1 warms the page cache and the JIT of this process; it is not counted.
            var order = options.Peers.Skip(Math.Max(round, 0) % options.Peers.Count).Concat(options.Peers.Take(Math.Max(round, 0) % options.Peers.Count));
            foreach (var peer in order)
            {
                var result = StdioPeerSession.Run(peer, env, call, peer.Label == options.Floor ? 0 : options.Lists, peer.Label == options.Floor ? 0 : options.Calls, upstream);
                if (round >= 0) samples[peer.Label].Add(result);
            }
            var times = await DirectCalls(http, upstream, options, env);
            if (round >= 0) direct.AddRange(times);
        }

        var reference = samples[options.Reference].Requests.FirstOrDefault() ?? throw new InvalidOperationException($"{options.Reference} made no upstream request");
        var mismatches = new List<string>();
        foreach (var peer in options.Peers.Where(p => p.Label != options.Floor))
        {
            var s = samples[peer.Label];
            var expected = options.Rounds * options.Calls;
            if (s.UpstreamCalls != expected || s.Requests.Any(r => r != reference)) mismatches.Add($"{peer.Label}: {s.UpstreamCalls} upstream requests for {expected} calls: {string.Join(" | ", s.Requests)}");
        }

        var md = new StringBuilder();
        md.AppendLine("Written by `dotnet cake --target=Bench` (`bench/make-peers.cs` builds the peers, `bench/mcp-probe.cs` measures them; see `bench/README.md`). Do not edit by hand.").AppendLine();
        md.AppendLine($"- machine: {Environment.ProcessorCount} cores (nproc), {Machine.CpuModel()}, {Machine.MemoryGb():0.0} GB memory, {Environment.OSVersion}");
        md.AppendLine($"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine($"- stdio: {options.Rounds} rounds after one warm-up round; each round starts every peer once, in turn, the order rotating; medians over rounds (tools/list: {options.Lists} a session, tools/call: {options.Calls} a session)");
        md.AppendLine($"- tools/call: `{options.Tool}` with `{options.Arguments}`, every call a GET to one upstream on 127.0.0.1 served by the probe; the request every peer sent: `{reference}`");
        md.AppendLine($"- request check: {(mismatches.Count == 0 ? "every peer sent exactly the reference's request on every call" : "MISMATCH: " + string.Join("; ", mismatches))}");
        foreach (var note in options.Notes) md.AppendLine("- " + note);
        ResultsFile.WritePreamble(options.Results, md.ToString());
        Console.Write(md.ToString());

        md.Clear();
        md.AppendLine("| peer | exec -> `initialize` median | min | max | `tools/list` median | `tools/call` median | peak RSS after the calls | size on disk |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var peer in options.Peers)
        {
            var s = samples[peer.Label];
            var isFloor = peer.Label == options.Floor;
            md.AppendLine($"| {peer.Label} | {Stats.Median(s.Startup):0.00} ms | {s.Startup.Min():0.00} ms | {s.Startup.Max():0.00} ms | {(isFloor ? "–" : $"{Stats.Median(s.List) * 1000:0} µs")} | {(isFloor ? "–" : $"{Stats.Median(s.Call) * 1000:0} µs")} | {Stats.Median(s.Rss) / 1024:0.0} MB{(isFloor ? " (after initialize)" : "")} | {peer.SizeText()} |");
        }
        md.AppendLine($"| direct GET from the probe (HttpClient, JIT), for reference | | | | | {Stats.Median(direct) * 1000:0} µs | | |");
        ResultsFile.WriteSection(options.Results, "## Stdio: figures", md.ToString());
        Console.Write(md.ToString());

        md.Clear();
        md.AppendLine($"Each figure divided by the floor's (`{options.Floor}`) and by NativeMcp's (`{options.Reference}`); below 1 is less (faster, smaller) than the one divided by.").AppendLine();
        md.AppendLine("| peer | start-up ×floor | start-up ×NativeMcp | tools/list ×NativeMcp | tools/call ×NativeMcp | RSS ×floor | RSS ×NativeMcp | size ×floor | size ×NativeMcp |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var floor = samples[options.Floor];
        var native = samples[options.Reference];
        var floorSize = options.Peers.First(p => p.Label == options.Floor).Size().Own;
        var nativeSize = options.Peers.First(p => p.Label == options.Reference).Size().Own;
        foreach (var peer in options.Peers)
        {
            var s = samples[peer.Label];
            var isFloor = peer.Label == options.Floor;
            var size = peer.Size();
            string R(double a, double b) => b > 0 ? $"{a / b:0.00}" : "–";
            md.AppendLine($"| {peer.Label} | {R(Stats.Median(s.Startup), Stats.Median(floor.Startup))} | {R(Stats.Median(s.Startup), Stats.Median(native.Startup))} | "
                + $"{(isFloor ? "–" : R(Stats.Median(s.List), Stats.Median(native.List)))} | {(isFloor ? "–" : R(Stats.Median(s.Call), Stats.Median(native.Call)))} | "
                + $"{R(Stats.Median(s.Rss), Stats.Median(floor.Rss))} | {R(Stats.Median(s.Rss), Stats.Median(native.Rss))} | "
                + $"{R(size.Own + size.Runtime, floorSize)} | {R(size.Own + size.Runtime, nativeSize)} |");
        }
        ResultsFile.WriteSection(options.Results, "## Stdio: ratios", md.ToString());
        Console.Write(md.ToString());
        foreach (var m in mismatches) Console.Error.WriteLine("request mismatch: " + m);
        return mismatches.Count == 0 ? 0 : 1;
    }

    // The same GET the peers make, from this process: what a call costs without any MCP server in the way.
    private static async Task<List<double>> DirectCalls(HttpClient http, RecordingUpstream upstream, PeerOptions options, Dictionary<string, string> env)
    {
        var times = new List<double>();
        var target = upstream.LastTarget;
        if (target is null) return times;
        for (var i = 0; i < options.Calls; i++)
        {
            var clock = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Get, upstream.Url + target.PathAndQuery);
            request.Headers.TryAddWithoutValidation("Authorization", target.Authorization);
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        upstream.Forget();
        return times;
    }
}

/// <summary>Command line of the peer modes: repeated --peer "label=program[,argument...]" and --env NAME=VALUE.</summary>
sealed class PeerOptions
{
    public string Results = "bench/results.md";
    public int Rounds = 20;
    public int Calls = 100;
    public int Lists = 10;
    public string Tool = "";
    public string Arguments = "{}";
    public string Floor = "floor";
    public string Reference = "NativeMcp";
    public double Seconds = 3;
    public int Workers = 16;
    public List<PeerCommand> Peers = new();
    public Dictionary<string, string> Env = new();
    public List<string> UrlEnv = new();
    public List<string> Notes = new();

    public static PeerOptions Parse(string[] args)
    {
        // "@file": the arguments one a line (build.cake passes them so: they hold spaces and quotes).
        if (args.Length == 1 && args[0].StartsWith('@')) args = File.ReadAllLines(args[0][1..]).Where(l => l.Length > 0).ToArray();
        var o = new PeerOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--results": o.Results = Path.GetFullPath(value); break;
                case "--rounds": o.Rounds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--calls": o.Calls = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--lists": o.Lists = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seconds": o.Seconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--workers": o.Workers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--tool": o.Tool = value; break;
                case "--arguments": o.Arguments = value; break;
                case "--floor": o.Floor = value; break;
                case "--reference": o.Reference = value; break;
                case "--url-env": o.UrlEnv.Add(value); break;
                case "--note": o.Notes.Add(value); break;
                case "--env": o.Env[value.Split('=', 2)[0]] = value.Split('=', 2)[1]; break;
                case "--peer": o.Peers.Add(PeerCommand.Parse(value)); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (o.Peers.All(p => p.Label != o.Reference)) throw new ArgumentException($"no --peer labelled {o.Reference}");
        return o;
    }
}

/// <summary>One peer: a label and the command that starts it ("{port}" in an argument is replaced by the HTTP port).</summary>
sealed record PeerCommand(string Label, string Program, string[] Arguments)
{
    public static PeerCommand Parse(string text)
    {
        var (label, command) = (text.Split('=', 2)[0], text.Split('=', 2)[1].Split(','));
        var program = Path.GetFullPath(command[0]);
        return new PeerCommand(label, program, command.Skip(1).Select(a => File.Exists(a) ? Path.GetFullPath(a) : a).ToArray());
    }

    /// <summary>A script's folder for an interpreted peer, else the program's.</summary>
    public string WorkingDirectory => Path.GetDirectoryName(Arguments.FirstOrDefault(File.Exists) ?? Program)!;

    public ProcessStartInfo Start(Dictionary<string, string> env, int port = 0)
    {
        var start = new ProcessStartInfo(Program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = WorkingDirectory };
        foreach (var a in Arguments) start.ArgumentList.Add(a.Replace("{port}", port.ToString(CultureInfo.InvariantCulture)));
        foreach (var (k, v) in env) start.Environment[k] = v;
        return start;
    }

    /// <summary>Bytes on disk: a native peer's executable; an interpreted peer's folder (its packages) and, apart, the interpreter.</summary>
    public (long Own, long Runtime) Size()
    {
        if (Arguments.Length == 0 || !Arguments.Any(File.Exists)) return (new FileInfo(Program).Length, 0);
        var runtime = new FileInfo(new FileInfo(Program).ResolveLinkTarget(true)?.FullName ?? Program);
        // The interpreter's package may hold it twice (hard links): a file of its name and length is the interpreter.
        var own = new DirectoryInfo(WorkingDirectory).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => f.LinkTarget is null && !(f.Name == runtime.Name && f.Length == runtime.Length)).Sum(f => f.Length);
        return (own, runtime.Length);
    }

    public string SizeText()
    {
        var (own, runtime) = Size();
        return runtime == 0 ? $"{own / 1048576.0:0.00} MB" : $"{own / 1048576.0:0.00} MB + {Path.GetFileName(Program)} {runtime / 1048576.0:0.0} MB";
    }
}

sealed class PeerSamples
{
    public readonly List<double> Startup = new(), List = new(), Call = new(), Rss = new();
    public readonly HashSet<UpstreamRequestRecord> Requests = new();
    public long UpstreamCalls;

    public void Add(StdioPeerSession s)
    {
        Startup.Add(s.InitializeMs);
        if (s.ListMs.Count > 0) List.Add(Stats.Median(s.ListMs));
        if (s.CallMs.Count > 0) Call.Add(Stats.Median(s.CallMs));
        Rss.Add(s.PeakRssKb);
        Requests.UnionWith(s.Requests);
        UpstreamCalls += s.UpstreamCalls;
    }
}

/// <summary>One stdio process of one peer: initialize timed from exec, then tools/list and tools/call in the session.</summary>
sealed record StdioPeerSession(double InitializeMs, List<double> ListMs, List<double> CallMs, long PeakRssKb, List<UpstreamRequestRecord> Requests, long UpstreamCalls)
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"mcp-probe","version":"1.0.0"}}}""";
    public static StdioPeerSession Run(PeerCommand peer, Dictionary<string, string> env, string callParams, int lists, int calls, RecordingUpstream upstream)
    {
        upstream.Forget();
        var upstreamBefore = upstream.Count;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(peer.Start(env))!;
        process.ErrorDataReceived += (_, _) => { }; // drained, not kept: the Hosting peer logs every request
        process.BeginErrorReadLine();
        process.StandardInput.Write(Initialize + "\n");
        process.StandardInput.Flush();
        Answer(process, 1);
        var initializeMs = clock.Elapsed.TotalMilliseconds;

        var list = new List<double>();
        var call = new List<double>();
        var id = 2;
        if (calls > 0)
        {
            process.StandardInput.Write("""{"jsonrpc":"2.0","method":"notifications/initialized"}""" + "\n");
            for (var i = 0; i < lists; i++, id++)
            {
                var before = clock.Elapsed.TotalMilliseconds;
                process.StandardInput.Write("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}\n");
                process.StandardInput.Flush();
                if (!Answer(process, id).Contains("\"tools\"")) throw new InvalidOperationException($"{peer.Label}: tools/list answered without tools");
                list.Add(clock.Elapsed.TotalMilliseconds - before);
            }
            for (var i = 0; i < calls; i++, id++)
            {
                var before = clock.Elapsed.TotalMilliseconds;
                process.StandardInput.Write("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":" + callParams + "}\n");
                process.StandardInput.Flush();
                var answer = Answer(process, id);
                if (!answer.Contains("\"result\"") || answer.Contains("\"isError\":true")) throw new InvalidOperationException($"{peer.Label}: tools/call failed: {answer}");
                call.Add(clock.Elapsed.TotalMilliseconds - before);
            }
        }

        var rss = Machine.PeakRssKb(process.Id);
        process.StandardInput.Close();
        if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return new StdioPeerSession(initializeMs, list, call, rss, upstream.Take(), upstream.Count - upstreamBefore);
    }

    // The answer with this id; notifications and log lines a server writes in between are skipped.
    private static string Answer(Process process, int id)
    {
        var marker = "\"id\":" + id;
        while (true)
        {
            var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"stdout closed before the answer to request {id}");
            if (line.Contains(marker) && (line.Contains("\"result\"") || line.Contains("\"error\""))) return line;
        }
    }
}

/// <summary>What the upstream saw of one request: what every peer must send alike.</summary>
sealed record UpstreamRequestRecord(string Method, string PathAndQuery, string? Authorization, string? UserAgent)
{
    public override string ToString() => $"{Method} {PathAndQuery} (Authorization: {Authorization}; User-Agent: {UserAgent})";
}

/// <summary>The one loopback upstream: answers every request with the same small JSON body and records it.</summary>
sealed class RecordingUpstream : IDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"data":[{"id":"bk_1","status":"upcoming","startTime":"2026-01-05T10:00:00Z","guest":{"name":"Ada","email":"ada@example.com"}}],"meta":{"page":1,"total":1}}""");
    private readonly System.Net.HttpListener listener = new();
    private readonly HashSet<UpstreamRequestRecord> seen = new(); // distinct requests: under load most are alike
    private long count;

    public RecordingUpstream()
    {
        var port = Machine.FreePort();
        Url = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                System.Net.HttpListenerContext context;
                try { context = await listener.GetContextAsync(); } catch { return; }
                _ = Task.Run(async () =>
                {
                    var r = context.Request;
                    var record = new UpstreamRequestRecord(r.HttpMethod, r.RawUrl ?? "", r.Headers["Authorization"], r.Headers["User-Agent"]);
                    Interlocked.Increment(ref count);
                    lock (seen) { if (seen.Count < 1_000) seen.Add(record); LastTarget ??= new Target(record.PathAndQuery, record.Authorization); }
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength64 = Body.Length;
                    await context.Response.OutputStream.WriteAsync(Body);
                    context.Response.Close();
                });
            }
        });
    }

    public sealed record Target(string PathAndQuery, string? Authorization);

    public string Url { get; }
    public Target? LastTarget { get; private set; }
    public long Count => Interlocked.Read(ref count);

    /// <summary>The distinct requests recorded since the last Take or Forget.</summary>
    public List<UpstreamRequestRecord> Take() { lock (seen) { var all = seen.ToList(); seen.Clear(); return all; } }

    public void Forget() { lock (seen) seen.Clear(); }

    public void Dispose() { listener.Stop(); listener.Close(); }
}

static class Stats
{
    public static double Median(List<double> values)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

static class Machine
{
    public static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";

    public static double MemoryGb()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:")) : null;
        return line is null ? 0 : long.Parse(Regex.Match(line, @"\d+").Value, CultureInfo.InvariantCulture) / 1048576.0;
    }

    public static long PeakRssKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
        return line is null ? 0 : long.Parse(Regex.Match(line, @"\d+").Value, CultureInfo.InvariantCulture);
    }

    public static TimeSpan CpuTime(int pid)
    {
        // /proc/<pid>/stat fields 14 and 15: user and system time in clock ticks (100 a second).
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0);
    }

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>
/// The HTTP peers (mode <c>peers-http</c>): stateless Streamable HTTP servers with the same tools, all started at once
/// on 127.0.0.1 and loaded in turn, round-robin (rows of --seconds each), with tools/list and with one tools/call whose
/// upstream is the probe's recording upstream. Every upstream request must match the reference server's.
/// Appends to bench/results.md.
/// </summary>
static class PeerHttpBench
{
    private sealed record Server(PeerCommand Peer, Process Process, int Port);

    private sealed class Row
    {
        public long Ok, Failed, Upstream;
        public double Seconds, ServerCpu, GeneratorCpu;
        public readonly List<UpstreamRequestRecord> Requests = new();
        public double Rate => Seconds > 0 ? Ok / Seconds : 0;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var options = PeerOptions.Parse(args);
        using var upstream = new RecordingUpstream();
        var env = new Dictionary<string, string>(options.Env);
        foreach (var name in options.UrlEnv) env[name] = upstream.Url;
        var list = """{"jsonrpc":"2.0","method":"tools/list","id":1}""";
        var call = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + options.Tool + "\",\"arguments\":" + options.Arguments + "},\"id\":2}";
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Workers });

        var servers = new List<Server>();
        var rows = new Dictionary<(string, string), Row>();
        try
        {
            foreach (var peer in options.Peers)
            {
                var port = Machine.FreePort();
                var start = peer.Start(env, port);
                start.RedirectStandardInput = false;
                var process = Process.Start(start)!;
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                servers.Add(new Server(peer, process, port));
            }
            foreach (var server in servers)
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (!await Healthy(http, server.Port))
                {
                    if (server.Process.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"{server.Peer.Label} did not come up on port {server.Port}");
                    await Task.Delay(50);
                }
                foreach (var kind in new[] { "list", "call" }) rows[(server.Peer.Label, kind)] = new Row();
            }

            for (var round = -1; round < options.Rounds; round++)
            {
                // Round -1 warms every server up (JIT for Node, connection pools for all); it is not counted.
                var duration = TimeSpan.FromSeconds(round < 0 ? 1 : options.Seconds);
                var order = servers.Skip(Math.Max(round, 0) % servers.Count).Concat(servers.Take(Math.Max(round, 0) % servers.Count));
                foreach (var server in order)
                {
                    foreach (var (kind, payload) in new[] { ("list", list), ("call", call) })
                    {
                        upstream.Forget();
                        var hits = upstream.Count;
                        var self = Process.GetCurrentProcess();
                        var selfCpu = self.TotalProcessorTime;
                        var serverCpu = Machine.CpuTime(server.Process.Id);
                        var clock = Stopwatch.StartNew();
                        var (ok, failed) = await Load(http, server.Port, payload, options.Workers, duration);
                        var wall = clock.Elapsed;
                        if (round < 0) continue;
                        self.Refresh();
                        var row = rows[(server.Peer.Label, kind)];
                        row.Ok += ok;
                        row.Failed += failed;
                        row.Seconds += wall.TotalSeconds;
                        row.Upstream += upstream.Count - hits;
                        row.ServerCpu += (Machine.CpuTime(server.Process.Id) - serverCpu).TotalSeconds;
                        row.GeneratorCpu += (self.TotalProcessorTime - selfCpu).TotalSeconds;
                        var seen = upstream.Take();
                        row.Requests.AddRange(seen);
                    }
                }
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                if (!server.Process.HasExited) server.Process.Kill(entireProcessTree: true);
                server.Process.WaitForExit(10_000);
            }
        }

        var reference = rows[(options.Reference, "call")].Requests.FirstOrDefault();
        var mismatches = rows.Where(r => r.Key.Item2 == "call" && (r.Value.Upstream == 0 || r.Value.Requests.Any(x => x != reference)))
            .Select(r => $"{r.Key.Item1}: {string.Join(" | ", r.Value.Requests.Distinct())}").ToList();
        var native = (List: rows[(options.Reference, "list")].Rate, Call: rows[(options.Reference, "call")].Rate);

        var md = new StringBuilder();
        md.AppendLine($"Stateless Streamable HTTP on 127.0.0.1, {options.Workers} concurrent keep-alive workers in the load generator (this probe, which also serves the upstream), "
            + $"{options.Rounds} rounds of {options.Seconds:0.#} s a row after a 1 s warm-up row each, the servers taking turns (order rotating each round); every server was running throughout. "
            + $"CPU share is CPU time over wall time (200% = both cores). tools/call: `{options.Tool}` with `{options.Arguments}`, one upstream GET each: `{reference}`.").AppendLine();
        md.AppendLine($"- request check: {(mismatches.Count == 0 ? "every server sent exactly the reference's request" : "MISMATCH: " + string.Join("; ", mismatches))}");
        foreach (var note in options.Notes) md.AppendLine("- " + note);
        md.AppendLine();
        md.AppendLine("| server | tools/list requests/s | ×NativeMcp | tools/call requests/s | ×NativeMcp | failed | upstream requests | server CPU (list / call) | load generator CPU (list / call) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var peer in options.Peers)
        {
            var l = rows[(peer.Label, "list")];
            var c = rows[(peer.Label, "call")];
            md.AppendLine($"| {peer.Label} | {l.Rate:0} | {l.Rate / native.List:0.00} | {c.Rate:0} | {c.Rate / native.Call:0.00} | {l.Failed + c.Failed} | {c.Upstream} | "
                + $"{l.ServerCpu / l.Seconds * 100:0}% / {c.ServerCpu / c.Seconds * 100:0}% | {l.GeneratorCpu / l.Seconds * 100:0}% / {c.GeneratorCpu / c.Seconds * 100:0}% |");
        }
        ResultsFile.WriteSection(options.Results, "## Streamable HTTP throughput", md.ToString());
        Console.Write(md.ToString());
        foreach (var m in mismatches) Console.Error.WriteLine("request mismatch: " + m);
        return mismatches.Count == 0 ? 0 : 1;
    }

    private static async Task<(long Ok, long Failed)> Load(HttpClient http, int port, string payload, int workers, TimeSpan duration)
    {
        long ok = 0, failed = 0;
        var until = DateTime.UtcNow + duration;
        var body = Encoding.UTF8.GetBytes(payload);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (DateTime.UtcNow < until)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/mcp") { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                // What the specification asks of a client; a server may then answer JSON or an SSE stream.
                request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
                try
                {
                    using var response = await http.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    // A tool error (isError) is a failure here: the call rows must count real upstream round trips.
                    if (response.IsSuccessStatusCode && text.Contains("\"result\"") && !text.Contains("\"isError\":true")) Interlocked.Increment(ref ok); else Interlocked.Increment(ref failed);
                }
                catch (HttpRequestException) { Interlocked.Increment(ref failed); }
            }
        }));
        return (ok, failed);
    }

    private static async Task<bool> Healthy(HttpClient http, int port)
    {
        try { return await http.GetStringAsync($"http://127.0.0.1:{port}/healthz") == "ok"; } catch (HttpRequestException) { return false; }
    }
}

/// <summary>
/// bench/results.md is shared by every benchmark target: each writes only its own sections (a "## " heading up to the
/// next), so running one benchmark never drops another's figures.
/// </summary>
static class ResultsFile
{
    private const string Title = "# Benchmark results\n\n";

    /// <summary>Replaces the text between the title and the first section.</summary>
    public static void WritePreamble(string file, string body)
    {
        var text = Read(file);
        var first = text.IndexOf("\n## ", StringComparison.Ordinal);
        File.WriteAllText(file, Title + body.Trim() + "\n" + (first < 0 ? "" : text[first..]));
    }

    /// <summary>Replaces the section under <paramref name="heading"/>, or appends it.</summary>
    public static void WriteSection(string file, string heading, string body)
    {
        var text = Read(file);
        var section = heading + "\n\n" + body.Trim() + "\n";
        var at = text.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        if (at < 0)
        {
            text = text.TrimEnd() + "\n\n" + section;
        }
        else
        {
            var next = text.IndexOf("\n## ", at + heading.Length + 1, StringComparison.Ordinal);
            text = text[..(at + 1)] + section + (next < 0 ? "" : text[next..]);
        }
        File.WriteAllText(file, text);
    }

    // Line ends as LF and a last line that ends (a checkout may have CRLF, an editor may drop the final newline):
    // otherwise a heading is not found and its section is written twice.
    private static string Read(string file) =>
        (File.Exists(file) ? File.ReadAllText(file) : Title).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";
}
