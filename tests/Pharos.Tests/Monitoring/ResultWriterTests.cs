using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Domain;
using Pharos.Monitoring;
using Pharos.Monitoring.Alerts;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Metrics;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring;

/// <summary>The writer against a real SQLite file that refuses writes for a while, as a full disk or a broken mount would.</summary>
public sealed class SqliteResultWriterTests() : ResultWriterTests(SqlDialect.Sqlite);

public sealed class PostgresResultWriterTests() : ResultWriterTests(SqlDialect.Postgres);

/// <summary>The tests of this store, run on SQLite and on PostgreSQL.</summary>
public abstract class ResultWriterTests(SqlDialect dialect) : DialectTests(dialect)
{
    // Recent, as the writer prunes what is past retention by the real clock.
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600);
    private static readonly string[] Tables = ["check_results", "rollups", "check_states", "component_health", "component_health_log"];
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private SqliteMonitorStore _store = null!;
    private readonly RecordingAlertSink _alerts = new();

    protected override Task InitializedAsync()
    {
        _store = new SqliteMonitorStore(Db);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await base.DisposeAsync();
    }

    private ResultWriter Writer(ResultWriterOptions? options = null) => new(
        _store, new MonitoringConfig(), options ?? new ResultWriterOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(400) },
        new MonitorMetrics(_services.GetRequiredService<IMeterFactory>()), new StorageAlerts(_alerts, TimeProvider.System, NullLogger<StorageAlerts>.Instance), [],
        TimeProvider.System, NullLogger<ResultWriter>.Instance);

    private readonly Dictionary<string, IAsyncDisposable> _refused = new(StringComparer.Ordinal);

    /// <summary>Makes every write to the given tables fail, with the database's own error, until <see cref="AllowAsync"/>.</summary>
    private async Task RefuseAsync(params string[] tables)
    {
        foreach (var t in tables)
        {
            _refused[t] = await Pharos.Tests.Failover.FailoverTestSupport.BreakWritesAsync(Db, t);
        }
    }

    private async Task AllowAsync(params string[] tables)
    {
        foreach (var t in tables)
        {
            await _refused[t].DisposeAsync();
            _refused.Remove(t);
        }
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("waited in vain for " + what);
            }

            await Task.Delay(20);
        }
    }

    private static CheckResult Result(int i) => new("web", "app", T0.AddSeconds(i), i % 2 == 0 ? CheckOutcome.Down : CheckOutcome.Up, 5, "refused");

    /// <summary>The web check goes down, up and down again, and its component with it: the order must survive.</summary>
    private static MonitorRecord[] Flaps() =>
    [
        new CheckStateChange("web", CheckHealth.Down, T0.AddSeconds(10), "refused"),
        new ComponentHealthChange("app", T0.AddSeconds(10), ComponentStatus.MajorOutage),
        new CheckStateChange("web", CheckHealth.Up, T0.AddSeconds(20), null),
        new ComponentHealthChange("app", T0.AddSeconds(20), ComponentStatus.Operational),
        new CheckStateChange("web", CheckHealth.Down, T0.AddSeconds(30), "timed out"),
        new ComponentHealthChange("app", T0.AddSeconds(30), ComponentStatus.MajorOutage),
    ];

    private async Task AssertFlapsStoredAsync()
    {
        var state = (await _store.LoadCheckStatesAsync(CancellationToken.None)).ShouldHaveSingleItem();
        (state.Health, state.Since, state.Message).ShouldBe((CheckHealth.Down, T0.AddSeconds(30), "timed out"), "the last change wins, as it was last");
        (await _store.LoadComponentHealthAsync(CancellationToken.None)).ShouldHaveSingleItem().Status.ShouldBe(ComponentStatus.MajorOutage);
        (await _store.GetComponentLogAsync(T0, CancellationToken.None)).Select(c => c.Status)
            .ShouldBe([ComponentStatus.MajorOutage, ComponentStatus.Operational, ComponentStatus.MajorOutage], "every change is in the log, in order");
    }

    [SkippableFact]
    public async Task State_changes_made_while_the_database_refuses_writes_are_all_stored_once_it_recovers()
    {
        await RefuseAsync(Tables);
        using var writer = Writer();
        using var failures = new FailureCounter(_services.GetRequiredService<IMeterFactory>());
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 40; i++)
        {
            await writer.EnqueueAsync(Result(i), CancellationToken.None);
            if (i % 10 == 5)
            {
                foreach (var change in Flaps().Skip(i / 10 * 2).Take(2))
                {
                    await writer.EnqueueAsync(change, CancellationToken.None);
                }
            }
        }

        await Eventually(() => Task.FromResult(writer.WriteFailures >= 3), "three failed attempts");
        failures.Total.ShouldBeGreaterThanOrEqualTo(3, "each failure is counted in pharos_result_write_failures_total");
        (await _store.LoadCheckStatesAsync(CancellationToken.None)).ShouldBeEmpty("nothing got through yet");
        writer.QueueDepth.ShouldBeGreaterThan(0, "what failed is held, not dropped");

        await AllowAsync(Tables);
        await Eventually(async () => (await _store.GetComponentLogAsync(T0, CancellationToken.None)).Count == 3, "the held changes written");
        await AssertFlapsStoredAsync();
        await Eventually(async () => (await _store.GetResultsAsync("web", T0, T0.AddHours(1), 100, CancellationToken.None)).Count == 40, "the held results written");
        writer.Dropped.ShouldBe(0);
        await writer.StopAsync(CancellationToken.None);
    }

    [SkippableFact]
    public async Task A_full_queue_drops_raw_results_but_never_a_state_change()
    {
        using var writer = Writer(new ResultWriterOptions { QueueCapacity = 10 });
        var flaps = Flaps();
        for (var i = 0; i < 60; i++)
        {
            await writer.EnqueueAsync(Result(i), CancellationToken.None);
            if (i % 10 == 9)
            {
                await writer.EnqueueAsync(flaps[i / 10], CancellationToken.None);
            }
        }

        writer.Dropped.ShouldBe(50, "the writer was not draining: ten results fit, the rest are dropped");
        await writer.StartAsync(CancellationToken.None);
        await Eventually(async () => (await _store.GetComponentLogAsync(T0, CancellationToken.None)).Count == 3, "the changes written");
        await AssertFlapsStoredAsync();
        await Eventually(async () => (await _store.GetResultsAsync("web", T0, T0.AddHours(1), 100, CancellationToken.None)).Count == 10, "the ten queued results written");
        await writer.StopAsync(CancellationToken.None);
    }

    [SkippableFact]
    public async Task Results_the_database_keeps_refusing_are_given_up_while_state_changes_get_through()
    {
        await RefuseAsync("check_results");
        using var writer = Writer();
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 20; i++)
        {
            await writer.EnqueueAsync(Result(i), CancellationToken.None);
        }

        foreach (var change in Flaps())
        {
            await writer.EnqueueAsync(change, CancellationToken.None);
        }

        await Eventually(() => Task.FromResult(writer.Dropped == 20), "the refused results given up");
        await AssertFlapsStoredAsync();
        await writer.StopAsync(CancellationToken.None);
    }

    [SkippableFact]
    public async Task Shutdown_while_writes_fail_ends_when_the_host_stops_waiting()
    {
        await RefuseAsync(Tables);
        using var writer = Writer();
        await writer.StartAsync(CancellationToken.None);
        await writer.EnqueueAsync(Flaps()[0], CancellationToken.None);
        await Eventually(() => Task.FromResult(writer.WriteFailures >= 1), "a failed attempt");

        using var patience = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var stopped = writer.StopAsync(patience.Token);
        (await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromSeconds(10)))).ShouldBe(stopped, "a refusing database does not hold the host up");
        writer.Written.ShouldBe(0);
    }

    /// <summary>Sums pharos_result_write_failures_total from this test's own meters only.</summary>
    private sealed class FailureCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public FailureCounter(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Name == "pharos_result_write_failures_total" && ReferenceEquals(i.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, v, _, _) => Interlocked.Add(ref _total, v));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
