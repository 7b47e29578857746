using Pharos.Failover;
using Pharos.Failover.Commands;

namespace Pharos.Tests.Failover;

/// <summary>The machine's side of maintenance windows that name a policy: moved once, held, and back only to a healthy primary.</summary>
public sealed class MaintenanceMoveMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FailoverMachine _m = new(FailoverTestPolicies.Policy());
    private readonly List<FailoverTransition> _transitions = [];
    private PolicyState _s;
    private DateTimeOffset _now = T0;

    public MaintenanceMoveMachineTests() => _s = _m.Initial(T0);

    private void Result(bool ok)
    {
        _now = _now.AddSeconds(5);
        Take(_m.Observe(_s, "primary-http", ok, _now, ok ? "200" : "connection refused"));
    }

    private void Take(FailoverDecision d)
    {
        _s = d.State;
        if (d.Transition is not null)
        {
            _transitions.Add(d.Transition);
        }
    }

    private void Published() => Take(_m.Applied(_s, _s.WantedSide, _now, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80)));

    [Fact]
    public void A_window_moves_the_names_to_the_standby_and_holds_them_whatever_the_checks_say()
    {
        Result(true);
        Result(true);
        Take(_m.StartMaintenance(_s, "w1", "Database upgrade", _now));
        _s.State.ShouldBe(FailoverState.Maintenance);
        _s.WantedSide.ShouldBe(FailoverSide.Failover);
        _s.MaintenanceId.ShouldBe("w1");
        _transitions.ShouldHaveSingleItem().Reason.ShouldContain("\"Database upgrade\" started");
        Published();
        _s.LiveSide.ShouldBe(FailoverSide.Failover);
        _s.State.ShouldBe(FailoverState.Maintenance, "published, but still held for the window");

        // The primary is down for the work: nothing moves, nothing is refused, no outage is declared.
        Result(false);
        Result(false);
        Result(false);
        _s.State.ShouldBe(FailoverState.Maintenance);
        _s.Refused.ShouldBeNull();

        // The same window again (every tick asks) moves nothing.
        var again = _m.StartMaintenance(_s, "w1", "Database upgrade", _now);
        again.Transition.ShouldBeNull();
        again.State.ShouldBeSameAs(_s);
    }

    [Fact]
    public void The_end_of_the_window_moves_back_once_the_primary_passes_its_checks()
    {
        Take(_m.StartMaintenance(_s, "w1", "Upgrade", _now));
        Published();
        Result(false);
        Result(true);
        Result(true);
        Take(_m.EndMaintenance(_s, _now));
        _s.State.ShouldBe(FailoverState.FailingBack);
        _s.MaintenanceId.ShouldBeNull();
        _s.WantedSide.ShouldBe(FailoverSide.Primary);
        Published();
        _s.State.ShouldBe(FailoverState.Primary);
        _s.LiveSide.ShouldBe(FailoverSide.Primary);
    }

    [Fact]
    public void A_window_that_ends_with_the_primary_still_failing_stays_on_the_standby_as_a_failover()
    {
        Take(_m.StartMaintenance(_s, "w1", "Upgrade", _now));
        Published();
        Result(false);
        Result(false);
        Result(false);
        Take(_m.EndMaintenance(_s, _now));
        _s.State.ShouldBe(FailoverState.FailedOver);
        _s.WantedSide.ShouldBe(FailoverSide.Failover);
        _transitions[^1].Reason.ShouldContain("do not pass yet");
        FailoverEvents.KindOf(_transitions[^1]).ShouldBe(Pharos.Notifications.EventKinds.FailoverFailedOver, "an outage now, and said so");

        // Then the automatic failback brings it back after the hold, as after any failover.
        Result(true);
        Result(true);
        _s.State.ShouldBe(FailoverState.Recovering);
    }

    [Fact]
    public void A_window_that_ends_before_the_names_left_the_primary_just_releases_them()
    {
        Take(_m.StartMaintenance(_s, "w1", "Upgrade", _now));
        Take(_m.EndMaintenance(_s, _now));
        _s.State.ShouldBe(FailoverState.Primary);
        _s.WantedSide.ShouldBe(FailoverSide.Primary);
    }

    [Fact]
    public void A_window_never_moves_names_to_an_unready_standby_nor_past_an_operators_pin()
    {
        var policy = FailoverTestPolicies.Policy() with { StandbyChecks = ["standby-http"] };
        var m = new FailoverMachine(policy);
        var s = m.Initial(T0);
        Should.Throw<FailoverRefusedException>(() => m.StartMaintenance(s, "w1", "Upgrade", T0)).Message.ShouldContain("the standby is not ready (standby-http: no result yet)");
        s = m.Observe(s, "standby-http", true, T0, "200").State;
        m.StartMaintenance(s, "w1", "Upgrade", T0).State.State.ShouldBe(FailoverState.Maintenance);

        Take(_m.Pin(_s, FailoverSide.Primary, _now, "bob", "deploy freeze"));
        Should.Throw<FailoverRefusedException>(() => _m.StartMaintenance(_s, "w1", "Upgrade", _now)).Message.ShouldContain("pinned to the primary by an operator");
    }

    [Fact]
    public void An_operator_who_takes_over_during_the_window_keeps_the_policy_when_it_ends()
    {
        Take(_m.StartMaintenance(_s, "w1", "Upgrade", _now));
        Published();
        Take(_m.Take(_s, FailoverCommandKind.ToPrimary, _now, "alice", "work finished early"));
        _s.State.ShouldBe(FailoverState.Pinned);
        _s.MaintenanceId.ShouldBe("w1", "the window, still in progress, does not take the policy back");
        var ended = _m.EndMaintenance(_s, _now);
        ended.Transition.ShouldBeNull();
        ended.State.State.ShouldBe(FailoverState.Pinned);
        ended.State.MaintenanceId.ShouldBeNull();
    }
}
