using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// Keeps the call log within <c>registry.callLog.retention</c>: deletes the calls older than the retention before the
/// registry serves (a registry stopped for a while starts without what expired meanwhile), then once per
/// <see cref="Interval"/>, whether calls are arriving or not. A timer rather than a DELETE on the append path keeps a call's write one
/// INSERT. Every process sharing a database prunes; the DELETEs are idempotent, so that costs a query, not a conflict.
/// </summary>
internal sealed class CallLogPruning : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly IRegistryStore _store;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;
    private readonly TextWriter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;
    private int _pruned;

    private CallLogPruning(IRegistryStore store, TimeSpan retention, TextWriter log, TimeProvider time, TimeSpan interval, int pruned)
    {
        _store = store;
        _retention = retention;
        _log = log;
        _time = time;
        _pruned = pruned;
        _timer = new PeriodicTimer(interval, time);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Prunes once (a database error here fails the start), then starts the timer.</summary>
    /// <param name="interval">Time between prunes; <see cref="Interval"/> unless a test needs it shorter.</param>
    public static async Task<CallLogPruning> StartAsync(IRegistryStore store, TimeSpan retention, TextWriter log, CancellationToken cancellationToken, TimeProvider? time = null, TimeSpan? interval = null)
    {
        time ??= TimeProvider.System;
        var pruned = await store.PruneCallsAsync(time.GetUtcNow() - retention, cancellationToken).ConfigureAwait(false);
        return new CallLogPruning(store, retention, log, time, interval ?? Interval, pruned);
    }

    /// <summary>Calls deleted so far by this process (for the tests).</summary>
    public int Pruned => Volatile.Read(ref _pruned);

    private async Task LoopAsync()
    {
        var failed = false;
        while (await NextTickAsync().ConfigureAwait(false))
        {
            try
            {
                Interlocked.Add(ref _pruned, await _store.PruneCallsAsync(_time.GetUtcNow() - _retention, _stop.Token).ConfigureAwait(false));
                failed = false;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is away for a moment: the next tick prunes what this one could not. Logged once per
                // outage, the type only (a driver message can quote a row).
                if (!failed) _log.WriteLine("registry: cannot prune the call log: " + ex.GetType().Name);
                failed = true;
            }
        }
    }

    private async Task<bool> NextTickAsync()
    {
        try
        {
            return await _timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _timer.Dispose();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
