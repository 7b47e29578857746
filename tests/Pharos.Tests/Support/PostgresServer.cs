using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Pharos.Storage;

namespace Pharos.Tests.Support;

/// <summary>
/// A real PostgreSQL for the whole test run: Debian's initdb into a temporary folder, the postmaster on a free
/// loopback port (and a unix socket in that folder), started on first use and stopped when the test process exits.
/// Each test gets a fresh database cloned from one that holds every migration, so tests never see each other's rows.
/// Runs as the postgres OS user when the tests run as root, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    /// <summary>Every server's folder lives here, named after the test process that owns it, so a later run can find and stop the strays of one that died.</summary>
    private const string Root = "/tmp/pharos-postgres";
    private const string Template = "pharos_template";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);
    private static int _databases;

    private readonly string _folder;

    private PostgresServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Superuser connection string to <paramref name="database"/>, over TCP on 127.0.0.1.</summary>
    public string ConnectionString(string database, int poolSize = 10) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        MaxPoolSize = poolSize,
        // Idle connections go soon, so a run with hundreds of databases stays under max_connections.
        ConnectionIdleLifetime = 5,
        ConnectionPruningInterval = 1,
        Timeout = 10,
    }.ConnectionString;

    /// <summary>The shared server; skips the test when PostgreSQL is not installed, except with CI=true, where that fails it.</summary>
    public static Task<PostgresServer> GetAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"PostgreSQL is required in CI but {BinDirectory}/initdb is missing; scripts/test installs it");
            }

            Skip.If(true, $"PostgreSQL is not installed ({BinDirectory}/initdb); run ./scripts/test to install it");
        }

        return Shared.Value;
    }

    /// <summary>A new, migrated database of its own; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(int poolSize = 10)
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync("postgres", $"CREATE DATABASE {name} TEMPLATE {Template}");
        return ConnectionString(name, poolSize);
    }

    /// <summary>A new database without any migration, for tests of the migrator itself.</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = $"e{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync("postgres", $"CREATE DATABASE {name} TEMPLATE template0");
        return ConnectionString(name);
    }

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var c = new NpgsqlConnection(ConnectionString(database, 1) + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        StopStrays();
        var asRoot = Environment.UserName == "root";
        var folder = Path.Combine(Root, $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(folder);
        if (asRoot && OperatingSystem.IsLinux())
        {
            // Any user may make a folder here; each server's folder then belongs to postgres.
            File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
                | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.StickyBit);
            Run("chown", "postgres:postgres", folder);
        }

        var data = Path.Combine(folder, "data");
        RunAs(asRoot, "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        var port = FreePort();
        var options = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off " +
            "-c full_page_writes=off -c shared_buffers=32MB -c log_min_messages=warning";
        RunAs(asRoot, "pg_ctl", "-D", data, "-l", Path.Combine(folder, "server.log"), "-o", options, "-w", "-t", "60", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(asRoot, data, folder);

        var server = new PostgresServer(folder, port);
        await server.ExecuteAsync("postgres", $"CREATE DATABASE {Template} TEMPLATE template0");
        await using (var db = new PostgresDatabase(server.ConnectionString(Template)))
        {
            await db.MigrateAsync(CancellationToken.None);
        }

        // No one may stay connected to a template while it is copied.
        NpgsqlConnection.ClearAllPools();
        return server;
    }

    private static void Stop(bool asRoot, string data, string folder)
    {
        try
        {
            RunAs(asRoot, "pg_ctl", "-D", data, "-m", "immediate", "-w", "-t", "20", "stop");
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // The next run's StopStrays finishes the job.
        }
    }

    /// <summary>Stops the servers of test processes that died without stopping theirs (a killed run, a crashed host).</summary>
    private static void StopStrays()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(Root))
        {
            var owner = int.TryParse(Path.GetFileName(folder).Split('-')[0], out var pid) ? pid : 0;
            if (owner == 0 || IsAlive(owner))
            {
                continue;
            }

            var pidFile = Path.Combine(folder, "data", "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var postmaster) && IsAlive(postmaster))
            {
                try
                {
                    Process.GetProcessById(postmaster).Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.ComponentModel.Win32Exception)
                {
                    // Gone meanwhile.
                }
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Still being removed by its postmaster; the next run tries again.
            }
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    private static void RunAs(bool asRoot, string tool, params string[] args)
    {
        var path = Path.Combine(BinDirectory, tool);
        if (asRoot)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. args]);
        }
        else
        {
            Run(path, args);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish in 2 minutes");
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}{stdout.Result}");
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
