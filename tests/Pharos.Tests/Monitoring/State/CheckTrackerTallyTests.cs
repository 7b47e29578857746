using Pharos.Domain;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;
using Pharos.Monitoring.Storage;

namespace Pharos.Tests.Monitoring.State;

/// <summary>The tracker keeps each component's status from a running tally of its checks; it must agree with counting them all.</summary>
public class CheckTrackerTallyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CheckCatalog Catalog(int checks) => new(
        [.. Enumerable.Range(0, checks).Select(i => (CheckConfig)new HeartbeatCheckConfig { Id = $"c{i}", ComponentId = "app", Token = "uz-kzfQOR2FGGbRPUkhmug", Period = TimeSpan.FromHours(1), FailAfter = 1, RecoverAfter = 1 })],
        ["app"]);

    [Fact]
    public void The_component_status_follows_its_checks_through_every_change_as_a_full_recount_would()
    {
        const int Checks = 50;
        var catalog = Catalog(Checks);
        var tracker = new CheckTracker(catalog);
        var random = new Random(11);
        var at = T0;
        for (var step = 0; step < 2_000; step++)
        {
            at = at.AddSeconds(1);
            var id = $"c{random.Next(Checks)}";
            var outcome = (CheckOutcome)random.Next(3);
            tracker.Apply(new CheckResult(id, "app", at, outcome, 1, null));
            var recount = ComponentHealthRules.StatusOf(catalog.All.Select(c => tracker.StateOf(c.Id).Health));
            if (tracker.Statuses["app"] != recount)
            {
                throw new ShouldAssertException($"step {step}: tally says {tracker.Statuses["app"]}, a recount {recount}");
            }
        }
    }

    [Fact]
    public void Restored_states_count_in_the_tally()
    {
        var tracker = new CheckTracker(Catalog(3));
        tracker.Restore(
            [new StoredCheckState("c0", CheckHealth.Down, T0, "refused", null, false), new StoredCheckState("c1", CheckHealth.Down, T0, "refused", null, false)],
            [new StoredComponentHealth("app", ComponentStatus.MajorOutage, T0, null)]);

        // The third check's first result: two of three down is a partial outage, not the major one restored.
        var (_, component) = tracker.Apply(new CheckResult("c2", "app", T0.AddSeconds(1), CheckOutcome.Up, 1, null));
        component.ShouldNotBeNull().Status.ShouldBe(ComponentStatus.PartialOutage);

        tracker.Apply(new CheckResult("c0", "app", T0.AddSeconds(2), CheckOutcome.Up, 1, null));
        tracker.Apply(new CheckResult("c1", "app", T0.AddSeconds(3), CheckOutcome.Up, 1, null));
        tracker.Statuses["app"].ShouldBe(ComponentStatus.Operational);
    }
}
