using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Pharos.Localization;

namespace Pharos.StatusPage;

/// <summary>
/// Formats instants for readers in the display zone and in UTC (and, through <see cref="Extra"/>, in the site's
/// extra zones). Each end of a range gets its own abbreviation and offset, because a range can straddle a
/// daylight-saving change (PST at the start, PDT at the end).
/// </summary>
public sealed class TimeDisplay
{
    private static readonly OffsetDateTimePattern IsoPattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.fffo<Z+HH:mm>");

    private readonly CultureInfo _culture;
    private readonly IReadOnlyList<string> _extraZoneIds;

    public TimeDisplay(string zoneId, string language = "en", IReadOnlyList<string>? extraZoneIds = null)
    {
        Zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? throw new ArgumentException($"unknown time zone '{zoneId}'", nameof(zoneId));
        Texts = Texts.For(language);
        _culture = Texts.Culture;
        _extraZoneIds = extraZoneIds ?? [];
        Extra = _extraZoneIds.Select(id => new TimeDisplay(id, language)).ToList();
    }

    /// <summary>The words of the language the times are written in ("ongoing", durations).</summary>
    public Texts Texts { get; }

    /// <summary>The same zones, written in another language.</summary>
    public TimeDisplay In(Texts texts) => texts.Code == Texts.Code ? this : new TimeDisplay(Zone.Id, texts.Code, _extraZoneIds);

    public DateTimeZone Zone { get; }

    /// <summary>The same formatting in each of the site's extra zones (<c>site.extra_time_zones</c>), in config order.</summary>
    public IReadOnlyList<TimeDisplay> Extra { get; }

    /// <summary>The zone's IANA id, for the page's script (which skips the reader's zone when it is already shown).</summary>
    public string ZoneId => Zone.Id;

    /// <summary>A short place name for the zone: "New York" for America/New_York, "GMT" for Etc/GMT.</summary>
    public string ZoneLabel => Zone.Id[(Zone.Id.LastIndexOf('/') + 1)..].Replace('_', ' ');

    /// <summary>Every zone a reader already sees on the page: the display zone, UTC and the extra zones.</summary>
    public IEnumerable<string> ShownZoneIds => new[] { ZoneId, "Etc/UTC" }.Concat(Extra.Select(e => e.ZoneId)).Distinct(StringComparer.Ordinal);

    public ZonedDateTime Local(DateTimeOffset t) => Instant.FromDateTimeOffset(t).InZone(Zone);

    /// <summary>The calendar day of an instant in the display zone.</summary>
    public LocalDate DayOf(DateTimeOffset t) => Local(t).Date;

    /// <summary>The zone's abbreviation at that instant (PST or PDT), or "UTC".</summary>
    public string Abbreviation(DateTimeOffset t) => Zone.GetZoneInterval(Instant.FromDateTimeOffset(t)).Name;

    /// <summary>Statuspage's timestamp form: ISO 8601 with milliseconds, in the display zone's offset.</summary>
    public string Iso(DateTimeOffset t) => IsoPattern.Format(Local(t).ToOffsetDateTime());

    public static string IsoUtc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>"Mar 8, 2026", "8. März 2026": the month abbreviated, in the language's order.</summary>
    public string Date(LocalDate d) => d.ToString(Texts.MediumDatePattern, _culture);

    /// <summary>"Sunday, March 8, 2026", "Sonntag, 8. März 2026": the culture's long date, for day headings.</summary>
    public string LongDate(LocalDate d) => d.ToString(Texts.LongDatePattern, _culture);

    /// <summary>"Mar 8, 2026 01:30 PST (UTC−8)"</summary>
    public string Point(DateTimeOffset t) => $"{Date(DayOf(t))} {Clock(t)}";

    /// <summary>"09:30 UTC" with the date when asked.</summary>
    public string PointUtc(DateTimeOffset t, bool withDate = true)
    {
        var u = t.UtcDateTime;
        var time = u.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";
        return withDate ? $"{Date(LocalDate.FromDateTime(u))} {time}" : time;
    }

    /// <summary>"01:30 PST (UTC−8)": time, abbreviation and offset as they were at that instant.</summary>
    public string Clock(DateTimeOffset t)
    {
        var local = Local(t);
        return $"{local.ToString("HH:mm", CultureInfo.InvariantCulture)} {Abbreviation(t)} ({OffsetText(local.Offset)})";
    }

    public static string OffsetText(Offset offset)
    {
        if (offset == Offset.Zero)
        {
            return "UTC";
        }

        var ts = offset.ToTimeSpan();
        var sign = ts < TimeSpan.Zero ? "\u2212" : "+";
        ts = ts.Duration();
        return ts.Minutes == 0
            ? $"UTC{sign}{ts.Hours.ToString(CultureInfo.InvariantCulture)}"
            : $"UTC{sign}{ts.Hours.ToString(CultureInfo.InvariantCulture)}:{ts.Minutes.ToString("00", CultureInfo.InvariantCulture)}";
    }

    /// <summary>The range in the display zone, naming the end's date only when it differs from the start's.</summary>
    public string Range(DateTimeOffset start, DateTimeOffset? end)
    {
        var head = Point(start);
        if (end is null)
        {
            return $"{head} \u2013 {Texts.Ongoing}";
        }

        var sameDay = DayOf(start) == DayOf(end.Value);
        return sameDay ? $"{head} \u2013 {Clock(end.Value)}" : $"{head} \u2013 {Point(end.Value)}";
    }

    /// <summary>The same range in UTC.</summary>
    public string RangeUtc(DateTimeOffset start, DateTimeOffset? end)
    {
        var head = PointUtc(start);
        if (end is null)
        {
            return $"{head} \u2013 {Texts.Ongoing}";
        }

        var sameDay = start.UtcDateTime.Date == end.Value.UtcDateTime.Date;
        return $"{head} \u2013 {PointUtc(end.Value, withDate: !sameDay)}";
    }

    /// <summary>"2 h 15 min" for how long something lasted, in English (pages use <see cref="Texts"/>' own).</summary>
    public static string Duration(TimeSpan d) => Localization.Texts.English.Duration(d);
}
