using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Scheduling;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring;

/// <summary>/heartbeat/{token} in a real server, the clock in the test's hands and the database's own writes counted.</summary>
public sealed class SqliteHeartbeatEndpointTests() : HeartbeatEndpointTests(SqlDialect.Sqlite);

public sealed class PostgresHeartbeatEndpointTests() : HeartbeatEndpointTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class HeartbeatEndpointTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    [SkippableFact]
    public async Task A_burst_of_calls_gets_429_with_retry_after_and_writes_one_row_per_interval()
    {
        var token = HeartbeatToken.Generate();
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTime(start);
        await using var app = await StartAppAsync(MonitorTestConfigs.Site + $"""

            checks:
              - id: nightly
                type: heartbeat
                token: {token}
                period: 1h
                interval: 10s
            """, time: time, configure: s => s.Replace(ServiceDescriptor.Singleton(new SchedulerOptions { MaxJitter = TimeSpan.Zero })));
        await CountPingWritesAsync(app);

        (await app.Client.PostAsync($"/heartbeat/{token}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        time.Advance(TimeSpan.FromSeconds(3));
        var burst = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => app.Client.GetAsync(i % 2 == 0 ? $"/heartbeat/{token}" : $"/heartbeat/{token}/fail")));
        burst.ShouldAllBe(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        burst[0].Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(7), "the next call is taken one interval after the last one taken");
        burst[0].Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await PingWritesAsync(app)).ShouldBe([start], "refused calls write nothing");

        time.Advance(TimeSpan.FromSeconds(7));
        (await app.Client.PostAsync($"/heartbeat/{token}/fail", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Client.PostAsync($"/heartbeat/{token}", null)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await PingWritesAsync(app)).ShouldBe([start, start.AddSeconds(10)]);
        app.Services.GetRequiredService<HeartbeatRegistry>().Last("nightly")!.Failed.ShouldBeTrue("the failure, taken, is what the probe sees");
        (await app.Client.GetAsync($"/heartbeat/{HeartbeatToken.Generate()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>Logs every write of a heartbeat time to check_states, as the database itself sees it.</summary>
    private static async Task CountPingWritesAsync(TestApp app)
    {
        var db = app.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync(CancellationToken.None);
        await c.ExecuteAsync(db.Dialect == SqlDialect.Postgres
            ? """
              CREATE TABLE test_ping_writes (n BIGINT GENERATED ALWAYS AS IDENTITY, at BIGINT NOT NULL);
              CREATE FUNCTION test_ping() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN INSERT INTO test_ping_writes (at) VALUES (new.last_ping_at); RETURN new; END $$;
              CREATE TRIGGER test_ping_insert AFTER INSERT ON check_states FOR EACH ROW WHEN (new.last_ping_at IS NOT NULL) EXECUTE FUNCTION test_ping();
              CREATE TRIGGER test_ping_update AFTER UPDATE OF last_ping_at ON check_states FOR EACH ROW EXECUTE FUNCTION test_ping();
              """
            : """
              CREATE TABLE test_ping_writes (n INTEGER PRIMARY KEY, at INTEGER NOT NULL);
              CREATE TRIGGER test_ping_insert AFTER INSERT ON check_states WHEN new.last_ping_at IS NOT NULL
              BEGIN INSERT INTO test_ping_writes (at) VALUES (new.last_ping_at); END;
              CREATE TRIGGER test_ping_update AFTER UPDATE OF last_ping_at ON check_states
              BEGIN INSERT INTO test_ping_writes (at) VALUES (new.last_ping_at); END;
              """);
    }

    private static async Task<List<DateTimeOffset>> PingWritesAsync(TestApp app)
    {
        await using var c = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        return (await c.QueryAsync<long>("SELECT at FROM test_ping_writes ORDER BY n")).Select(DateTimeOffset.FromUnixTimeMilliseconds).ToList();
    }
}
