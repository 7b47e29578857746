using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Monitoring;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Metrics;
using Pharos.Monitoring.Scheduling;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring.Scheduling;

/// <summary>
/// A real <see cref="CheckScheduler"/> on a fake clock, with an assignment the test changes, probes the test holds
/// and releases, and a sink that records each run; skipped slots are read from the scheduler's own counter.
/// </summary>
internal sealed class SchedulerRig : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private long _skipped;

    private SchedulerRig(DateTimeOffset start, IEnumerable<CheckConfig> checks, TimeSpan maxJitter, int concurrency)
    {
        Time = new FakeTime(start);
        Assignment = new SettableCheckAssignment(checks);
        var meters = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (i, l) =>
        {
            // Only this rig's meter: other tests' schedulers count their skips at the same time.
            if (i.Meter.Scope == meters && i.Name == "pharos_scheduler_skipped_runs_total")
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, v, _, _) => Interlocked.Add(ref _skipped, v));
        _listener.Start();
        var catalog = new CheckCatalog([], []);
        Scheduler = new CheckScheduler(
            new MonitoringConfig { MaxConcurrency = concurrency },
            Assignment,
            new ProbeFactory(new HttpHandlerPool(), new HeartbeatRegistry(catalog, Time), Time),
            Sink,
            new MonitorMetrics(meters),
            new SchedulerOptions { MaxJitter = maxJitter },
            Time,
            NullLogger<CheckScheduler>.Instance);
    }

    public FakeTime Time { get; }

    public SettableCheckAssignment Assignment { get; }

    public RecordingSink Sink { get; } = new();

    public CheckScheduler Scheduler { get; }

    public long Skipped => Interlocked.Read(ref _skipped);

    public static async Task<SchedulerRig> StartAsync(DateTimeOffset start, IEnumerable<CheckConfig> checks, TimeSpan? maxJitter = null, int concurrency = 16)
    {
        var rig = new SchedulerRig(start, checks, maxJitter ?? TimeSpan.Zero, concurrency);
        await rig.Scheduler.StartAsync(CancellationToken.None);
        return rig;
    }

    /// <summary>Waits until this many runs are recorded and every run has gone back to the queue, so the clock can move.</summary>
    public Task SettledAsync(int runs) =>
        Eventually.TrueAsync(() => Sink.Count == runs && Scheduler.InFlight == 0, TimeSpan.FromSeconds(10), $"{runs} runs recorded and requeued (have {Sink.Count}, {Scheduler.InFlight} in flight)");

    /// <summary>Makes the check's run at this slot hang until released, and moves the clock there.</summary>
    public Task HoldRunAtAsync(TestCheck check, DateTimeOffset slot)
    {
        check.Probe.Hold();
        AdvanceTo(slot);
        return Eventually.TrueAsync(() => check.Probe.Going == 1, TimeSpan.FromSeconds(10), $"the run of {check.Id} at {slot:O} going and held");
    }

    /// <summary>Moves the clock to the instant given, in one step.</summary>
    public void AdvanceTo(DateTimeOffset t) => Time.Advance(t - Time.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        await Scheduler.StopAsync(CancellationToken.None);
        Scheduler.Dispose();
        _listener.Dispose();
        await _services.DisposeAsync();
    }
}

/// <summary>A check whose probe the test controls.</summary>
internal sealed record TestCheck : CheckConfig
{
    public override CheckType Type => CheckType.Http;

    public override string Target => "test";

    public TestProbe Probe { get; init; } = new();

    public static TestCheck Every(string id, TimeSpan interval) => new() { Id = id, Interval = interval, Timeout = TimeSpan.FromMinutes(5) };

    public override IProbe CreateProbe(ProbeFactory probes) => Probe;

    protected override CheckConfig ForHostname(string hostname) => this;
}

/// <summary>Answers up at once, or holds each run until released (or until the run is cancelled).</summary>
internal sealed class TestProbe : IProbe
{
    private TaskCompletionSource? _hold;
    private int _calls;
    private int _going;
    private int _mostAtOnce;

    public int Calls => Volatile.Read(ref _calls);

    public int Going => Volatile.Read(ref _going);

    /// <summary>The most runs of this probe seen going at the same time.</summary>
    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    public async Task<ProbeResult> ProbeAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        var going = Interlocked.Increment(ref _going);
        InterlockedMax(ref _mostAtOnce, going);
        try
        {
            if (Volatile.Read(ref _hold) is { } hold)
            {
                await hold.Task.WaitAsync(ct);
            }

            return ProbeResult.Up(TimeSpan.FromMilliseconds(1));
        }
        finally
        {
            Interlocked.Decrement(ref _going);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

/// <summary>Records each run it is handed; throws for the check ids it is told to, as a failing pipeline would.</summary>
internal sealed class RecordingSink : IResultSink
{
    private readonly ConcurrentQueue<(string CheckId, DateTimeOffset At)> _runs = new();

    public HashSet<string> FailFor { get; } = [];

    public int Count => _runs.Count;

    public IReadOnlyList<DateTimeOffset> RunsOf(string checkId) => _runs.Where(r => r.CheckId == checkId).Select(r => r.At).ToList();

    public Task RecordAsync(CheckConfig check, ProbeResult probe, DateTimeOffset at, CancellationToken ct)
    {
        _runs.Enqueue((check.Id, at));
        return FailFor.Contains(check.Id) ? throw new InvalidOperationException($"the pipeline refuses {check.Id}") : Task.CompletedTask;
    }
}
