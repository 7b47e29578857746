namespace Pharos.Failover;

/// <summary>
/// How a trigger reads evidence from several locations: this server's own location (whose evidence is keyed by the
/// bare check id, as before probes existed) and the quorum window of each check. A location's run counts only when
/// it is not impaired and not older than the window behind the check's newest run.
/// </summary>
public sealed record TriggerLocations(string Own, Func<string, TimeSpan> WindowOf)
{
    /// <summary>One location, no window: exactly the behaviour before probes.</summary>
    public static TriggerLocations Single { get; } = new("local", _ => TimeSpan.MaxValue);

    /// <summary>The evidence key of a check at a location: the bare id here, "check#location" elsewhere.</summary>
    public string Key(string checkId, string? location) => location is null || location == Own ? checkId : $"{checkId}#{location}";

    /// <summary>The location of an evidence key of <paramref name="checkId"/>, or null when the key is another check's.</summary>
    public string? LocationOf(string key, string checkId) =>
        key == checkId ? Own
        : key.Length > checkId.Length + 1 && key.StartsWith(checkId, StringComparison.Ordinal) && key[checkId.Length] == '#' ? key[(checkId.Length + 1)..]
        : null;

    /// <summary>The runs of a check that count now: from locations not impaired, within the window behind the newest.</summary>
    public IReadOnlyList<CheckRun> Counted(PolicyState s, string checkId)
    {
        var runs = s.Checks.Select(kv => (Location: LocationOf(kv.Key, checkId), Run: kv.Value))
            .Where(x => x.Location is not null && !s.ImpairedLocations.Contains(x.Location) && x.Run.LastAt is not null)
            .Select(x => x.Run).ToList();
        if (runs.Count <= 1)
        {
            return runs;
        }

        var newest = runs.Max(r => r.LastAt!.Value);
        var window = WindowOf(checkId);
        return window == TimeSpan.MaxValue ? runs : runs.Where(r => r.LastAt >= newest - window).ToList();
    }
}
