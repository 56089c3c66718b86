using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Tests.Infrastructure;

/// <summary>The moment each request enters the HTTP handler, that is, leaves the server's own limiter and retries.</summary>
internal sealed class SendTimes() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<TimeSpan> _times = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IReadOnlyCollection<TimeSpan> Times => _times;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _times.Enqueue(_clock.Elapsed);
        return base.SendAsync(request, cancellationToken);
    }
}
