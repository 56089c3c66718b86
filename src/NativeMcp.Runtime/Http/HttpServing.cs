using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Runtime.Serving;

namespace NativeMcp.Runtime.Http;

/// <summary>
/// Serves a generated server over Streamable HTTP. Only specs with a <c>serve</c> section reference this
/// (through <see cref="ServerDefinition.ServeHttp"/>), so stdio-only binaries never root Kestrel and the
/// trimmer leaves it out: measured on LinkTime, Kestrel linked in costs 3 ms of start-up and 5 MB.
/// </summary>
public static class HttpServing
{
    public static async Task<int> RunAsync(ServerDefinition definition, ScopedOptions scoped, ServeSettings http, HostArguments arguments, int port)
    {
        var keys = ApiKeys.Load(http.Keys, http.KeysFile);
        if (http.RequiresKey && keys.Count == 0)
        {
            Console.Error.WriteLine(definition.Name + ": no API keys are configured, so every request will be refused (401)");
        }
        var host = arguments.Host ?? http.Host;
        var app = await new HttpHost(http, scoped, keys, arguments.ReadOnly).StartAsync(host, port).ConfigureAwait(false);
        Console.Error.WriteLine((definition.StartupMessage ?? definition.Name) + " on http://" + (host.Contains(':') ? "[" + host + "]" : host) + ":" + port + http.Path);
        // SIGTERM and Ctrl+C stop the host, which lets in-flight calls finish (up to 20 s) before exiting.
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        return ServerHost.ExitOk;
    }

}
