using Pharos.Http;
using NodaTime.Text;
using Pharos.StatusPage;

namespace Pharos.Admin;

/// <summary>The admin's datetime-local fields, which hold wall-clock time in the site's display zone.</summary>
public static class LocalTimes
{
    private static readonly LocalDateTimePattern Pattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
    private static readonly LocalDateTimePattern WithSeconds = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");

    public static string Format(TimeDisplay times, DateTimeOffset t) => Pattern.Format(times.Local(t).LocalDateTime);

    /// <summary>
    /// The instant a wall-clock time names. In a DST overlap the earlier instant is taken; a time inside a DST gap
    /// does not exist and is refused, rather than silently moved.
    /// </summary>
    public static DateTimeOffset? Parse(TimeDisplay times, string? text, string field, Validation v)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var result = Pattern.Parse(text.Trim());
        if (!result.Success)
        {
            result = WithSeconds.Parse(text.Trim());
        }

        if (!result.Success)
        {
            v.Add(field, $"'{text}' is not a date and time like 2026-03-08T09:30.");
            return null;
        }

        var mapping = times.Zone.MapLocal(result.Value);
        if (mapping.Count == 0)
        {
            v.Add(field, $"{text} does not exist in {times.Zone.Id} (the clocks skip it for daylight saving time).");
            return null;
        }

        return mapping.First().ToDateTimeOffset();
    }
}
