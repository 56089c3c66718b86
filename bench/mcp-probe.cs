#:property PublishAot=false
#:property ImplicitUsings=enable
// Drives a NativeMcp binary over stdio, exactly as an MCP client does, and measures it.
//   dotnet run bench/mcp-probe.cs -- demo  <binary>                      tools table + start-up time
//   dotnet run bench/mcp-probe.cs -- bench <binary> <results.md> [runs]  start-up, peak RSS, size -> markdown
//   dotnet run bench/mcp-probe.cs -- http  <binary> <results.md> <tool>  HTTP requests/s -> appended to markdown
// Required environment variables are read from the binary's --help and given placeholder values:
// neither mode calls the upstream API.
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

if (args.Length < 2 || args[0] is not ("demo" or "bench" or "http"))
{
    Console.Error.WriteLine("usage: mcp-probe demo <binary> | bench <binary> <results.md> [runs]");
    return 2;
}

var binary = Path.GetFullPath(args[1]);
var placeholders = RequiredVariables(binary).ToDictionary(name => name, name => "placeholder-" + name.ToLowerInvariant());

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
md.AppendLine("# Benchmark results").AppendLine();
md.AppendLine("Written by `dotnet cake --target=Bench` (script: `bench/mcp-probe.cs`). Do not edit by hand.").AppendLine();
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
File.WriteAllText(results, md.ToString());
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

static IEnumerable<string> RequiredVariables(string binary)
{
    var help = Process.Start(new ProcessStartInfo(binary, "--help") { RedirectStandardOutput = true })!;
    var text = help.StandardOutput.ReadToEnd();
    help.WaitForExit();
    return Regex.Matches(text, @"^  (\S+)\s+required\b", RegexOptions.Multiline).Select(m => m.Groups[1].Value);
}

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
sealed record Session(JsonElement Initialize, JsonElement? Tools, double InitializeMs, double ToolsListMs, long PeakRssKb, int ToolCount, List<string> Stderr)
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
        process.StandardInput.Close();
        if (!process.WaitForExit(10_000)) process.Kill();
        process.WaitForExit();
        return new Session(initialize, tools, initializeMs, toolsMs, rssKb, tools?.GetArrayLength() ?? 0, stderr);
    }

    private static long ReadPeakRssKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
        return line is null ? 0 : long.Parse(Regex.Match(line, @"\d+").Value, CultureInfo.InvariantCulture);
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
        md.AppendLine().AppendLine("## Streamable HTTP throughput").AppendLine();
        md.AppendLine($"`{Path.GetFileName(binary)} --http` (stateless, JSON answers), {Workers} concurrent keep-alive workers in the load generator, {Duration.TotalSeconds:0} s a row after 1 s of warm-up, on the same {Environment.ProcessorCount}-core machine. CPU share is CPU time over wall time (200% = both cores); the load generator (this probe, also serving the loopback upstream) takes its share from the server.").AppendLine();
        md.AppendLine("| request | requests/s | failed | upstream requests | server CPU | load generator CPU |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in rows) md.AppendLine(row);
        File.AppendAllText(results, md.ToString());
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
