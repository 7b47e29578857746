using Pharos.Failover;
using Pharos.Failover.Commands;

namespace Pharos.Tests.Failover;

/// <summary>Pharos fails over only to a standby whose own checks pass; an operator may go anyway, with force and a reason.</summary>
public sealed class StandbyReadinessTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FailoverMachine _m = new(FailoverTestPolicies.Policy() with { StandbyChecks = ["standby-http"] });
    private readonly List<FailoverTransition> _transitions = [];
    private PolicyState _s;
    private DateTimeOffset _now = T0;

    public StandbyReadinessTests() => _s = _m.Initial(T0);

    private void Result(string check, bool ok)
    {
        _now = _now.AddSeconds(5);
        var d = _m.Observe(_s, check, ok, _now, ok ? "200" : "503 from the standby");
        _s = d.State;
        if (d.Transition is not null)
        {
            _transitions.Add(d.Transition);
        }
    }

    [Fact]
    public void The_primary_dying_while_the_standby_fails_moves_nothing_and_says_why_once()
    {
        Result("standby-http", false);
        Result("primary-http", false);
        Result("primary-http", false);
        Result("primary-http", false);
        _s.State.ShouldBe(FailoverState.Primary);
        _transitions.ShouldBeEmpty();
        _s.Refused.ShouldNotBeNull();
        _s.Refused.ShouldContain("primary down, standby not ready");
        _s.Refused.ShouldContain("standby-http: down (503 from the standby)");
        _s.Refused.ShouldContain("primary-http: 3 failure(s) in a row");
        var refused = _s.Refused;
        Result("primary-http", false);
        _s.Refused.ShouldBeSameAs(refused, "announced once per outage, not per result");

        // The standby comes back while the primary is still down: now it moves, with both sides in the evidence.
        Result("standby-http", true);
        _s.State.ShouldBe(FailoverState.FailingOver);
        _s.Refused.ShouldBeNull();
        var t = _transitions.ShouldHaveSingleItem();
        t.Evidence.Keys.ShouldBe(["primary-http", "standby-http"], ignoreOrder: true);
    }

    [Fact]
    public void A_standby_never_checked_is_not_ready()
    {
        Result("primary-http", false);
        Result("primary-http", false);
        Result("primary-http", false);
        _s.State.ShouldBe(FailoverState.Primary);
        _s.Refused!.ShouldContain("standby-http: no result yet");
    }

    [Fact]
    public void The_refusal_clears_when_the_primary_recovers()
    {
        Result("standby-http", false);
        for (var i = 0; i < 3; i++)
        {
            Result("primary-http", false);
        }

        _s.Refused.ShouldNotBeNull();
        Result("primary-http", true);
        _s.Refused.ShouldBeNull();
        _s.State.ShouldBe(FailoverState.Primary);
    }

    [Fact]
    public void A_healthy_standby_changes_nothing_about_failing_over()
    {
        Result("standby-http", true);
        for (var i = 0; i < 3; i++)
        {
            Result("primary-http", false);
        }

        _s.State.ShouldBe(FailoverState.FailingOver);
        _s.Refused.ShouldBeNull();
    }

    [Fact]
    public void An_operator_needs_force_to_move_to_a_standby_that_is_not_ready()
    {
        Result("standby-http", false);
        var refused = Should.Throw<FailoverRefusedException>(() => _m.Take(_s, FailoverCommandKind.ToFailover, _now, "user:olga", "drill"));
        refused.Message.ShouldContain("the standby is not ready (standby-http: down (503 from the standby))");

        var forced = _m.Take(_s, FailoverCommandKind.ToFailover, _now, "user:olga", "the primary's datacenter is flooding", force: true);
        forced.State.State.ShouldBe(FailoverState.Pinned);
        forced.State.WantedSide.ShouldBe(FailoverSide.Failover);
        forced.Transition!.Reason.ShouldContain("the primary's datacenter is flooding (forced: the standby is not ready: standby-http: down");

        Result("standby-http", true);
        _m.Take(_s, FailoverCommandKind.ToFailover, _now, "user:olga", "drill").State.State.ShouldBe(FailoverState.Pinned, "no force needed once it is ready");
        _m.Take(_s, FailoverCommandKind.ToPrimary, _now, "user:olga", "back").State.State.ShouldBe(FailoverState.Pinned, "the primary needs no standby check");
    }
}
