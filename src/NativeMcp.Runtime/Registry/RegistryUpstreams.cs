using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using NativeMcp.Runtime.Gateway;

namespace NativeMcp.Runtime.Registry;

/// <summary>
/// One <see cref="McpUpstream"/> per registered server, shared by every tenant: its stdio child is started at the
/// first use (the gateway's supervision: restarts with backoff, reaped when idle, killed on exit) and ended when the
/// server is deleted, disabled or changed. Its tools come from the running server (<c>tools/list</c>), cached until
/// the server's row changes. Env values come decrypted from the store and stay in memory.
/// </summary>
internal sealed class RegistryUpstreams : IAsyncDisposable
{
    private static readonly JsonTypeInfo<Tool> ToolInfo = (JsonTypeInfo<Tool>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool));

    private readonly IReadOnlyList<string> _allowedCommands;
    private readonly TextWriter _log;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _disposed;

    public RegistryUpstreams(IReadOnlyList<string> allowedCommands, TextWriter log)
    {
        _allowedCommands = allowedCommands;
        _log = log;
    }

    /// <summary>The running stdio children's process ids, one per server at most.</summary>
    public IReadOnlyList<int> ChildProcessIds
    {
        get
        {
            lock (_gate) return _entries.Values.Select(e => e.Upstream.ChildProcessId).OfType<int>().ToList();
        }
    }

    /// <summary>The server's upstream, or null when its command is no longer allowed (checked again at every start).</summary>
    public McpUpstream? For(McpServerRecord server) => EntryFor(server)?.Upstream;

    /// <summary>The server's tools as it lists them now, cached until its row changes; empty (and logged) when it cannot be listed.</summary>
    public async Task<IReadOnlyList<Tool>> ToolsAsync(McpServerRecord server, CancellationToken cancellationToken)
    {
        if (EntryFor(server) is not { } entry) return [];
        Task<IReadOnlyList<Tool>> tools;
        lock (_gate) tools = entry.Tools ??= ListAsync(entry);
        try
        {
            return await tools.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not cached: the next request tries again (the supervision's backoff bounds the restarts).
            lock (_gate)
            {
                if (ReferenceEquals(entry.Tools, tools)) entry.Tools = null;
            }
            _log.WriteLine("registry: the tools of MCP server '" + server.Name + "' (" + server.Id + ") could not be listed: " + ex.GetType().Name);
            return [];
        }
    }

    /// <summary>Ends the server's child and drops its cached tools (the admin API calls this on every change of the server).</summary>
    public async Task ForgetAsync(string serverId)
    {
        Entry? gone;
        lock (_gate)
        {
            if (_entries.Remove(serverId, out gone) is false) return;
        }
        await gone!.Upstream.DisposeAsync().ConfigureAwait(false);
    }

    private Entry? EntryFor(McpServerRecord server)
    {
        Entry? stale = null;
        Entry? entry;
        lock (_gate)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(RegistryUpstreams));
            if (_entries.TryGetValue(server.Id, out entry) && entry.UpdatedAt != server.UpdatedAt)
            {
                // Changed through another process sharing the database: the old child goes, a new one starts at first use.
                stale = entry;
                entry = null;
                _entries.Remove(server.Id);
            }
            if (entry is null && AdminRequests.Allowed(server.Command, _allowedCommands))
            {
                entry = new Entry(server.UpdatedAt, new McpUpstream(new McpUpstreamOptions
                {
                    Name = server.Name,
                    Transport = McpTransportKind.Stdio,
                    Command = server.Command,
                    Arguments = server.Args,
                    Environment = server.Env.GroupBy(e => e.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
                }));
                _entries[server.Id] = entry;
            }
        }
        if (stale is not null) _ = stale.Upstream.DisposeAsync().AsTask();
        return entry;
    }

    private static async Task<IReadOnlyList<Tool>> ListAsync(Entry entry)
    {
        var definitions = await entry.Upstream.ReadDefinitionsAsync(CancellationToken.None).ConfigureAwait(false);
        var tools = new List<Tool>(definitions.Tools.Count);
        foreach (var element in definitions.Tools)
        {
            if (element.Deserialize(ToolInfo) is { } tool) tools.Add(tool);
        }
        return tools;
    }

    public async ValueTask DisposeAsync()
    {
        List<Entry> all;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _entries.Values];
            _entries.Clear();
        }
        foreach (var entry in all) await entry.Upstream.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Entry(DateTimeOffset updatedAt, McpUpstream upstream)
    {
        public DateTimeOffset UpdatedAt { get; } = updatedAt;

        public McpUpstream Upstream { get; } = upstream;

        public Task<IReadOnlyList<Tool>>? Tools { get; set; }
    }
}
