using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NativeMcp.Tests.Infrastructure;

/// <summary>One request as the fake upstream received it.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>What the fake upstream answers.</summary>
public sealed record FakeResponse(int Status, string? ContentType, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeResponse Json(string body, int status = 200) => new(status, "application/json", body);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, ephemeral port) that records every request and answers
/// with <see cref="Respond"/>. By default it echoes the request as JSON. It stops when disposed, and
/// by itself after five minutes so that a hung test never leaves it running.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _lifetime = new(TimeSpan.FromMinutes(5));

    private FakeUpstream(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Func<RecordedRequest, FakeResponse> Respond { get; set; } = Echo;

    public string BaseUrl { get; private set; } = "";

    public RecordedRequest Last => Requests.Last();

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeUpstream(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredServiceFeature().Addresses.First();
        fake._lifetime.Token.Register(() => _ = app.StopAsync());
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        // The raw request target, as it went over the wire (Request.Path is already unescaped).
        var rawTarget = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
        var queryStart = rawTarget.IndexOf('?');
        var request = new RecordedRequest(
            context.Request.Method,
            queryStart < 0 ? rawTarget : rawTarget[..queryStart],
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body);
        Requests.Enqueue(request);

        var response = Respond(request);
        context.Response.StatusCode = response.Status;
        if (response.ContentType is not null) context.Response.ContentType = response.ContentType;
        foreach (var header in response.Headers ?? new Dictionary<string, string>()) context.Response.Headers[header.Key] = header.Value;
        await context.Response.WriteAsync(response.Body);
    }

    /// <summary>Answers with the request itself, so tests can also check what the tool returned.</summary>
    public static FakeResponse Echo(RecordedRequest request)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["method"] = request.Method,
            ["path"] = request.Path,
            ["query"] = request.QueryString,
            ["body"] = request.Body,
        });
        return FakeResponse.Json(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _lifetime.Dispose();
    }
}

internal static class ServerAddressExtensions
{
    public static IServerAddressesFeature GetRequiredServiceFeature(this IServiceProvider services) =>
        ((IServer)services.GetService(typeof(IServer))!).Features.Get<IServerAddressesFeature>()!;
}
