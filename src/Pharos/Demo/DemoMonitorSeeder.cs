using Pharos.Hosting;
using System.Globalization;
using Pharos.Domain;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.Storage;
using Pharos.Storage;

namespace Pharos.Demo;

/// <summary>
/// Writes 90 days of check history for the demo, consistent with the demo incidents: the component status log goes
/// down and up with each incident, and rollups (per day for checks; per hour and, for the last day, per minute for
/// components) show failures and slower answers while it lasted. So the uptime bars and charts are full at once.
/// </summary>
public static class DemoMonitorSeeder
{
    private const string SeededKey = "demo_monitor_seeded_at";

    public static async Task<bool> SeedIfEmptyAsync(IStatusStore store, IMonitorStore monitor, PharosConfig config, DateTimeOffset now, CancellationToken ct)
    {
        if (config.Checks.Count == 0 || await store.GetMetaAsync(SeededKey, ct).ConfigureAwait(false) is not null)
        {
            return false;
        }

        var from = Rollup.BucketStart(now.AddDays(-90), Granularity.Day);
        var incidents = (await store.LoadAsync(from, ct).ConfigureAwait(false)).Incidents.Where(i => i.ResolvedAt is not null).ToList();
        var rnd = new Random(90);
        var log = new List<ComponentHealthChange>();
        var rollups = new List<Rollup>();
        var days = new Dictionary<(string, DateTimeOffset), Rollup>();
        foreach (var componentId in config.Checks.Select(c => c.ComponentId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var outages = incidents.Where(i => i.Components.Any(c => c.ComponentId == componentId))
                .Select(i => (i.StartedAt, End: i.ResolvedAt!.Value, Status: Worst(i, componentId))).OrderBy(o => o.StartedAt).ToList();
            log.Add(new ComponentHealthChange(componentId, from, ComponentStatus.Operational));
            foreach (var o in outages)
            {
                log.Add(new ComponentHealthChange(componentId, o.StartedAt, o.Status));
                log.Add(new ComponentHealthChange(componentId, o.End, ComponentStatus.Operational));
            }

            var checks = config.Checks.Where(c => c.ComponentId == componentId && c.Type != CheckType.Heartbeat).ToList();
            var baseMs = 20 + rnd.Next(0, 60);
            for (var hour = from; hour < Rollup.BucketStart(now, Granularity.Hour); hour = hour.AddHours(1))
            {
                var bad = outages.Any(o => o.StartedAt < hour.AddHours(1) && o.End > hour);
                var compHour = new Rollup { Scope = "component", SubjectId = componentId, Granularity = Granularity.Hour, Bucket = hour };
                foreach (var check in checks)
                {
                    var runs = (long)(3600 / check.Interval.TotalSeconds);
                    var down = bad ? Math.Max(1, runs / 4) : 0;
                    var latency = baseMs * (bad ? 6 : 1) * (0.8 + (rnd.NextDouble() * 0.4));
                    compHour.Add(CheckOutcome.Up, latency, runs - down);
                    compHour.Add(CheckOutcome.Down, latency * 3, down);
                    AddDay(days, check.Id, hour, runs - down, down, latency);
                }

                if (compHour.Total > 0)
                {
                    rollups.Add(compHour);
                    if (hour >= now.AddHours(-25))
                    {
                        rollups.AddRange(Minutes(compHour, rnd));
                    }
                }
            }
        }

        rollups.AddRange(days.Values);
        await monitor.WriteBatchAsync(new MonitorBatch([], rollups, [], log), ct).ConfigureAwait(false);
        await store.SetMetaAsync(SeededKey, now.ToString("O", CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        return true;
    }

    private static ComponentStatus Worst(Incident i, string componentId)
    {
        var worst = i.Updates.SelectMany(u => u.ComponentChanges).Where(c => c.ComponentId == componentId).Select(c => c.NewStatus).DefaultIfEmpty(ComponentStatus.PartialOutage).Max();
        return worst == ComponentStatus.UnderMaintenance ? ComponentStatus.DegradedPerformance : worst;
    }

    private static void AddDay(Dictionary<(string, DateTimeOffset), Rollup> days, string checkId, DateTimeOffset hour, long up, long down, double latency)
    {
        var day = Rollup.BucketStart(hour, Granularity.Day);
        if (!days.TryGetValue((checkId, day), out var rollup))
        {
            rollup = new Rollup { Scope = "check", SubjectId = checkId, Granularity = Granularity.Day, Bucket = day };
            days[(checkId, day)] = rollup;
        }

        rollup.Add(CheckOutcome.Up, latency, up);
        rollup.Add(CheckOutcome.Down, latency * 3, down);
    }

    /// <summary>Spreads an hour's rollup over its minutes, so the 24-hour chart has detail.</summary>
    private static IEnumerable<Rollup> Minutes(Rollup hour, Random rnd)
    {
        var perMinute = Math.Max(1, hour.Total / 60);
        var mean = hour.MeanLatencyMs;
        for (var m = 0; m < 60; m++)
        {
            var r = new Rollup { Scope = "component", SubjectId = hour.SubjectId, Granularity = Granularity.Minute, Bucket = hour.Bucket.AddMinutes(m) };
            r.Add(hour.Down > 0 && m % 4 == 0 ? CheckOutcome.Down : CheckOutcome.Up, mean * (0.7 + (rnd.NextDouble() * 0.6)), perMinute);
            yield return r;
        }
    }
}
