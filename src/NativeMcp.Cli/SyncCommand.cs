using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.FrontEnds.Spec;
using NativeMcp.Runtime.Gateway;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Runtime.Results;

namespace NativeMcp.Cli;

/// <summary>
/// <c>nativemcp sync &lt;spec&gt; [--check]</c>: connects to each MCP upstream of the spec, reads its tools, resources,
/// resource templates and prompts, and writes the lock beside the spec (or, with --check, only compares). The
/// credentials come from the environment variables the spec names; they reach neither the lock nor the output.
/// </summary>
internal static class SyncCommand
{
    public const int Drifted = 1;

    /// <param name="environment">Where <c>${ENV}</c> values come from (the process environment, or a test's own).</param>
    public static async Task<int> RunAsync(string specPath, bool check, Func<string, string?> environment, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var declaration = SpecParser.Parse(specPath, File.ReadAllText(specPath));
        if (declaration.Content is not { } spec)
        {
            // The spec's own errors (a missing lock is the resolver's, so it is not among them).
            foreach (var d in declaration.Diagnostics.Where(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)) error.WriteLine(CheckCommand.Format(d));
            return 1;
        }
        if (spec.McpUpstreams.IsEmpty)
        {
            error.WriteLine("nativemcp sync: " + specPath + " declares no MCP upstream (an upstreams entry with a transport); there is nothing to lock");
            return 2;
        }

        var env = EnvironmentValues.Load(spec.Env.Select(e => new EnvVar(e.Name, e.Required, e.Secret, e.Default, e.Description)).ToList(), environment, out _);
        var lockPath = LockDeclaration.PathFor(specPath);
        Dictionary<string, LockedUpstreamState> before;
        try
        {
            before = LockFile.Read(lockPath);
        }
        catch (System.Text.Json.JsonException ex)
        {
            error.WriteLine("nativemcp sync: " + lockPath + " is not valid JSON (" + ex.Message + "); delete it and run sync again");
            return 1;
        }

        var after = new Dictionary<string, LockedUpstreamState>(StringComparer.Ordinal);
        var failed = false;
        foreach (var upstream in spec.McpUpstreams)
        {
            // Only this upstream's variables must be set: the rest of the spec's may be absent where sync runs.
            var missing = McpUpstreamSettings.Variables(upstream).Where(v => env[v].Length == 0).ToList();
            if (missing.Count > 0)
            {
                error.WriteLine("nativemcp sync: upstream '" + upstream.Name + "' needs " + string.Join(", ", missing) + " set in the environment");
                failed = true;
                continue;
            }
            try
            {
                var options = McpUpstreamSettings.Build(upstream, env);
                await using var connection = new McpUpstream(options);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.ConnectTimeout + options.CallTimeout);
                var definitions = await connection.ReadDefinitionsAsync(timeout.Token).ConfigureAwait(false);
                after[upstream.Name] = LockFile.FromDefinitions(upstream.Name, definitions);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var reason = ex is OperationCanceledException ? "no answer in time" : ex.Message;
                error.WriteLine("nativemcp sync: upstream '" + upstream.Name + "' could not be read: " + Secrets.Redact(reason, env.Secrets));
                failed = true;
            }
        }
        if (failed)
        {
            error.WriteLine("nativemcp sync: " + (check ? "nothing compared" : "the lock is left as it was"));
            return 1;
        }

        var diff = LockFile.Diff(before, after);
        foreach (var line in diff) output.WriteLine(line);
        if (check)
        {
            if (diff.Count == 0)
            {
                output.WriteLine(Path.GetFileName(lockPath) + " matches every upstream");
                return 0;
            }
            error.WriteLine("nativemcp sync --check: " + diff.Count + " difference(s) from " + Path.GetFileName(lockPath) + "; run 'nativemcp sync " + Path.GetFileName(specPath) + "' and review the diff");
            return Drifted;
        }
        var text = LockFile.Write(after.Values);
        if (!File.Exists(lockPath) || !File.ReadAllBytes(lockPath).AsSpan().SequenceEqual(text)) File.WriteAllBytes(lockPath, text);
        var tools = after.Values.Sum(u => u.Sections["tools"].Count);
        output.WriteLine("wrote " + Path.GetFileName(lockPath) + ": " + after.Count + " upstream(s), " + tools + " tool(s)" + (diff.Count == 0 ? ", unchanged" : ""));
        return 0;
    }
}
