using Pharos.Config;
using Pharos.Failover;
using Pharos.Failover.Drills;
using Pharos.Tests.Support;
using static Pharos.Tests.Failover.FailoverTestSupport;

namespace Pharos.Tests.Failover.Drills;

/// <summary>A policy's drill schedule (cron in a time zone) under the fake clock, and its config errors.</summary>
public sealed class DrillScheduleTests
{
    private const string Drill = """
              drill: { schedule: "0 4 * * 1", hold: 2m, time_zone: Europe/Berlin }
        """;

    [Fact]
    public void The_schedule_is_cron_in_the_policy_time_zone()
    {
        var config = new DrillConfig { Schedule = Cronos.CronExpression.Parse("0 4 * * 1"), TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin") };
        // Friday 27 November 2026, 12:00 UTC: the next is Monday 30 November, 04:00 in Berlin (CET, UTC+1) = 03:00 UTC.
        config.NextAfter(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero)).ShouldBe(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));
        // In summer Berlin is UTC+2.
        config.NextAfter(new DateTimeOffset(2026, 6, 30, 0, 0, 0, TimeSpan.Zero)).ShouldBe(new DateTimeOffset(2026, 7, 6, 2, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_bad_schedule_time_zone_or_hold_is_reported_with_file_line_and_field()
    {
        var yaml = FailoverTestSupport.BuiltinYaml(53).Replace("failback: { mode: automatic, hold: 2s, recover_after: 2 }", """
            failback: { mode: automatic, hold: 2s, recover_after: 2 }
                  drill: { schedule: "every monday", hold: 9h, time_zone: Mars/Olympus }
            """, StringComparison.Ordinal);
        var errors = Should.Throw<ConfigException>(() => ConfigLoader.Load(yaml, "pharos.yaml")).Errors;
        errors.ShouldContain(e => e.File == "pharos.yaml" && e.Line == 22 && e.Message.Contains("failover.policies[1].drill.schedule: 'every monday' is not a cron expression", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Message.Contains("failover.policies[1].drill.time_zone: 'Mars/Olympus'", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Message.Contains("hold", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Under_the_fake_clock_a_scheduled_drill_starts_at_its_time_and_not_before_and_completes()
    {
        var port = FreePort();
        var time = new FakeTime(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        var yaml = BuiltinYaml(port).Replace("failback: { mode: automatic, hold: 2s, recover_after: 2 }", "failback: { mode: automatic, hold: 2s, recover_after: 2 }\n" + Drill.TrimEnd(), StringComparison.Ordinal);
        await using var app = await TestApp.StartAsync(yaml, time: time);
        var controller = app.Services.GetRequiredService<FailoverController>();
        var service = app.Services.GetRequiredService<DrillService>();
        var store = app.Services.GetRequiredService<DrillStore>();
        // The leader's services start once the node leads; before that results and ticks are ignored.
        await Until(() => controller.IsRunning, TimeSpan.FromSeconds(10), "the node to lead");
        Healthy(controller, time);
        await service.TickAsync(CancellationToken.None);

        var next = controller.Policies.Single().Drill.NextAfter(time.GetUtcNow())!.Value;
        var local = TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        (local.DayOfWeek, local.Hour, local.Minute).ShouldBe((DayOfWeek.Monday, 4, 0));

        time.Advance(next - time.GetUtcNow() - TimeSpan.FromMinutes(1));
        Healthy(controller, time);
        await service.TickAsync(CancellationToken.None);
        (await store.ListAsync("shop", 10, CancellationToken.None)).ShouldBeEmpty("a minute early, no drill");

        time.Advance(TimeSpan.FromMinutes(1));
        await service.TickAsync(CancellationToken.None);
        var d = (await store.ListAsync("shop", 10, CancellationToken.None)).ShouldHaveSingleItem();
        d.Actor.ShouldBe(DrillService.Schedule);
        d.Hold.ShouldBe(TimeSpan.FromMinutes(2));

        // The drill runs on the fake clock: nudged a second at a time through its two-minute hold.
        await Until(
            async () =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(10);
                return (await store.GetAsync(d.Id, CancellationToken.None))!.IsOpen == false;
            },
            TimeSpan.FromSeconds(60),
            "the scheduled drill to end");
        d = (await store.GetAsync(d.Id, CancellationToken.None))!;
        d.Status.ShouldBe(DrillStatus.Succeeded, d.Outcome);
        d.Steps.Single(s => s.Name == "hold").Took!.Value.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(2));
        (await Dig("www.example.test", port)).ShouldBe("127.0.0.10");
        (await controller.CurrentAsync("shop")).State.ShouldBe(FailoverState.Primary);

        // The next run is a week later, not again on this tick.
        await service.TickAsync(CancellationToken.None);
        (await store.ListAsync("shop", 10, CancellationToken.None)).Count.ShouldBe(1);
    }

    private static void Healthy(FailoverController controller, FakeTime time)
    {
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            controller.Observe("primary-http", true, time.GetUtcNow(), "200");
        }
    }
}
