using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NativeMcp.Generated.Limited;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>
/// The client-side rate limit: the seed's 60 a minute, scaled to 60 a second. Timed, so it runs alone, after the
/// tests that run in parallel: their load would shift the limiter's timer and the upstream's clock.
/// </summary>
[Collection(nameof(RateLimitTests))]
public sealed class RateLimitTests
{
    [Fact]
    public async Task Two_hundred_concurrent_calls_all_succeed_and_the_limit_holds()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Respond = r => FakeResponse.Json("{\"n\":" + r.QueryString.Split('=')[1] + "}");
        using var sent = new SendTimes();
        await using var server = await InProcessServer.StartAsync(LimitedServer.Definition,
            new Dictionary<string, string?> { ["LIMITED_URL"] = upstream.BaseUrl }, sent);

        var calls = Enumerable.Range(0, 200).Select(n => server.Client.CallJsonAsync("ping", "{\"n\":" + n + "}")).ToArray();
        var results = await Task.WhenAll(calls);

        // No call lost or mixed up: each got its own answer.
        Assert.All(results, r => Assert.NotEqual(true, r.IsError));
        Assert.Equal(Enumerable.Range(0, 200), results.Select(r => r.StructuredContent!.Value.GetProperty("n").GetInt32()).Order());
        Assert.Equal(200, upstream.Requests.Count);

        // The limiter counts a sliding window of ten 100 ms segments on its own timer: permits granted in one
        // segment come back when that segment leaves the window, 900 to 1,000 ms later depending on where in
        // the segment they were granted, and later still by the timer's jitter. So a span of 900 ms can just
        // hold two windows' grants; any span shorter by one more segment, 800 ms, lies within one enforced window
        // and may hold no more than 60 requests.
        // Timed where each request leaves the client, after the limiter let it go. Arrival times at the upstream
        // would also count the first burst's 60 new connections: on a loaded machine they can take half a second
        // to open, which moves the whole first window's arrivals closer to the second's.
        var times = sent.Times.Order().ToArray();
        Assert.Equal(200, times.Length);
        var busiest = times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < TimeSpan.FromMilliseconds(800)).Count()).Max();
        Assert.InRange(busiest, 1, 60);
        // And it really did hold calls back: 200 calls at 60 a second take about three seconds.
        Assert.True(times[^1] - times[0] > TimeSpan.FromSeconds(2), "spread " + (times[^1] - times[0]));
    }

    [Fact]
    public async Task Calls_that_cannot_get_a_turn_in_time_fail_with_rate_limited_and_when_to_retry()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await InProcessServer.StartAsync(LimitedServer.Definition,
            new Dictionary<string, string?> { ["LIMITED_URL"] = upstream.BaseUrl });

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(n => server.Client.CallJsonAsync("ping_impatient", "{\"n\":" + n + "}")));

        Assert.Equal(2, results.Count(r => r.IsError != true));
        var limited = results.Where(r => r.IsError == true).ToList();
        Assert.Equal(4, limited.Count);
        Assert.All(limited, r => Assert.Matches(
            @"^rate_limited: GET /ping failed: the client-side limit of 2 requests per 1 min to impatient is reached; this call waited \d+ ms for its turn\. Retry after \d+ s\.",
            r.Text()));
        Assert.Equal(2, upstream.Requests.Count);
    }
}

[CollectionDefinition(nameof(RateLimitTests), DisableParallelization = true)]
public sealed class RateLimitTestsCollection
{
}
