using Pharos.Monitoring.Checks;

namespace Pharos.Monitoring.Results;

/// <summary>The granularities results are rolled up to.</summary>
public enum Granularity
{
    Minute,
    Hour,
    Day,
}

/// <summary>
/// Counts and latencies of the results in one bucket, for one check or one component. Latencies are kept as a
/// small fixed histogram so rollups add up and still give percentiles.
/// </summary>
public sealed class Rollup
{
    /// <summary>Upper bounds in ms of the histogram buckets; the last bucket takes everything above.</summary>
    public static readonly double[] BoundsMs = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    public required string Scope { get; init; }
    public required string SubjectId { get; init; }
    public required Granularity Granularity { get; init; }
    public required DateTimeOffset Bucket { get; init; }
    public long Total { get; set; }
    public long Up { get; set; }
    public long Degraded { get; set; }
    public long Down { get; set; }
    public double LatencySumMs { get; set; }
    public double LatencyMaxMs { get; set; }
    public long[] Histogram { get; init; } = new long[BoundsMs.Length + 1];

    public double MeanLatencyMs => Total == 0 ? 0 : LatencySumMs / Total;

    /// <summary>Share of results that were not failures, 0..100; null without results.</summary>
    public double? UptimePercent => Total == 0 ? null : 100.0 * (Total - Down) / Total;

    public void Add(CheckOutcome outcome, double latencyMs, long count = 1)
    {
        Total += count;
        switch (outcome)
        {
            case CheckOutcome.Up: Up += count; break;
            case CheckOutcome.Degraded: Degraded += count; break;
            default: Down += count; break;
        }

        LatencySumMs += latencyMs * count;
        LatencyMaxMs = Math.Max(LatencyMaxMs, latencyMs);
        Histogram[BucketOf(latencyMs)] += count;
    }

    public void Merge(Rollup other)
    {
        Total += other.Total;
        Up += other.Up;
        Degraded += other.Degraded;
        Down += other.Down;
        LatencySumMs += other.LatencySumMs;
        LatencyMaxMs = Math.Max(LatencyMaxMs, other.LatencyMaxMs);
        for (var i = 0; i < Histogram.Length; i++)
        {
            Histogram[i] += other.Histogram[i];
        }
    }

    /// <summary>The latency below which a share <paramref name="q"/> (0..1) of results fell, interpolated inside its bucket.</summary>
    public double PercentileMs(double q) => Percentile(Histogram, q, LatencyMaxMs);

    public static double Percentile(long[] histogram, double q, double max)
    {
        var total = histogram.Sum();
        if (total == 0)
        {
            return 0;
        }

        var rank = q * total;
        long seen = 0;
        for (var i = 0; i < histogram.Length; i++)
        {
            if (seen + histogram[i] >= rank && histogram[i] > 0)
            {
                var lower = i == 0 ? 0 : BoundsMs[i - 1];
                var upper = i < BoundsMs.Length ? BoundsMs[i] : Math.Max(max, lower);
                return Math.Min(max, lower + ((upper - lower) * (rank - seen) / histogram[i]));
            }

            seen += histogram[i];
        }

        return max;
    }

    public static int BucketOf(double latencyMs)
    {
        for (var i = 0; i < BoundsMs.Length; i++)
        {
            if (latencyMs <= BoundsMs[i])
            {
                return i;
            }
        }

        return BoundsMs.Length;
    }

    public static DateTimeOffset BucketStart(DateTimeOffset at, Granularity g)
    {
        var t = at.ToUniversalTime();
        return g switch
        {
            Granularity.Minute => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero),
            Granularity.Hour => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero),
            _ => new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero),
        };
    }

    public static string Code(Granularity g) => g switch { Granularity.Minute => "m", Granularity.Hour => "h", _ => "d" };
}
