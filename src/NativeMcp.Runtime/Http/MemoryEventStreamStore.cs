using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

#pragma warning disable MCP9006 // stateful Streamable HTTP resumability is obsolete for new protocol revisions; 2025-11-25 clients use it

namespace NativeMcp.Runtime.Http;

/// <summary>
/// SSE events of the session mode kept in memory (SEP-1699): each event gets an id, and a client whose stream
/// closed reconnects with Last-Event-ID and receives what it missed, then what follows until the stream ends.
/// Streams are dropped with their session.
/// </summary>
internal sealed class MemoryEventStreamStore : ISseEventStreamStore
{
    private readonly ConcurrentDictionary<string, EventLog> _logs = new(StringComparer.Ordinal);

    public ValueTask<ISseEventStreamWriter> CreateStreamAsync(SseEventStreamOptions options, CancellationToken cancellationToken = default)
    {
        var log = _logs.GetOrAdd(options.SessionId + "\n" + options.StreamId, _ => new EventLog(options.SessionId, options.StreamId));
        return ValueTask.FromResult<ISseEventStreamWriter>(new Writer(log));
    }

    public ValueTask<ISseEventStreamReader?> GetStreamReaderAsync(string lastEventId, CancellationToken cancellationToken = default)
    {
        // Event ids are "<session>:<stream>:<sequence>" (the session id has no ':').
        var parts = lastEventId.Split(':', 3);
        if (parts.Length == 3 && long.TryParse(parts[2], out var sequence) && _logs.TryGetValue(parts[0] + "\n" + parts[1], out var log))
        {
            return ValueTask.FromResult<ISseEventStreamReader?>(new Reader(log, sequence));
        }
        return ValueTask.FromResult<ISseEventStreamReader?>(null);
    }

    public void RemoveSession(string sessionId)
    {
        foreach (var key in _logs.Keys)
        {
            if (key.StartsWith(sessionId + "\n", StringComparison.Ordinal)) _logs.TryRemove(key, out _);
        }
    }

    private sealed class EventLog(string sessionId, string streamId)
    {
        private readonly List<SseItem<JsonRpcMessage?>> _events = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string SessionId { get; } = sessionId;
        public string StreamId { get; } = streamId;
        public bool Completed { get; private set; }

        public SseItem<JsonRpcMessage?> Append(SseItem<JsonRpcMessage?> item)
        {
            lock (_events)
            {
                var stored = item with { EventId = SessionId + ":" + StreamId + ":" + (_events.Count + 1) };
                _events.Add(stored);
                Signal();
                return stored;
            }
        }

        public void Complete()
        {
            lock (_events)
            {
                Completed = true;
                Signal();
            }
        }

        /// <summary>Events after <paramref name="sequence"/>, whether the stream has ended, and a task for the next change.</summary>
        public (List<SseItem<JsonRpcMessage?>> Events, bool Completed, Task Changed) After(long sequence)
        {
            lock (_events)
            {
                var from = (int)Math.Min(Math.Max(sequence, 0), _events.Count);
                return (_events.GetRange(from, _events.Count - from), Completed, _changed.Task);
            }
        }

        private void Signal()
        {
            var previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.TrySetResult();
        }
    }

    private sealed class Writer(EventLog log) : ISseEventStreamWriter
    {
        public ValueTask SetModeAsync(SseEventStreamMode mode, CancellationToken cancellationToken = default) => default;

        public ValueTask<SseItem<JsonRpcMessage?>> WriteEventAsync(SseItem<JsonRpcMessage?> sseItem, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(log.Append(sseItem));

        public ValueTask DisposeAsync()
        {
            log.Complete();
            return default;
        }
    }

    private sealed class Reader(EventLog log, long sequence) : ISseEventStreamReader
    {
        public string SessionId => log.SessionId;

        public string StreamId => log.StreamId;

        public async IAsyncEnumerable<SseItem<JsonRpcMessage?>> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var next = sequence;
            while (true)
            {
                var (events, completed, changed) = log.After(next);
                foreach (var item in events)
                {
                    next++;
                    yield return item;
                }
                if (completed) yield break;
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
