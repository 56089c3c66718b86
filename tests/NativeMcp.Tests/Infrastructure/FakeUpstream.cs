using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace NativeMcp.Tests.Infrastructure;

/// <summary>One request as the fake upstream received it.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset At)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;

    /// <summary>The body's bytes exactly as they arrived (<see cref="Body"/> is them read as UTF-8).</summary>
    public byte[] BodyBytes { get; init; } = [];
}

/// <summary>
/// What the fake upstream answers. <see cref="Delay"/> holds the answer back (timeouts, cancellation);
/// <see cref="Bytes"/> replaces <see cref="Body"/> for binary; <see cref="Chunked"/> sends no Content-Length.
/// </summary>
public sealed record FakeResponse(int Status, string? ContentType, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public TimeSpan Delay { get; init; }

    public byte[]? Bytes { get; init; }

    public bool Chunked { get; init; }

    public static FakeResponse Json(string body, int status = 200) => new(status, "application/json", body);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, ephemeral port; HTTPS with a self-signed certificate on
/// request) that records every request and answers with <see cref="Respond"/>. By default it echoes
/// the request as JSON. It stops when disposed, and by itself after five minutes so that a hung test
/// never leaves it running.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _lifetime = new(TimeSpan.FromMinutes(5));

    private FakeUpstream(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Requests whose client went away before the answer was sent (MCP cancellation, timeouts).</summary>
    public ConcurrentQueue<RecordedRequest> Aborted { get; } = new();

    public Func<RecordedRequest, FakeResponse> Respond { get; set; } = Echo;

    public string BaseUrl { get; private set; } = "";

    public RecordedRequest Last => Requests.Last();

    public static async Task<FakeUpstream> StartAsync(bool https = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (https) listen.UseHttps(SelfSignedCertificate());
        }));
        var app = builder.Build();
        var fake = new FakeUpstream(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = ((IServer)app.Services.GetService(typeof(IServer))!).Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address.Replace("[::1]", "127.0.0.1");
        fake._lifetime.Token.Register(() => _ = app.StopAsync());
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var received = new MemoryStream();
        await context.Request.Body.CopyToAsync(received);
        var bodyBytes = received.ToArray();
        var body = Encoding.UTF8.GetString(bodyBytes);
        // The raw request target, as it went over the wire (Request.Path is already unescaped).
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var queryStart = rawTarget.IndexOf('?');
        var request = new RecordedRequest(
            context.Request.Method,
            queryStart < 0 ? rawTarget : rawTarget[..queryStart],
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body,
            DateTimeOffset.UtcNow)
        {
            BodyBytes = bodyBytes,
        };
        Requests.Enqueue(request);

        var response = Respond(request);
        if (response.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Aborted.Enqueue(request);
                return;
            }
        }

        context.Response.StatusCode = response.Status;
        if (response.ContentType is not null) context.Response.ContentType = response.ContentType;
        foreach (var header in response.Headers ?? new Dictionary<string, string>()) context.Response.Headers[header.Key] = header.Value;
        var bytes = response.Bytes ?? Encoding.UTF8.GetBytes(response.Body);
        if (!response.Chunked) context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
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

    /// <summary>A certificate nothing trusts: a client that validates certificates must refuse it.</summary>
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _lifetime.Dispose();
    }
}
