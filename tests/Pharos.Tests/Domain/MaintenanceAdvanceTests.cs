using Pharos.Domain;
using Pharos.Tests.Support;

namespace Pharos.Tests.Domain;

public class MaintenanceAdvanceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Nothing_moves_before_the_window()
    {
        var m = Samples.Maintenance("m", Start, Start.AddHours(1), Start.AddDays(-2), "app");
        m.Advance(Start.AddSeconds(-1)).ShouldBeSameAs(m);
    }

    [Fact]
    public void Window_opening_starts_it_with_an_update_and_a_new_sequence()
    {
        var m = Samples.Maintenance("m", Start, Start.AddHours(1), Start.AddDays(-2), "app");
        var started = m.Advance(Start);
        started.Status.ShouldBe(MaintenanceStatus.InProgress);
        started.StartedAt.ShouldBe(Start);
        started.Sequence.ShouldBe(m.Sequence + 1);
        started.Updates[0].Status.ShouldBe(UpdateStatus.InProgress);
        started.Updates[0].ComponentChanges.ShouldHaveSingleItem().NewStatus.ShouldBe(ComponentStatus.UnderMaintenance);
    }

    [Fact]
    public void Window_closing_completes_it_even_when_start_was_missed()
    {
        var m = Samples.Maintenance("m", Start, Start.AddHours(1), Start.AddDays(-2), "app");
        var done = m.Advance(Start.AddHours(2));
        done.Status.ShouldBe(MaintenanceStatus.Completed);
        done.CompletedAt.ShouldBe(Start.AddHours(1));
        done.Updates.Select(u => u.Status).ShouldBe([UpdateStatus.Completed, UpdateStatus.InProgress, UpdateStatus.Scheduled]);
    }

    [Fact]
    public void Manual_maintenance_waits_for_a_person()
    {
        var m = Samples.Maintenance("m", Start, Start.AddHours(1), Start.AddDays(-2), "app") with { AutoStart = false, AutoComplete = false };
        m.Advance(Start.AddHours(2)).Status.ShouldBe(MaintenanceStatus.Scheduled);
        var running = m with { Status = MaintenanceStatus.InProgress };
        running.Advance(Start.AddHours(2)).Status.ShouldBe(MaintenanceStatus.InProgress);
    }

    [Fact]
    public void Advancing_twice_gives_the_same_update_ids()
    {
        var m = Samples.Maintenance("m", Start, Start.AddHours(1), Start.AddDays(-2), "app");
        var a = m.Advance(Start.AddMinutes(5));
        var b = m.Advance(Start.AddMinutes(7));
        a.Updates[0].Id.ShouldBe(b.Updates[0].Id);
    }
}
