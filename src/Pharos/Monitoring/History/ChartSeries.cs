using Pharos.Monitoring.Results;

namespace Pharos.Monitoring.History;

/// <summary>Folds component rollups into chart points: 15-minute points for 24 h, 2-hour for 7 days, 6-hour for 30 days.</summary>
public static class ChartSeries
{
    public static ComponentCharts Build(string componentId, IReadOnlyList<Rollup> minutes, IReadOnlyList<Rollup> hours, DateTimeOffset now) => new(
        Fold(minutes.Where(r => r.SubjectId == componentId), now - TimeSpan.FromHours(24), TimeSpan.FromMinutes(15)),
        Fold(hours.Where(r => r.SubjectId == componentId), now - TimeSpan.FromDays(7), TimeSpan.FromHours(2)),
        Fold(hours.Where(r => r.SubjectId == componentId), now - TimeSpan.FromDays(30), TimeSpan.FromHours(6)));

    private static List<LatencyPoint> Fold(IEnumerable<Rollup> rollups, DateTimeOffset from, TimeSpan step)
    {
        var points = new SortedDictionary<DateTimeOffset, Rollup>();
        foreach (var r in rollups.Where(r => r.Bucket >= from))
        {
            var at = from + (step * Math.Floor((r.Bucket - from) / step));
            if (!points.TryGetValue(at, out var sum))
            {
                sum = new Rollup { Scope = r.Scope, SubjectId = r.SubjectId, Granularity = r.Granularity, Bucket = at };
                points[at] = sum;
            }

            sum.Merge(r);
        }

        return points.Values.Where(p => p.Total > 0).Select(p => new LatencyPoint(p.Bucket, p.MeanLatencyMs, p.PercentileMs(0.95))).ToList();
    }
}
