using System.Diagnostics.Metrics;

namespace Pharos.Notifications.Outbox;

/// <summary>The relay's instruments, exported on /metrics: what was delivered, what failed, what was given up.</summary>
public sealed class RelayMetrics : IDisposable
{
    public const string MeterName = "Pharos.Notifications";

    private readonly Meter _meter;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dead;
    private readonly Histogram<double> _latency;

    public RelayMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _delivered = _meter.CreateCounter<long>("pharos_notifications_delivered_total", description: "Messages delivered, by channel");
        _failed = _meter.CreateCounter<long>("pharos_notifications_failed_attempts_total", description: "Delivery attempts that failed, by channel");
        _dead = _meter.CreateCounter<long>("pharos_notifications_undeliverable_total", description: "Messages every channel gave up on (dead letters)");
        _latency = _meter.CreateHistogram<double>("pharos_notifications_send_seconds", "s", "Time one delivery attempt took");
        // Exported as 0 from the start, so that an alert on their increase has a series to compare with.
        _dead.Add(0);
    }

    public void Attempted(string channel, bool ok, int messages, TimeSpan took)
    {
        var tag = new KeyValuePair<string, object?>("channel", channel);
        (ok ? _delivered : _failed).Add(ok ? messages : 1, tag);
        _latency.Record(took.TotalSeconds, tag);
    }

    public void GaveUp() => _dead.Add(1);

    public void Dispose() => _meter.Dispose();
}
