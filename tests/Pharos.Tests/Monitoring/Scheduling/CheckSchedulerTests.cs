using Pharos.Monitoring.Scheduling;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring.Scheduling;

/// <summary>The scheduler on a fake clock: its grid over many intervals, skips, failures, stopping, and checks assigned and unassigned while it runs.</summary>
public class CheckSchedulerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Checks_run_exactly_on_their_grid_over_many_intervals()
    {
        var a = TestCheck.Every("a", Ten);
        var b = TestCheck.Every("b", TimeSpan.FromSeconds(30));
        await using var rig = await SchedulerRig.StartAsync(Noon, [a, b]);
        await rig.SettledAsync(2);
        var expected = 2;
        for (var k = 1; k <= 60; k++)
        {
            rig.AdvanceTo(Noon + (Ten * k));
            expected += k % 3 == 0 ? 2 : 1;
            await rig.SettledAsync(expected);
        }

        rig.Sink.RunsOf("a").ShouldBe(Enumerable.Range(0, 61).Select(k => Noon + (Ten * k)));
        rig.Sink.RunsOf("b").ShouldBe(Enumerable.Range(0, 21).Select(k => Noon + (TimeSpan.FromSeconds(30) * k)));
        rig.Skipped.ShouldBe(0);
    }

    [Fact]
    public async Task A_check_assigned_while_running_starts_on_the_grid_any_other_node_would_give_it()
    {
        var jitter = Ten;
        var a = TestCheck.Every("a", Ten);
        var moved = TestCheck.Every("moved", Ten);
        var start = Noon.AddMilliseconds(2345);
        await using var rig = await SchedulerRig.StartAsync(start, [a], jitter);
        var gridA = CheckGrid.For("a", Ten, jitter, DateTimeOffset.UnixEpoch);
        var gridMoved = CheckGrid.For("moved", Ten, jitter, DateTimeOffset.UnixEpoch);
        var a1 = gridA.SlotAtOrAfter(start);
        rig.AdvanceTo(a1);
        await rig.SettledAsync(1);
        rig.Scheduler.Runs("moved").ShouldBeFalse();

        rig.Assignment.Set([a, moved]);
        rig.Scheduler.Runs("moved").ShouldBeTrue();
        rig.Scheduler.Assigned.ShouldBe(2);
        var m1 = gridMoved.SlotAtOrAfter(a1);
        var slots = Enumerable.Range(1, 3).Select(k => a1 + (Ten * k))
            .Concat(Enumerable.Range(0, 3).Select(k => m1 + (Ten * k)))
            .Where(t => t > a1).Distinct().Order().ToList();
        var runs = 1;
        foreach (var t in slots)
        {
            rig.AdvanceTo(t);
            runs += (t == m1 || t == m1 + Ten || t == m1 + (Ten * 2) ? 1 : 0) + (t - a1 == Ten || t - a1 == Ten * 2 || t - a1 == Ten * 3 ? 1 : 0);
            await rig.SettledAsync(runs);
        }

        rig.Sink.RunsOf("moved").ShouldBe([m1, m1 + Ten, m1 + (Ten * 2)], "the slots of its grid, the same on every node");
        rig.Sink.RunsOf("a").ShouldBe([a1, a1 + Ten, a1 + (Ten * 2), a1 + (Ten * 3)]);
        rig.Skipped.ShouldBe(0);
    }

    [Fact]
    public async Task A_check_no_longer_assigned_stops_and_its_run_in_flight_still_finishes_and_is_recorded()
    {
        var a = TestCheck.Every("a", Ten);
        var b = TestCheck.Every("b", Ten);
        await using var rig = await SchedulerRig.StartAsync(Noon, [a, b]);
        await rig.SettledAsync(2);
        await rig.HoldRunAtAsync(a, Noon + Ten);
        await Eventually.TrueAsync(() => rig.Sink.Count == 3, Within, "b's second run recorded");

        rig.Assignment.Set([b]);
        rig.Scheduler.Runs("a").ShouldBeFalse();
        rig.Scheduler.Assigned.ShouldBe(1);
        a.Probe.Release();
        await rig.SettledAsync(4);
        rig.Sink.RunsOf("a").ShouldBe([Noon, Noon + Ten], "the run going when it was unassigned");

        for (var k = 2; k <= 4; k++)
        {
            rig.AdvanceTo(Noon + (Ten * k));
            await rig.SettledAsync(4 + k - 1);
        }

        a.Probe.Calls.ShouldBe(2, "no run after it was unassigned");
        rig.Sink.RunsOf("b").Count.ShouldBe(5);
    }

    [Fact]
    public async Task A_check_assigned_again_while_its_old_run_is_going_skips_slots_rather_than_running_twice_at_once()
    {
        var a = TestCheck.Every("a", Ten);
        await using var rig = await SchedulerRig.StartAsync(Noon, [a]);
        await rig.SettledAsync(1);
        await rig.HoldRunAtAsync(a, Noon + Ten);

        rig.Assignment.Set([]);
        rig.Assignment.Set([a]);
        await Eventually.TrueAsync(() => rig.Skipped == 1, Within, "the slot at 10 s, due again on re-assignment, skipped");
        rig.AdvanceTo(Noon + (Ten * 2));
        await Eventually.TrueAsync(() => rig.Skipped == 2, Within, "the slot at 20 s skipped");
        a.Probe.Calls.ShouldBe(2);

        a.Probe.Release();
        await rig.SettledAsync(2);
        rig.AdvanceTo(Noon + (Ten * 3));
        await rig.SettledAsync(3);
        rig.Sink.RunsOf("a").ShouldBe([Noon, Noon + Ten, Noon + (Ten * 3)]);
        a.Probe.MostAtOnce.ShouldBe(1);
    }

    [Fact]
    public async Task A_run_longer_than_its_interval_skips_and_counts_the_slots_it_overran_and_the_next_stays_on_the_grid()
    {
        var a = TestCheck.Every("a", Ten);
        await using var rig = await SchedulerRig.StartAsync(Noon, [a]);
        await rig.SettledAsync(1);
        await rig.HoldRunAtAsync(a, Noon + Ten);
        rig.AdvanceTo(Noon.AddSeconds(25));
        a.Probe.Release();
        await rig.SettledAsync(2);
        rig.Skipped.ShouldBe(1, "the slot at 20 s passed during the run");
        a.Probe.Calls.ShouldBe(2);

        rig.AdvanceTo(Noon.AddSeconds(30));
        await rig.SettledAsync(3);
        rig.Sink.RunsOf("a").ShouldBe([Noon, Noon + Ten, Noon.AddSeconds(30)], "30 s, not 25 + 10");
    }

    [Fact]
    public async Task A_check_whose_results_cannot_be_recorded_does_not_stop_the_others_or_itself()
    {
        var bad = TestCheck.Every("bad", Ten);
        var good = TestCheck.Every("good", Ten);
        await using var rig = await SchedulerRig.StartAsync(Noon, [bad, good]);
        rig.Sink.FailFor.Add("bad");
        await rig.SettledAsync(2);
        for (var k = 1; k <= 3; k++)
        {
            rig.AdvanceTo(Noon + (Ten * k));
            await rig.SettledAsync(2 + (2 * k));
        }

        rig.Sink.RunsOf("good").Count.ShouldBe(4);
        bad.Probe.Calls.ShouldBe(4, "it keeps its schedule too");
    }

    [Fact]
    public async Task No_more_runs_start_at_once_than_the_concurrency_cap_and_the_rest_start_in_turn()
    {
        var checks = Enumerable.Range(0, 5).Select(i => TestCheck.Every($"c{i}", Ten)).ToList();
        foreach (var c in checks)
        {
            c.Probe.Hold();
        }

        await using var rig = await SchedulerRig.StartAsync(Noon, checks, concurrency: 2);
        await Eventually.TrueAsync(() => checks.Sum(c => c.Probe.Going) == 2, Within, "two runs going");
        await Task.Delay(100);
        checks.Sum(c => c.Probe.Calls).ShouldBe(2, "the others wait for a place");

        foreach (var c in checks)
        {
            c.Probe.Release();
        }

        await rig.SettledAsync(5);
        checks.ShouldAllBe(c => c.Probe.Calls == 1);
    }

    [Fact]
    public async Task Stopping_cancels_a_run_in_flight_and_ends_the_scheduler()
    {
        var a = TestCheck.Every("a", Ten);
        await using var rig = await SchedulerRig.StartAsync(Noon, [a]);
        await rig.SettledAsync(1);
        await rig.HoldRunAtAsync(a, Noon + Ten);

        await rig.Scheduler.StopAsync(CancellationToken.None).WaitAsync(Within);
        a.Probe.Going.ShouldBe(0);
        rig.Sink.Count.ShouldBe(1, "a cancelled run records nothing");
        rig.Scheduler.InFlight.ShouldBe(0);

        rig.AdvanceTo(Noon + (Ten * 5));
        await Task.Delay(100);
        a.Probe.Calls.ShouldBe(2, "nothing runs after stopping");
    }
}
