using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NativeMcp.Tests.Native;

namespace NativeMcp.Tests.Packaging;

/// <summary>
/// What `dotnet cake --target=Packaging` (and the Test target) prepares for these tests: packages in
/// artifacts/packages, npm tarballs in artifacts/npm, bundles and server.json in artifacts/bundles, binaries in
/// artifacts/&lt;rid&gt;/.
/// </summary>
internal static class PackagingArtifacts
{
    public static string Folder(string name) => Path.Combine(NativeBinary.RepoRoot(), "artifacts", name);

    public static string Binary(string rid, string name) => Path.Combine(Folder(rid), name);

    public static string Require(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException(path + " is missing: run `dotnet cake --target=Packaging` (or the Test target), which prepares it.");
        }
        return path;
    }

    /// <summary>The version of the NativeMcp packages just packed, from the package file's name.</summary>
    public static string PackageVersion()
    {
        var package = Directory.GetFiles(Require(Folder("packages")), "NativeMcp.Templates.*.nupkg").Single();
        return Path.GetFileNameWithoutExtension(package)["NativeMcp.Templates.".Length..];
    }

    private static readonly object Forgotten = new();
    private static string? _forgottenVersion;

    /// <summary>
    /// Drops this repository's own packages from the machine's NuGet cache, so that a restore takes the ones just
    /// packed and never an older build of the same version. Once per test run: the packaging test classes run in
    /// parallel, and a second drop would delete the packages under a restore that another class has just made.
    /// </summary>
    public static void ForgetCachedPackages(string version)
    {
        lock (Forgotten)
        {
            if (_forgottenVersion == version) return;
            Forget(version);
            _forgottenVersion = version;
        }
    }

    private static void Forget(string version)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "nativemcp", "nativemcp.templates", "nativemcp.cli" })
        {
            var folder = Path.Combine(cache, id, version);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>An empty folder under the system's temporary folder, deleted with everything in it.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

internal sealed record ProcessResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public ProcessResult EnsureSuccess(string what)
    {
        if (ExitCode != 0) throw new InvalidOperationException(what + " exited with " + ExitCode + ":\n" + Output);
        return this;
    }
}

internal static class Processes
{
    /// <summary>
    /// Runs a command to its end (stdout and stderr interleaved into one text), killed with its children after
    /// <paramref name="timeout"/>. dotnet children keep no build servers or MSBuild nodes alive after it.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(file + " " + string.Join(" ", arguments) + " did not finish within " + timeout + ":\n" + output);
        }
        process.WaitForExit();
        lock (output) return new ProcessResult(process.ExitCode, output.ToString(), clock.Elapsed);
    }

    public static Task<ProcessResult> DotNetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunAsync("dotnet", arguments, workingDirectory, timeout);
}
