using Pharos.StatusPage;

namespace Pharos.Tests.StatusPage;

public class TimeDisplayTests
{
    private readonly TimeDisplay _la = new("America/Los_Angeles");

    [Fact]
    public void Range_across_spring_forward_names_PST_then_PDT()
    {
        // 2026-03-08 02:00 PST the clocks jump to 03:00 PDT (10:00 UTC).
        var start = new DateTimeOffset(2026, 3, 8, 9, 30, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 3, 8, 10, 15, 0, TimeSpan.Zero);
        _la.Range(start, end).ShouldBe("Mar 8, 2026 01:30 PST (UTC\u22128) \u2013 03:15 PDT (UTC\u22127)");
        _la.RangeUtc(start, end).ShouldBe("Mar 8, 2026 09:30 UTC \u2013 10:15 UTC");
    }

    [Fact]
    public void Range_across_fall_back_names_PDT_then_PST()
    {
        // 2026-11-01 02:00 PDT the clocks go back to 01:00 PST (09:00 UTC); 01:30 happens twice.
        var start = new DateTimeOffset(2026, 11, 1, 8, 30, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 11, 1, 9, 30, 0, TimeSpan.Zero);
        _la.Range(start, end).ShouldBe("Nov 1, 2026 01:30 PDT (UTC\u22127) \u2013 01:30 PST (UTC\u22128)");
    }

    [Fact]
    public void Range_across_local_midnight_names_both_dates()
    {
        var start = new DateTimeOffset(2026, 6, 10, 6, 40, 0, TimeSpan.Zero); // 23:40 PDT on June 9
        var end = new DateTimeOffset(2026, 6, 10, 8, 5, 0, TimeSpan.Zero);   // 01:05 PDT on June 10
        _la.Range(start, end).ShouldBe("Jun 9, 2026 23:40 PDT (UTC\u22127) \u2013 Jun 10, 2026 01:05 PDT (UTC\u22127)");
        _la.RangeUtc(start, end).ShouldBe("Jun 10, 2026 06:40 UTC \u2013 08:05 UTC");
        _la.DayOf(start).ShouldBe(new NodaTime.LocalDate(2026, 6, 9));
    }

    [Fact]
    public void Range_across_UTC_midnight_names_both_UTC_dates()
    {
        var start = new DateTimeOffset(2026, 6, 9, 23, 50, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 6, 10, 0, 20, 0, TimeSpan.Zero);
        _la.RangeUtc(start, end).ShouldBe("Jun 9, 2026 23:50 UTC \u2013 Jun 10, 2026 00:20 UTC");
        _la.Range(start, end).ShouldBe("Jun 9, 2026 16:50 PDT (UTC\u22127) \u2013 17:20 PDT (UTC\u22127)");
    }

    [Fact]
    public void Ongoing_incident_says_so()
    {
        var start = new DateTimeOffset(2026, 1, 5, 18, 0, 0, TimeSpan.Zero);
        _la.Range(start, null).ShouldBe("Jan 5, 2026 10:00 PST (UTC\u22128) \u2013 ongoing");
    }

    [Fact]
    public void Iso_uses_the_display_offset_with_milliseconds()
    {
        _la.Iso(new DateTimeOffset(2026, 1, 5, 18, 0, 0, 123, TimeSpan.Zero)).ShouldBe("2026-01-05T10:00:00.123-08:00");
        _la.Iso(new DateTimeOffset(2026, 7, 5, 18, 0, 0, TimeSpan.Zero)).ShouldBe("2026-07-05T11:00:00.000-07:00");
        new TimeDisplay("Etc/UTC").Iso(new DateTimeOffset(2026, 7, 5, 18, 0, 0, TimeSpan.Zero)).ShouldBe("2026-07-05T18:00:00.000Z");
    }

    [Fact]
    public void Half_hour_zones_show_minutes_in_the_offset()
    {
        var india = new TimeDisplay("Asia/Kolkata");
        india.Clock(new DateTimeOffset(2026, 1, 5, 18, 0, 0, TimeSpan.Zero)).ShouldBe("23:30 IST (UTC+5:30)");
    }

    [Fact]
    public void Unknown_zone_is_refused()
    {
        Should.Throw<ArgumentException>(() => new TimeDisplay("Mars/Olympus_Mons"));
    }
}
