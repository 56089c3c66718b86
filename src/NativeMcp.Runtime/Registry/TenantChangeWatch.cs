using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// Tells open tenant sessions when their tool set changed, whichever process made the change: it reads every tenant's
/// <see cref="IRegistryStore.ToolSetStampsAsync"/> once per <see cref="Interval"/> (one query without the env column,
/// the same on SQLite and PostgreSQL) and sends <c>notifications/tools/list_changed</c> to the sessions and the
/// <c>subscriptions/listen</c> streams (<see cref="TenantListens"/>) of exactly the tenants whose stamp moved. An admin change made in this process wakes it at once (<see cref="Poke"/>); one made
/// by another process sharing the database is seen within the interval. Polling, not LISTEN/NOTIFY: it needs no
/// trigger or held connection, works on SQLite too, and a missed wake-up can only delay a notification, never lose it.
/// </summary>
internal sealed class TenantChangeWatch : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly IRegistryStore _store;
    private readonly TenantSessions _sessions;
    private readonly TenantListens _listens;
    private readonly TextWriter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Task _loop;
    private IReadOnlyDictionary<string, string>? _last;

    public TenantChangeWatch(IRegistryStore store, TenantSessions sessions, TenantListens listens, TextWriter log)
    {
        _store = store;
        _sessions = sessions;
        _listens = listens;
        _log = log;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Notifications sent so far (for the log and the tests).</summary>
    public int Sent => Volatile.Read(ref _sent);

    private int _sent;

    /// <summary>Checks now instead of at the next tick (the admin API calls this after a change).</summary>
    public void Poke()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A check is already due.
        }
    }

    private async Task LoopAsync()
    {
        var failed = false;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(_stop.Token).ConfigureAwait(false);
                failed = false;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is away for a moment: the next tick compares against the last stamps read, so
                // nothing is lost. Logged once per outage, the type only (a driver message can quote a row).
                if (!failed) _log.WriteLine("registry: cannot read the tenants' tool sets for list_changed: " + ex.GetType().Name);
                failed = true;
            }
            try
            {
                await _wake.WaitAsync(Interval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = await _store.ToolSetStampsAsync(cancellationToken).ConfigureAwait(false);
        var last = _last;
        _last = now;
        // The first read is the baseline: a session opened before it saw the tool set it describes.
        if (last is null) return;
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (tenant, stamp) in now)
        {
            if (!last.TryGetValue(tenant, out var before) || before != stamp) changed.Add(tenant);
        }
        foreach (var tenant in last.Keys)
        {
            if (!now.ContainsKey(tenant)) changed.Add(tenant);
        }
        if (changed.Count == 0) return;
        var sent = await Task.WhenAll(_sessions.NotifyToolsChangedAsync(changed, cancellationToken), _listens.NotifyToolsChangedAsync(changed, cancellationToken)).ConfigureAwait(false);
        Interlocked.Add(ref _sent, sent[0] + sent[1]);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _wake.Dispose();
    }
}
