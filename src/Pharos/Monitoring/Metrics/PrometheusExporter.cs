using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Pharos.Monitoring.Metrics;

/// <summary>
/// A small Prometheus text-format exporter over <see cref="MeterListener"/> (prometheus-net is not to be had here):
/// sums counters, buckets histograms, and reads gauges when scraped. Listens to every meter named "Pharos.*".
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>Histogram bucket upper bounds in seconds.</summary>
    private static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Series> _series = new();
    private readonly object _collect = new();

    public PrometheusExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Pharos", StringComparison.Ordinal))
            {
                _series[instrument] = new Series(instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.MeasurementsCompleted = (i, _) => _series.TryRemove(i, out Series? _);
        _listener.Start();
    }

    public string Render()
    {
        lock (_collect)
        {
            foreach (var s in _series.Values.Where(s => s.IsGauge))
            {
                s.Clear();
            }

            _listener.RecordObservableInstruments();
        }

        var sb = new StringBuilder();
        foreach (var group in _series.Values.GroupBy(s => s.Instrument.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            group.First().Write(sb, group.SelectMany(s => s.Snapshot()));
        }

        return sb.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.TryGetValue(instrument, out var s))
        {
            s.Record(value, Labels(tags));
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var parts = new List<string>(tags.Length);
        foreach (var t in tags)
        {
            var v = Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? "";
            parts.Add($"{t.Key}=\"{v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(",", parts);
    }

    private sealed class Series(Instrument instrument)
    {
        private readonly ConcurrentDictionary<string, Cell> _cells = new(StringComparer.Ordinal);

        public Instrument Instrument { get; } = instrument;

        public bool IsGauge => Instrument.GetType().Name.StartsWith("ObservableGauge", StringComparison.Ordinal);

        private bool IsHistogram => Instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal);

        public void Clear() => _cells.Clear();

        public void Record(double value, string labels)
        {
            var cell = _cells.GetOrAdd(labels, _ => new Cell());
            lock (cell)
            {
                if (IsGauge)
                {
                    cell.Sum = value;
                    return;
                }

                cell.Sum += value;
                cell.Count++;
                if (IsHistogram)
                {
                    var i = Array.FindIndex(Bounds, b => value <= b);
                    cell.Buckets[i < 0 ? Bounds.Length : i]++;
                }
            }
        }

        public IEnumerable<(string Labels, Cell Cell)> Snapshot() => _cells.Select(kv => (kv.Key, kv.Value.Copy()));

        public void Write(StringBuilder sb, IEnumerable<(string Labels, Cell Cell)> cells)
        {
            var name = Instrument.Name;
            var type = IsHistogram ? "histogram" : IsGauge ? "gauge" : "counter";
            sb.Append("# HELP ").Append(name).Append(' ').Append(Instrument.Description ?? name).Append('\n');
            sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, cell) in cells.OrderBy(c => c.Labels, StringComparer.Ordinal))
            {
                if (!IsHistogram)
                {
                    Line(sb, name, labels, cell.Sum);
                    continue;
                }

                long cumulative = 0;
                for (var i = 0; i <= Bounds.Length; i++)
                {
                    cumulative += cell.Buckets[i];
                    var le = i < Bounds.Length ? Bounds[i].ToString(CultureInfo.InvariantCulture) : "+Inf";
                    Line(sb, name + "_bucket", Join(labels, $"le=\"{le}\""), cumulative);
                }

                Line(sb, name + "_sum", labels, cell.Sum);
                Line(sb, name + "_count", labels, cell.Count);
            }
        }

        private static string Join(string a, string b) => a.Length == 0 ? b : a + "," + b;

        private static void Line(StringBuilder sb, string name, string labels, double value)
        {
            sb.Append(name);
            if (labels.Length > 0)
            {
                sb.Append('{').Append(labels).Append('}');
            }

            sb.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private sealed class Cell
    {
        public double Sum { get; set; }
        public long Count { get; set; }
        public long[] Buckets { get; init; } = new long[Bounds.Length + 1];

        public Cell Copy()
        {
            lock (this)
            {
                return new Cell { Sum = Sum, Count = Count, Buckets = (long[])Buckets.Clone() };
            }
        }
    }
}
