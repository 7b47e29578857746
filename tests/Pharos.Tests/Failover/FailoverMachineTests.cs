using Pharos.Failover;
using Pharos.Failover.Commands;

namespace Pharos.Tests.Failover;

public class FailoverMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FailoverMachine _m = new(FailoverTestPolicies.Policy());
    private readonly List<FailoverTransition> _transitions = [];
    private PolicyState _s;
    private DateTimeOffset _now = T0;

    public FailoverMachineTests() => _s = _m.Initial(T0);

    private void Result(bool ok, string check = "primary-http")
    {
        _now = _now.AddSeconds(5);
        Take(_m.Observe(_s, check, ok, _now, ok ? "200" : "connection refused"));
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
    public void Blip_shorter_than_fail_after_moves_nothing()
    {
        foreach (var ok in new[] { false, false, true, false, false })
        {
            Result(ok);
        }

        _s.State.ShouldBe(FailoverState.Primary);
        _transitions.ShouldBeEmpty();
    }

    [Fact]
    public void Three_failures_in_a_row_fail_over_with_the_evidence()
    {
        Result(false);
        Result(false);
        Result(false);
        _s.State.ShouldBe(FailoverState.FailingOver);
        _s.WantedSide.ShouldBe(FailoverSide.Failover);
        var t = _transitions.ShouldHaveSingleItem();
        t.Actor.ShouldBe("pharos");
        t.Evidence["primary-http"].ConsecutiveFailures.ShouldBe(3);
        t.Reason.ShouldContain("connection refused");

        Published();
        _s.State.ShouldBe(FailoverState.FailedOver);
        _s.LiveSide.ShouldBe(FailoverSide.Failover);
        _transitions.Last().ConsistencyDuration.ShouldBe(TimeSpan.FromMilliseconds(80));
    }

    [Fact]
    public void Results_of_other_checks_are_ignored()
    {
        for (var i = 0; i < 5; i++)
        {
            Result(false, "some-other-check");
        }

        _s.State.ShouldBe(FailoverState.Primary);
    }

    [Fact]
    public void Fail_back_waits_for_recover_after_and_the_hold_time()
    {
        FailOver();
        Result(true);
        _s.State.ShouldBe(FailoverState.FailedOver, "one success is not enough with recover_after 2");
        Result(true);
        _s.State.ShouldBe(FailoverState.Recovering);
        Take(_m.Tick(_s, _now.AddMinutes(4)));
        _s.State.ShouldBe(FailoverState.Recovering);
        Take(_m.Tick(_s, _s.HealthySince!.Value.AddMinutes(5)));
        _s.State.ShouldBe(FailoverState.FailingBack);
        _s.WantedSide.ShouldBe(FailoverSide.Primary);
        Published();
        _s.State.ShouldBe(FailoverState.Primary);
        _s.LiveSide.ShouldBe(FailoverSide.Primary);
    }

    [Fact]
    public void A_failure_during_the_hold_time_starts_it_over()
    {
        FailOver();
        Result(true);
        Result(true);
        _s.State.ShouldBe(FailoverState.Recovering);
        Result(false);
        _s.State.ShouldBe(FailoverState.FailedOver);
        _s.HealthySince.ShouldBeNull();
    }

    [Fact]
    public void Manual_fail_back_never_moves_by_itself()
    {
        var m = new FailoverMachine(FailoverTestPolicies.Policy("failback: { mode: manual }"));
        var s = m.Initial(T0);
        for (var i = 1; i <= 3; i++)
        {
            s = m.Observe(s, "primary-http", false, T0.AddSeconds(i)).State;
        }

        s = m.Applied(s, FailoverSide.Failover, T0.AddSeconds(4), TimeSpan.Zero, TimeSpan.Zero).State;
        for (var i = 5; i < 50; i++)
        {
            s = m.Observe(s, "primary-http", true, T0.AddSeconds(i)).State;
        }

        s = m.Tick(s, T0.AddDays(1)).State;
        s.State.ShouldBe(FailoverState.FailedOver);
    }

    [Fact]
    public void Pinned_policy_ignores_checks_until_resumed()
    {
        Take(_m.Pin(_s, FailoverSide.Failover, _now, "alice", "drill"));
        _s.State.ShouldBe(FailoverState.Pinned);
        _s.WantedSide.ShouldBe(FailoverSide.Failover);
        _transitions.Last().Actor.ShouldBe("alice");
        Published();
        _s.LiveSide.ShouldBe(FailoverSide.Failover);
        Result(true);
        Result(true);
        _s.State.ShouldBe(FailoverState.Pinned);

        Take(_m.Resume(_s, _now, "alice", "drill over"));
        _s.State.ShouldBe(FailoverState.Recovering, "resumed on the failover side with a healthy primary, the hold time starts");
    }

    [Fact]
    public void Resume_with_the_primary_down_fails_over_at_once()
    {
        Take(_m.Pin(_s, FailoverSide.Primary, _now, "bob", "deploy"));
        Result(false);
        Result(false);
        Result(false);
        _s.State.ShouldBe(FailoverState.Pinned);
        Take(_m.Resume(_s, _now, "bob", "done"));
        _s.State.ShouldBe(FailoverState.FailingOver);
    }

    [Fact]
    public void For_delays_the_decision_until_the_failures_have_lasted()
    {
        var m = new FailoverMachine(FailoverTestPolicies.Policy() with { Trigger = FailoverTestPolicies.Policy().Trigger with { For = TimeSpan.FromSeconds(30) } });
        var s = m.Initial(T0);
        for (var i = 0; i < 3; i++)
        {
            s = m.Observe(s, "primary-http", false, T0.AddSeconds(i * 5)).State;
        }

        s.State.ShouldBe(FailoverState.Primary);
        m.Tick(s, T0.AddSeconds(29)).State.State.ShouldBe(FailoverState.Primary);
        m.Tick(s, T0.AddSeconds(30)).State.State.ShouldBe(FailoverState.FailingOver);
    }

    [Fact]
    public void The_machine_says_when_a_for_duration_ends_so_the_decision_does_not_wait_for_the_next_check()
    {
        var m = new FailoverMachine(FailoverTestPolicies.Policy() with { Trigger = FailoverTestPolicies.Policy().Trigger with { For = TimeSpan.FromSeconds(3.5) } });
        var s = m.Initial(T0);
        m.NextDue(s).ShouldBeNull("nothing waits on the clock");
        for (var i = 0; i < 2; i++)
        {
            s = m.Observe(s, "primary-http", false, T0.AddSeconds(i)).State;
        }

        m.NextDue(s).ShouldBeNull("two failures are not yet fail_after");
        s = m.Observe(s, "primary-http", false, T0.AddSeconds(2)).State;
        m.NextDue(s).ShouldBe(T0.AddSeconds(3.5));
        m.Tick(s, T0.AddSeconds(3.49)).State.State.ShouldBe(FailoverState.Primary);
        m.Tick(s, T0.AddSeconds(3.5)).State.State.ShouldBe(FailoverState.FailingOver);

        // A pass in between clears it: a 3-s blip moves nothing.
        var healed = m.Observe(s, "primary-http", true, T0.AddSeconds(3)).State;
        m.NextDue(healed).ShouldBeNull();
        m.Tick(healed, T0.AddSeconds(3.5)).State.State.ShouldBe(FailoverState.Primary);
    }

    [Fact]
    public void Failed_apply_keeps_the_state_and_surfaces_the_error()
    {
        FailOverDecided();
        var d = FailoverMachine.ApplyFailed(_s, "REFUSED");
        d.State.State.ShouldBe(FailoverState.FailingOver);
        d.State.LastError.ShouldBe("REFUSED");
        d.Transition.ShouldBeNull();
    }

    private void FailOverDecided()
    {
        Result(false);
        Result(false);
        Result(false);
    }

    private void FailOver()
    {
        FailOverDecided();
        Published();
        _s.State.ShouldBe(FailoverState.FailedOver);
    }

    [Theory]
    [InlineData(FailoverCommandKind.ToFailover, FailoverState.Pinned, FailoverSide.Failover)]
    [InlineData(FailoverCommandKind.ToPrimary, FailoverState.Pinned, FailoverSide.Primary)]
    [InlineData(FailoverCommandKind.Pin, FailoverState.Pinned, FailoverSide.Failover)]
    [InlineData(FailoverCommandKind.Resume, FailoverState.FailedOver, FailoverSide.Failover)]
    public void Each_command_does_what_its_name_says_to_a_failed_over_policy(FailoverCommandKind command, FailoverState state, FailoverSide wanted)
    {
        Result(false);
        Result(false);
        Result(false);
        Published();
        if (command == FailoverCommandKind.Resume)
        {
            Take(_m.Take(_s, FailoverCommandKind.ToFailover, _now, "cli:olga", "drill"));
        }

        var d = _m.Take(_s, command, _now, "cli:olga", "drill");

        d.State.State.ShouldBe(state);
        d.State.WantedSide.ShouldBe(wanted, "pin keeps the side that is live");
        d.Transition.ShouldNotBeNull().Actor.ShouldBe("cli:olga");
    }
}
