using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Tests.Browser;

/// <summary>
/// Debian's headless Chromium driven over the Chrome DevTools Protocol (one WebSocket, flattened sessions): one page,
/// navigation, script evaluation, real mouse clicks and typed text, polling for DOM state, screenshots. The browser
/// runs on a temporary profile with the debugging port on 127.0.0.1 chosen by the system; disposing kills its whole
/// process tree and deletes the profile.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _stderr = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private Task _reader = Task.CompletedTask;
    private int _nextId;
    private string? _session;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Everything the browser wrote to stderr so far (for failure messages).</summary>
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public static async Task<HeadlessChromium> StartAsync(TimeSpan timeout)
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException(Executable + " is missing: install Debian's chromium package (apt-get install chromium)");
        var profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless=new", "--no-sandbox", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
            "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--hide-scrollbars", "--mute-audio", "--window-size=1280,1000", "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        var browser = new HeadlessChromium(process, profile);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (browser._stderr) browser._stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await browser.ConnectAsync(timeout);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads the port and browser path from DevToolsActivePort (written once the port is open), connects and opens one page.</summary>
    private async Task ConnectAsync(TimeSpan timeout)
    {
        var file = Path.Combine(_profile, "DevToolsActivePort");
        var deadline = Stopwatch.StartNew();
        string[] lines = [];
        while (lines.Length < 2)
        {
            if (_process.HasExited) throw new InvalidOperationException("chromium exited with " + _process.ExitCode + ": " + Stderr);
            if (deadline.Elapsed > timeout) throw new TimeoutException("chromium wrote no DevToolsActivePort in " + timeout.TotalSeconds + " s: " + Stderr);
            try
            {
                if (File.Exists(file)) lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToArray();
            }
            catch (IOException)
            {
                // Being written: read it again on the next turn.
            }
            if (lines.Length < 2) await Task.Delay(50);
        }
        using (var connect = new CancellationTokenSource(timeout))
        {
            await _socket.ConnectAsync(new Uri("ws://127.0.0.1:" + lines[0].Trim() + lines[1].Trim()), connect.Token);
        }
        _reader = Task.Run(ReadLoopAsync);
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browserLevel: true);
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, browserLevel: true);
        _session = attached["sessionId"]!.GetValue<string>();
        await SendAsync("Page.enable");
        await SendAsync("Runtime.enable");
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var node = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var waiter))
                {
                    if (node["error"] is { } error) waiter.TrySetException(new InvalidOperationException("CDP error: " + error.ToJsonString()));
                    else waiter.TrySetResult(node["result"]?.AsObject() ?? new JsonObject());
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The browser went away or we are stopping: the pending calls fail below.
        }
        foreach (var waiter in _pending.Values) waiter.TrySetException(new InvalidOperationException("the DevTools connection closed: " + Stderr));
    }

    /// <summary>One DevTools command (on the page's session unless browser-level); its result.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, bool browserLevel = false, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var waiter = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = waiter;
        var command = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browserLevel) command["sessionId"] = _session;
        var bytes = Encoding.UTF8.GetBytes(command.ToJsonString());
        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        }
        finally
        {
            _send.Release();
        }
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var finished = await Task.WhenAny(waiter.Task, Task.Delay(limit));
        if (finished != waiter.Task)
        {
            _pending.TryRemove(id, out _);
            throw new TimeoutException(method + " got no answer in " + limit.TotalSeconds + " s");
        }
        return await waiter.Task;
    }

    /// <summary>Loads the URL and waits until its document has finished loading.</summary>
    public async Task NavigateAsync(string url, TimeSpan timeout)
    {
        var navigated = await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        if (navigated["errorText"] is { } error) throw new InvalidOperationException("navigation to " + url + " failed: " + error);
        await WaitForAsync("document.readyState === 'complete' && location.href.startsWith(" + Js(url) + ")", timeout, "the page " + url + " to load");
    }

    /// <summary>Evaluates a script expression in the page (promises awaited); its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } exception) throw new InvalidOperationException("script failed: " + expression + " → " + exception.ToJsonString());
        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>Polls the expression until it is true (no fixed sleeps: each turn is one round trip to the page).</summary>
    public async Task WaitForAsync(string condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await EvaluateAsync("Boolean(" + condition + ")");
            if (value is not null && value.GetValue<bool>()) return;
            if (clock.Elapsed > timeout) throw new TimeoutException("waited " + timeout.TotalSeconds + " s for " + what + " (" + condition + ")");
            await Task.Delay(100);
        }
    }

    /// <summary>A real left click at the centre of the element (scrolled into view first).</summary>
    public async Task ClickAsync(string selector)
    {
        var box = await EvaluateAsync("(() => { const e = document.querySelector(" + Js(selector) + "); if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()")
            ?? throw new InvalidOperationException("no element matches " + selector);
        var x = box[0]!.GetValue<double>();
        var y = box[1]!.GetValue<double>();
        foreach (var type in new[] { "mousePressed", "mouseReleased" })
        {
            await SendAsync("Input.dispatchMouseEvent", new JsonObject { ["type"] = type, ["x"] = x, ["y"] = y, ["button"] = "left", ["clickCount"] = 1 });
        }
    }

    /// <summary>Focuses the field, clears it and types the text as keyboard input.</summary>
    public async Task TypeAsync(string selector, string text)
    {
        var found = await EvaluateAsync("(() => { const e = document.querySelector(" + Js(selector) + "); if (!e) return false; e.focus(); e.value = ''; return true; })()");
        if (found is null || !found.GetValue<bool>()) throw new InvalidOperationException("no field matches " + selector);
        if (text.Length > 0) await SendAsync("Input.insertText", new JsonObject { ["text"] = text });
    }

    /// <summary>Chooses an option of a select element as a person would (the change event fires).</summary>
    public async Task SelectAsync(string selector, string value)
    {
        var found = await EvaluateAsync("(() => { const e = document.querySelector(" + Js(selector) + "); if (!e) return false; e.value = " + Js(value) + "; e.dispatchEvent(new Event('change', {bubbles: true})); return e.value === " + Js(value) + "; })()");
        if (found is null || !found.GetValue<bool>()) throw new InvalidOperationException(selector + " has no option " + value);
    }

    /// <summary>A PNG of the whole page.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    /// <summary>A JavaScript string literal.</summary>
    public static string Js(string text) => JsonSerializer.Serialize(text);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20)).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        _process.Dispose();
        _stop.Dispose();
        _send.Dispose();
        // Chromium's helpers may hold the profile a moment after the kill.
        for (var attempt = 0; attempt < 20 && Directory.Exists(_profile); attempt++)
        {
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(100);
            }
        }
    }
}
