using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Failover;

/// <summary>Waiting for a condition, the built-in policy's YAML and database faults, shared by the failover tests.</summary>
public static class FailoverTestSupport
{
    /// <summary><see cref="Eventually"/> with the failover tests' usual bound of 10 s.</summary>
    public static Task Until(Func<Task<bool>> condition, TimeSpan? timeout = null, string? what = null) =>
        Eventually.TrueAsync(condition, timeout ?? TimeSpan.FromSeconds(10), what);

    public static Task Until(Func<bool> condition, TimeSpan? timeout = null, string? what = null) =>
        Eventually.TrueAsync(condition, timeout ?? TimeSpan.FromSeconds(10), what);

    /// <summary>One builtin policy `shop` on the built-in server at <paramref name="port"/>: 127.0.0.10 primary, 127.0.0.20 failover.</summary>
    public static string BuiltinYaml(int port, string hold = "2s") => $$"""
        site:
          name: Shop
          refresh_interval: 2s
        components:
          - id: app
            name: App
        dns:
          listen: [127.0.0.1:{{port}}]
          workers: 1
        failover:
          policies:
            - id: shop
              zone: example.test
              provider: { type: builtin }
              records: ["@", www, "*"]
              ttl: 30s
              primary: { A: [127.0.0.10] }
              failover: { A: [127.0.0.20] }
              components: [app]
              trigger: { checks: [primary-http], fail_after: 3 }
              failback: { mode: automatic, hold: {{hold}}, recover_after: 2 }
        """;

    /// <summary>
    /// Makes every write to <paramref name="table"/> fail inside the database, as a full disk or a broken file would:
    /// the real store runs its real transaction and sees a real error. Dispose to heal it.
    /// </summary>
    public static async Task<IAsyncDisposable> BreakWritesAsync(this Database db, string table)
    {
        if (db.Dialect == SqlDialect.Postgres)
        {
            await ExecuteAsync(db, $"""
                CREATE OR REPLACE FUNCTION test_break() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk I/O error (test)'; END $$;
                CREATE TRIGGER test_break_{table} BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION test_break();
                """);
            return new Healing(() => ExecuteAsync(db, $"DROP TRIGGER test_break_{table} ON {table};"));
        }

        await ExecuteAsync(db, $"""
            CREATE TRIGGER test_break_insert_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END;
            CREATE TRIGGER test_break_update_{table} BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END;
            """);
        return new Healing(() => ExecuteAsync(db, $"DROP TRIGGER test_break_insert_{table}; DROP TRIGGER test_break_update_{table};"));
    }

    public static async Task<(int Code, string Output)> RunCli(params string[] args)
    {
        var output = new StringWriter();
        var code = await Pharos.Cli.PharosCli.RunAsync(args, output, output);
        return (code, output.ToString());
    }

    /// <summary>What dig gets for the name's A record from the server on that port.</summary>
    public static async Task<string> Dig(string name, int port) => string.Join(" ", await Pharos.Dns.Tests.Interop.Dig.ShortAsync(port, name, "A"));

    public static int FreePort() => Pharos.Dns.Tests.Interop.ExternalTool.FreePort();

    private static async Task ExecuteAsync(Database db, string sql)
    {
        await using var c = await db.OpenAsync(CancellationToken.None);
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Healing(Func<Task> heal) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await heal();
    }
}
