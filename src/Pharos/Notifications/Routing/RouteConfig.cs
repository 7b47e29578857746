namespace Pharos.Notifications.Routing;

/// <summary>Which events go to which channels, how often, and what happens when nobody reacts.</summary>
public sealed record RouteConfig
{
    public required string Id { get; init; }

    /// <summary>Event kinds: exact (check.down), a prefix (failover.*) or everything (*).</summary>
    public required IReadOnlyList<string> Events { get; init; }

    /// <summary>Every one of these gets each message.</summary>
    public required IReadOnlyList<string> Channels { get; init; }

    /// <summary>Where a message goes, in order, when its channel keeps failing.</summary>
    public IReadOnlyList<string> Fallback { get; init; } = [];

    /// <summary>Only these subjects (check, policy, component, incident ids); empty means all.</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    public Severity MinSeverity { get; init; } = Severity.Info;

    /// <summary>The same kind of event about the same subject is let through at most once in this time.</summary>
    public TimeSpan MinInterval { get; init; }

    /// <summary>Events arriving within this time of the first are sent as one message.</summary>
    public TimeSpan Group { get; init; }

    public QuietHours? QuietHours { get; init; }

    /// <summary>Unacknowledged this long, a message is sent again to <see cref="EscalateTo"/>.</summary>
    public TimeSpan? EscalateAfter { get; init; }

    public IReadOnlyList<string> EscalateTo { get; init; } = [];

    public bool Escalates => EscalateAfter is not null && EscalateTo.Count > 0;

    public bool Matches(string kind, string subjectId, Severity severity) =>
        severity >= MinSeverity
        && Events.Any(p => EventKinds.Matches(p, kind))
        && (Subjects.Count == 0 || Subjects.Contains(subjectId, StringComparer.Ordinal));
}

/// <summary>A daily window in which non-critical messages wait until it ends; critical ones never wait.</summary>
/// <param name="From">Start of the window, local time.</param>
/// <param name="To">End of the window; before <paramref name="From"/> means it runs over midnight.</param>
/// <param name="TimeZone">IANA zone of the times.</param>
public sealed record QuietHours(TimeOnly From, TimeOnly To, string TimeZone)
{
    /// <summary>When a message made at <paramref name="now"/> may go: now, or the end of the window it falls in.</summary>
    public DateTimeOffset Release(DateTimeOffset now)
    {
        var zone = NodaTime.DateTimeZoneProviders.Tzdb[TimeZone];
        var local = NodaTime.Instant.FromDateTimeOffset(now).InZone(zone);
        var time = TimeOnly.FromTimeSpan(TimeSpan.FromTicks(local.TimeOfDay.TickOfDay));
        var inside = From <= To ? time >= From && time < To : time >= From || time < To;
        if (!inside)
        {
            return now;
        }

        var endDate = local.Date;
        if (From > To && time >= From)
        {
            endDate = endDate.PlusDays(1);
        }

        var end = endDate.At(new NodaTime.LocalTime(To.Hour, To.Minute)).InZoneLeniently(zone);
        return end.ToDateTimeOffset();
    }
}
