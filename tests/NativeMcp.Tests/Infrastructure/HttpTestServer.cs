using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Runtime.Http;
using NativeMcp.Runtime.Serving;

namespace NativeMcp.Tests.Infrastructure;

/// <summary>
/// A generated server behind the real HTTP host (Kestrel on 127.0.0.1, ephemeral port), exactly as
/// `--http` runs it, in-process. Stops when disposed.
/// </summary>
public sealed class HttpTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpTestServer(WebApplication app, string endpoint, StringWriter log, ScopedOptions options)
    {
        _app = app;
        Options = options;
        Endpoint = endpoint;
        Log = log;
    }

    /// <summary>The MCP endpoint, e.g. http://127.0.0.1:41234/mcp.</summary>
    public string Endpoint { get; }

    public string BaseUrl => Endpoint[..Endpoint.LastIndexOf('/')];

    /// <summary>The per-scope option sets the host serves from.</summary>
    public ScopedOptions Options { get; }

    /// <summary>The structured call log.</summary>
    public StringWriter Log { get; }

    public static async Task<HttpTestServer> StartAsync(ServerDefinition definition, IReadOnlyDictionary<string, string?> environment, bool readOnly = false)
    {
        var env = EnvironmentValues.Load(definition.Environment, environment, out var errors);
        if (errors.Count > 0) throw new InvalidOperationException(string.Join("; ", errors));
        var log = new StringWriter();
        var scoped = new ScopedOptions(definition.CreateOptions(env, null), definition.ToolScopes, new CallLog(TextWriter.Synchronized(log), includeContent: true, env.Secrets));
        var settings = definition.Http(env);
        var app = await new HttpHost(settings, scoped, ApiKeys.Load(settings.Keys, settings.KeysFile), readOnly).StartAsync("127.0.0.1", 0);
        var address = app.Urls.First().Replace("[::1]", "127.0.0.1");
        return new HttpTestServer(app, address + settings.Path, log, scoped);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
