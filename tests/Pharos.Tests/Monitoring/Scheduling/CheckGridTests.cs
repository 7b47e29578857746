using Pharos.Monitoring.Scheduling;

namespace Pharos.Tests.Monitoring.Scheduling;

public class CheckGridTests
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static bool OnGrid(CheckGrid grid, DateTimeOffset t) => (t - grid.Origin - grid.Phase).Ticks % grid.Interval.Ticks == 0;

    [Fact]
    public void The_phase_comes_from_the_id_alone_so_every_process_computes_the_same_slots()
    {
        // Pinned: FNV-1a of "web" is 265927825; a change of hash would move every check on every node at upgrade.
        CheckGrid.Share("web").ShouldBe(265927825 / (double)uint.MaxValue);
        var grid = CheckGrid.For("web", Interval, TimeSpan.FromSeconds(30), Epoch);
        grid.Phase.ShouldBe(TimeSpan.FromTicks((long)(Interval.Ticks * CheckGrid.Share("web"))));
        grid.ShouldBe(CheckGrid.For("web", Interval, TimeSpan.FromSeconds(30), Epoch));
        CheckGrid.For("api", Interval, TimeSpan.FromSeconds(30), Epoch).Phase.ShouldNotBe(grid.Phase, "checks are spread over the interval");

        // Two nodes starting the check at different times pick slots of one grid.
        var first = grid.FirstDue(Noon.AddMilliseconds(1234), TimeSpan.FromSeconds(30));
        var second = grid.FirstDue(Noon.AddMinutes(7).AddMilliseconds(8765), TimeSpan.FromSeconds(30));
        OnGrid(grid, first).ShouldBeTrue();
        OnGrid(grid, second).ShouldBeTrue();
    }

    [Fact]
    public void Slots_are_the_origin_plus_the_phase_plus_whole_intervals()
    {
        var grid = new CheckGrid(Noon, TimeSpan.FromSeconds(3), Interval);
        grid.SlotAtOrAfter(Noon).ShouldBe(Noon.AddSeconds(3));
        grid.SlotAtOrAfter(Noon.AddSeconds(3)).ShouldBe(Noon.AddSeconds(3), "a slot at the instant itself counts");
        grid.SlotAtOrAfter(Noon.AddSeconds(3).AddTicks(1)).ShouldBe(Noon.AddSeconds(13));
        grid.SlotAtOrAfter(Noon.AddSeconds(-20)).ShouldBe(Noon.AddSeconds(-17), "before the origin too");
        grid.SlotAtOrAfter(Noon.AddSeconds(-17)).ShouldBe(Noon.AddSeconds(-17));
    }

    [Fact]
    public void A_check_starting_mid_interval_runs_first_at_its_next_slot_when_that_is_within_the_jitter_window()
    {
        var grid = new CheckGrid(Epoch, TimeSpan.FromSeconds(4), Interval);
        grid.FirstDue(Noon.AddSeconds(5), TimeSpan.FromSeconds(30)).ShouldBe(Noon.AddSeconds(14));
        grid.FirstDue(Noon.AddSeconds(4), TimeSpan.FromSeconds(30)).ShouldBe(Noon.AddSeconds(4));
    }

    [Fact]
    public void A_long_interval_check_runs_once_within_the_jitter_window_of_its_start_and_then_on_its_grid()
    {
        var hour = TimeSpan.FromHours(1);
        var jitter = TimeSpan.FromSeconds(30);
        var grid = new CheckGrid(Epoch, TimeSpan.FromSeconds(20), hour);
        var start = Noon.AddMinutes(10);
        var first = grid.FirstDue(start, jitter);
        first.ShouldBe(start.AddSeconds(20), "not 50 minutes later, at the next slot");
        grid.NextDue(first, first.AddSeconds(1), out var skipped).ShouldBe(Noon.AddHours(1).AddSeconds(20));
        skipped.ShouldBe(0);

        grid.FirstDue(Noon.AddHours(1).AddSeconds(5), jitter).ShouldBe(Noon.AddHours(1).AddSeconds(20), "the next slot is within the window");
    }

    [Fact]
    public void With_no_jitter_a_check_off_its_grid_runs_at_once()
    {
        var grid = CheckGrid.For("web", Interval, TimeSpan.Zero, Epoch);
        grid.Phase.ShouldBe(TimeSpan.Zero);
        grid.FirstDue(Noon.AddSeconds(3), TimeSpan.Zero).ShouldBe(Noon.AddSeconds(3));
        grid.NextDue(Noon.AddSeconds(3), Noon.AddSeconds(3), out _).ShouldBe(Noon.AddSeconds(10), "then on the grid");
    }

    [Theory]
    [InlineData(25, 30, 1)] // slot 20 passed during the run
    [InlineData(30, 40, 2)] // finishing at a slot's instant misses it too: 20 and 30
    [InlineData(11, 20, 0)]
    [InlineData(10, 20, 0)] // no time taken
    public void A_late_or_long_run_skips_the_slots_it_overran_and_the_next_stays_on_the_grid(int finishedAt, int next, long expectSkipped)
    {
        var grid = new CheckGrid(Noon, TimeSpan.Zero, Interval);
        grid.NextDue(Noon.AddSeconds(10), Noon.AddSeconds(finishedAt), out var skipped).ShouldBe(Noon.AddSeconds(next));
        skipped.ShouldBe(expectSkipped);
    }

    [Fact]
    public void Runs_that_end_at_any_point_of_their_interval_never_drift_over_a_year_of_slots()
    {
        var grid = CheckGrid.For("drift", Interval, Interval, Epoch);
        var random = new Random(7);
        var due = grid.FirstDue(Noon, Interval);
        var first = due;
        const int Slots = 3_153_600; // a year of 10 s slots
        for (var i = 0; i < Slots; i++)
        {
            var finished = due + TimeSpan.FromTicks((long)(random.NextDouble() * Interval.Ticks * 0.999));
            var next = grid.NextDue(due, finished, out var skipped);
            skipped.ShouldBe(0);
            if (next - due != Interval)
            {
                throw new ShouldAssertException($"slot {i} at {due:O} was followed by {next:O}");
            }

            due = next;
        }

        due.ShouldBe(first + (Interval * Slots));
        OnGrid(grid, due).ShouldBeTrue();
    }
}
