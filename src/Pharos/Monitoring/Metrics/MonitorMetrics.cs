using System.Diagnostics.Metrics;
using Pharos.Monitoring.Checks;

namespace Pharos.Monitoring.Metrics;

/// <summary>The monitor's instruments; names are already Prometheus names, exported by <see cref="PrometheusExporter"/>.</summary>
public sealed class MonitorMetrics : IDisposable
{
    public const string MeterName = "Pharos.Monitoring";

    // Label values made once: at 5,000 runs a second, lower-casing the enum names per run was four strings a run.
    private static readonly string[] TypeNames = [.. Enum.GetValues<CheckType>().Select(t => t.ToString().ToLowerInvariant())];
    private static readonly string[] OutcomeNames = [.. Enum.GetValues<CheckOutcome>().Select(o => o.ToString().ToLowerInvariant())];

    private readonly Meter _meter;
    private readonly Counter<long> _runs;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _latency;
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _writeFailures;
    private readonly Counter<long> _dropped;

    public MonitorMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _runs = _meter.CreateCounter<long>("pharos_check_runs_total", description: "Checks run, by type and outcome");
        _failures = _meter.CreateCounter<long>("pharos_check_failures_total", description: "Check runs that failed, by type");
        _latency = _meter.CreateHistogram<double>("pharos_check_latency_seconds", "s", "Time each check took to answer");
        _lag = _meter.CreateHistogram<double>("pharos_scheduler_lag_seconds", "s", "How late each run started after its scheduled time");
        _skipped = _meter.CreateCounter<long>("pharos_scheduler_skipped_runs_total", description: "Scheduled runs skipped because the previous run was still going");
        _writeFailures = _meter.CreateCounter<long>("pharos_result_write_failures_total", description: "Failed attempts to write monitoring records; state changes are retried");
        _dropped = _meter.CreateCounter<long>("pharos_results_dropped_total", description: "Raw results dropped: queue full, or a batch the database kept refusing");
        // Exported as 0 from the start, so that an alert on their increase has a series to compare with.
        _writeFailures.Add(0);
        _dropped.Add(0);
    }

    public void Ran(CheckType type, CheckOutcome outcome, TimeSpan latency)
    {
        var t = new KeyValuePair<string, object?>("type", TypeNames[(int)type]);
        _runs.Add(1, t, new KeyValuePair<string, object?>("outcome", OutcomeNames[(int)outcome]));
        if (outcome == CheckOutcome.Down)
        {
            _failures.Add(1, t);
        }

        _latency.Record(latency.TotalSeconds, t);
    }

    public void Lag(TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalSeconds));

    public void Skipped(long count) => _skipped.Add(count);

    public void ResultWriteFailed() => _writeFailures.Add(1);

    public void ResultsDropped(long count) => _dropped.Add(count);

    /// <summary>Registers a gauge read at scrape time.</summary>
    public void Gauge(string name, Func<long> read, string description) => _meter.CreateObservableGauge(name, read, description: description);

    public void Dispose() => _meter.Dispose();
}
