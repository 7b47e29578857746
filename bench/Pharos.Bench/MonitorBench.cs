using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pharos.Config;
using Pharos.Hosting;
using Pharos.Monitoring;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.Scheduling;
using Pharos.Notifications;
using Pharos.Storage;
using Pharos.Writes;

namespace Pharos.Bench;

/// <summary>What `Pharos.Bench monitor` runs: many HTTP checks against a loopback fleet, the whole monitor stack included.</summary>
internal sealed record MonitorBenchOptions
{
    public int Checks { get; init; } = 10_000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Targets as host:port, e.g. 127.0.0.2:18080; checks are spread over them.</summary>
    public IReadOnlyList<string> Targets { get; init; } = ["127.0.0.1:18080"];
    public int Concurrency { get; init; } = 256;
    public required string DataDirectory { get; init; }

    /// <summary>Print each 5 s window's runs, lag and thread pool backlog to stderr while running.</summary>
    public bool Timeline { get; init; }
}

/// <summary>
/// Runs the scheduler, probes, state machine and SQLite writer (no web server) for the given time, and reports the
/// sustained rate after the first interval (when the jittered starts have all begun), scheduling lag percentiles,
/// CPU, peak RSS and database growth.
/// </summary>
internal static class MonitorBench
{
    public static async Task<int> RunAsync(MonitorBenchOptions o, TextWriter output, CancellationToken ct)
    {
        var config = BuildConfig(o);
        Directory.CreateDirectory(o.DataDirectory);
        var dbPath = Path.Combine(o.DataDirectory, "bench.db");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Database>(new SqliteDatabase(dbPath));
        builder.Services.AddSingleton<IStatusStore, SqliteStatusStore>();
        builder.Services.AddSingleton<SiteCatalog>(config);
        builder.Services.AddStatusWrites();
        builder.Services.AddMonitoring(config.Monitoring, config.Checks, config);
        // Monitoring raises its events through the notifications core; with no routes they go nowhere.
        builder.Services.AddNotifications(new NotificationsConfig());
        builder.Services.Replace(ServiceDescriptor.Singleton(new SchedulerOptions { MaxJitter = o.Interval }));
        using var host = builder.Build();
        await host.Services.GetRequiredService<IStatusStore>().MigrateAsync(ct).ConfigureAwait(false);

        var lags = new List<double>(o.Checks * (int)Math.Ceiling(o.Duration / o.Interval) + 1000);
        var steady = false; // guarded by the lock on lags
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Name == "pharos_scheduler_lag_seconds")
            {
                l.EnableMeasurementEvents(i);
            }
        };
        var window = new List<double>();
        listener.SetMeasurementEventCallback<double>((_, v, _, _) =>
        {
            lock (lags)
            {
                window.Add(v);
                if (steady)
                {
                    lags.Add(v);
                }
            }
        });
        listener.Start();

        var pipeline = host.Services.GetRequiredService<MonitorPipeline>();
        var writer = host.Services.GetRequiredService<ResultWriter>();
        var process = Process.GetCurrentProcess();
        await host.StartAsync(ct).ConfigureAwait(false);
        output.WriteLine($"bench: {o.Checks} http checks every {DurationParser.Format(o.Interval)} against {string.Join(", ", o.Targets)} for {DurationParser.Format(o.Duration)}");

        // Warm-up: one interval, in which every check's jittered first run has started.
        var sinceStart = Stopwatch.StartNew();
        long peakRss = 0;
        await SampleAsync(o.Interval).ConfigureAwait(false);
        lock (lags)
        {
            steady = true;
        }

        var startRecorded = pipeline.Recorded;
        var startDb = DbBytes(dbPath);
        process.Refresh();
        var startCpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await SampleAsync(o.Duration - o.Interval).ConfigureAwait(false);

        var seconds = clock.Elapsed.TotalSeconds;
        var recorded = pipeline.Recorded - startRecorded;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - startCpu).TotalSeconds / seconds;
        var queue = writer.QueueDepth;
        lock (lags)
        {
            steady = false;
        }

        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        var dbGrowth = (DbBytes(dbPath) - startDb) / seconds * 86400;

        double[] sorted;
        lock (lags)
        {
            sorted = [.. lags.Order()];
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"checks={o.Checks} checks/s: {recorded / seconds:0}"));
        output.WriteLine(string.Create(inv, $"scheduling lag p50: {Pct(sorted, 0.50) * 1000:0.0} ms, p99: {Pct(sorted, 0.99) * 1000:0.0} ms, max: {(sorted.Length == 0 ? 0 : sorted[^1]) * 1000:0.0} ms ({sorted.Length} runs)"));
        output.WriteLine(string.Create(inv, $"cpu: {cpu * 100:0}% of one core (machine has {Environment.ProcessorCount} cores)"));
        output.WriteLine(string.Create(inv, $"rss peak: {peakRss / 1048576.0:0} MB"));
        output.WriteLine(string.Create(inv, $"writer queue at end: {queue}"));
        output.WriteLine(string.Create(inv, $"database growth: {dbGrowth / 1048576.0:0} MB/day at this rate (raw results kept {config.Monitoring.RawRetention.TotalDays:0} days; minute rollups {config.Monitoring.MinuteRetention.TotalDays:0} days)"));
        output.WriteLine(string.Create(inv, $"scheduled rate: {o.Checks / o.Interval.TotalSeconds:0} checks/s; results dropped: {writer.Dropped}"));
        return 0;

        // Samples RSS every second and, with --timeline, prints each 5 s window's runs, lag p99 and thread pool
        // backlog to stderr: where a slow spell starts tells which part is behind.
        async Task SampleAsync(TimeSpan span)
        {
            var until = Stopwatch.StartNew();
            var next = TimeSpan.FromSeconds(5);
            while (until.Elapsed < span)
            {
                // The last step ends the span on time: the window then holds whole intervals, and the rate no jitter of its end.
                var step = span - until.Elapsed;
                await Task.Delay(step < TimeSpan.FromSeconds(1) ? step : TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                process.Refresh();
                peakRss = Math.Max(peakRss, process.WorkingSet64);
                if (o.Timeline && until.Elapsed >= next)
                {
                    next += TimeSpan.FromSeconds(5);
                    double[] w;
                    lock (lags)
                    {
                        w = [.. window.Order()];
                        window.Clear();
                    }

                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  t={sinceStart.Elapsed.TotalSeconds:0}s runs={w.Length} lag p99={Pct(w, 0.99) * 1000:0} ms max={(w.Length == 0 ? 0 : w[^1]) * 1000:0} ms pool threads={ThreadPool.ThreadCount} queued={ThreadPool.PendingWorkItemCount} rss={process.WorkingSet64 / 1048576} MB heap={GC.GetGCMemoryInfo().HeapSizeBytes / 1048576} MB gc={GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} writer queue={writer.QueueDepth}"));
                }
            }
        }
    }

    private static PharosConfig BuildConfig(MonitorBenchOptions o)
    {
        var components = Enumerable.Range(0, 10).Select(i => new ComponentConfig { Id = $"c{i}", Name = $"Component {i}" }).ToList();
        var checks = Enumerable.Range(0, o.Checks).Select(i => (CheckConfig)new HttpCheckConfig
        {
            Id = $"bench-{i:D5}",
            Name = $"Bench {i}",
            ComponentId = components[i % components.Count].Id,
            Interval = o.Interval,
            Timeout = TimeSpan.FromSeconds(5),
            Url = new Uri($"http://{o.Targets[i % o.Targets.Count]}/health?c={i}"),
            ExpectStatus = [200],
        }).ToList();
        return new PharosConfig
        {
            Site = new SiteConfig { Name = "bench", PublicUrl = new Uri("http://127.0.0.1/"), PageId = "benchbench01" },
            Components = components,
            Checks = checks,
            Monitoring = new MonitoringConfig { MaxConcurrency = o.Concurrency },
        };
    }

    private static long DbBytes(string path) =>
        new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

    private static double Pct(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}
