using Pharos.Domain;
using Pharos.Monitoring.Storage;

namespace Pharos.Monitoring.Results;

/// <summary>Sorts queued records into one batch, adding results into rollups in memory: per hour and day for checks, also per minute for components.</summary>
internal static class BatchBuilder
{
    private static readonly Granularity[] Granularities = [Granularity.Minute, Granularity.Hour, Granularity.Day];

    public static MonitorBatch Build(IReadOnlyList<MonitorRecord> records)
    {
        var results = new List<CheckResult>();
        var states = new List<CheckStateChange>();
        var components = new List<ComponentHealthChange>();
        var events = new List<DomainEvent>();
        var once = new List<DomainEvent>();
        var rollups = new Dictionary<(string, string, Granularity, DateTimeOffset), Rollup>();
        foreach (var record in records)
        {
            switch (record)
            {
                case CheckResult r:
                    results.Add(r);
                    foreach (var g in Granularities)
                    {
                        // Per-minute rollups are kept for components only (the 24-hour chart); for thousands of
                        // checks they would be most of the database, and the API reads hours and days.
                        if (g != Granularity.Minute)
                        {
                            Add(rollups, "check", r.CheckId, g, r);
                        }

                        if (r.ComponentId is not null)
                        {
                            Add(rollups, "component", r.ComponentId, g, r);
                        }
                    }

                    break;
                case CheckStateChange s:
                    states.Add(s);
                    if (s.Event is { } e)
                    {
                        events.Add(e);
                    }

                    break;
                case OnceEvent o:
                    once.Add(o.Event);
                    break;
                case ComponentHealthChange c:
                    components.Add(c);
                    break;
            }
        }

        return new MonitorBatch(results, [.. rollups.Values], states, components) { Events = events, OnceEvents = once };
    }

    private static void Add(Dictionary<(string, string, Granularity, DateTimeOffset), Rollup> rollups, string scope, string subject, Granularity g, CheckResult r)
    {
        var bucket = Rollup.BucketStart(r.At, g);
        var key = (scope, subject, g, bucket);
        if (!rollups.TryGetValue(key, out var rollup))
        {
            rollup = new Rollup { Scope = scope, SubjectId = subject, Granularity = g, Bucket = bucket };
            rollups[key] = rollup;
        }

        rollup.Add(r.Outcome, r.LatencyMs);
    }
}
