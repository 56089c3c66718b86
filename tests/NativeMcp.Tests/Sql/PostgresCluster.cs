using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Npgsql;
using Xunit;

namespace NativeMcp.Tests.Sql;

/// <summary>
/// A private PostgreSQL cluster for the SQL tests: initdb in a temp directory, the postmaster on 127.0.0.1 on a free
/// port (as the <c>postgres</c> user when the tests run as root, as CI does), password authentication over TCP, and
/// one test database. The binaries are found under /usr/lib/postgresql/&lt;version&gt;/bin (the newest installed).
/// The postmaster runs under a shell that stops it when its standard input closes: at dispose, and also when the test
/// process dies without disposing, so no cluster outlives the tests. The directory is deleted at dispose.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string Database = "sqltest";
    private const string User = "nativemcp";

    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
    private DirectoryInfo? _directory;
    private Process? _postmaster;

    public int Port { get; private set; }

    /// <summary>The password of the cluster's user: a secret the tests check never reaches a client.</summary>
    public string Password => _password;

    public string ConnectionString(string database = Database) =>
        "Host=127.0.0.1;Port=" + Port + ";Database=" + database + ";Username=" + User + ";Password=" + _password + ";Timeout=10";

    public async Task InitializeAsync()
    {
        var bin = FindBinaries();
        var asRoot = Environment.UserName == "root";
        _directory = Directory.CreateTempSubdirectory("nativemcp-pg-");
        var data = Path.Combine(_directory.FullName, "data");
        var passwordFile = Path.Combine(_directory.FullName, "password");
        await File.WriteAllTextAsync(passwordFile, _password);
        // The cluster's files belong to the user that runs it; PostgreSQL refuses to run as root.
        if (asRoot) Run("chown", "-R", "postgres", _directory.FullName);

        RunAs(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", User, "--pwfile=" + passwordFile, "-E", "UTF8",
            "--auth-host=scram-sha-256", "--auth-local=trust", "--no-sync", "--no-instructions");

        Port = FreePort();
        // read _ returns when our end of stdin closes (dispose, or this process dying): then a fast shutdown.
        const string script = "\"$0\" -D \"$1\" -p \"$2\" -c listen_addresses=127.0.0.1 -c unix_socket_directories=\"$3\" -c fsync=off " +
            ">\"$3/postgres.log\" 2>&1 & p=$!; read _; kill -INT $p; wait $p";
        var start = Start(asRoot, "sh", "-c", script, Path.Combine(bin, "postgres"), data, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), _directory.FullName);
        start.RedirectStandardInput = true;
        _postmaster = Process.Start(start)!;

        await WaitUntilReadyAsync();
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE " + Database, admin);
            await create.ExecuteNonQueryAsync();
        }
        await ExecuteAsync("""
            CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email text);
            CREATE TABLE types (
                id integer PRIMARY KEY, small smallint, big bigint, price numeric(10, 2), ratio double precision, flag boolean,
                label text, at timestamptz, local_at timestamp, doc json, docb jsonb, tags text[], nothing text);
            INSERT INTO types VALUES (1, -7, 9007199254740993, 12.50, 0.25, true, 'naïve "quoted" text',
                '2024-05-06 07:08:09.123+00', '2024-05-06 07:08:09', '{"a": [1, 2], "b": null}', '{"k": {"n": 1.5}}', '{x,y}', NULL);
            """);
    }

    /// <summary>Creates an empty database of its own for one test (name: the prefix and a random suffix); returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        await AdminAsync("CREATE DATABASE " + name);
        return name;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, ending any connection still open to it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await AdminAsync("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs SQL as the cluster's owner, beside the tools (setup and checks).</summary>
    public async Task<object?> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task DisposeAsync()
    {
        if (_postmaster is { } postmaster)
        {
            postmaster.StandardInput.Close();
            if (!postmaster.WaitForExit(20_000)) postmaster.Kill(entireProcessTree: true);
            postmaster.Dispose();
        }
        if (_directory is { Exists: true } directory)
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                try
                {
                    directory.Delete(recursive: true);
                    break;
                }
                catch (IOException) when (attempt < 4)
                {
                    await Task.Delay(200);
                }
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var probe = new NpgsqlConnection(ConnectionString("postgres"));
                await probe.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                if (_postmaster!.HasExited || DateTime.UtcNow > deadline)
                {
                    var log = Path.Combine(_directory!.FullName, "postgres.log");
                    throw new InvalidOperationException("The test PostgreSQL did not start on 127.0.0.1:" + Port + ": " +
                        (File.Exists(log) ? File.ReadAllText(log) : ex.Message));
                }
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The newest /usr/lib/postgresql/&lt;version&gt;/bin with initdb in it.</summary>
    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "The SQL tests need PostgreSQL's server binaries under " + root + "/<version>/bin: install the Debian package 'postgresql' (.ci/run does).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ProcessStartInfo Start(bool asRoot, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(asRoot ? "runuser" : file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (asRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        }
        foreach (var a in arguments) start.ArgumentList.Add(a);
        return start;
    }

    private static void RunAs(bool asRoot, string file, params string[] arguments) => Wait(Start(asRoot, file, arguments));

    private static void Run(string file, params string[] arguments) => Wait(Start(asRoot: false, file, arguments));

    private static void Wait(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000)) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(start.FileName + " " + string.Join(" ", start.ArgumentList) + " failed (" + process.ExitCode + "): " + output.Result + error.Result);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}
