using Pharos.Failover;

namespace Pharos.Tests.Failover;

/// <summary>A trigger's quorum counts locations: not one, unless `quorum` of them agree; never impaired or silent ones.</summary>
public sealed class FailoverQuorumTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FailoverMachine _m;
    private PolicyState _s;
    private DateTimeOffset _now = T0;
    private IReadOnlySet<string> _impaired = new HashSet<string>();

    public FailoverQuorumTests()
    {
        var policy = FailoverTestPolicies.Policy();
        _m = new FailoverMachine(policy with { Trigger = policy.Trigger with { Quorum = 2, FailAfter = 2 } }, new TriggerLocations("hq", _ => TimeSpan.FromSeconds(20)));
        _s = _m.Initial(T0);
    }

    /// <summary>One round of results, 10 s apart: each location's outcome (true = ok), null for a silent one.</summary>
    private void Round(bool? hq, bool? a, bool? b)
    {
        _now += TimeSpan.FromSeconds(10);
        foreach (var (location, ok) in new[] { ("hq", hq), ("a", a), ("b", b) })
        {
            if (ok is { } value)
            {
                _s = _m.Observe(_s, "primary-http", location == "hq" ? null : location, value, _now, value ? "200" : "refused", _impaired).State;
            }
        }
    }

    [Fact]
    public void One_location_failing_never_fails_over_with_a_quorum_of_two()
    {
        for (var i = 0; i < 6; i++)
        {
            Round(true, false, true);
        }

        _s.State.ShouldBe(FailoverState.Primary);
        _s.Checks["primary-http#a"].ConsecutiveFailures.ShouldBe(6);
    }

    [Fact]
    public void Two_locations_failing_together_fail_over_with_per_location_evidence()
    {
        Round(true, true, true);
        Round(true, false, false);
        _s.State.ShouldBe(FailoverState.Primary);
        Round(true, false, false);
        _s.State.ShouldBe(FailoverState.FailingOver);
        _s.Checks.Keys.ShouldBe(["primary-http", "primary-http#a", "primary-http#b"], ignoreOrder: true);
    }

    [Fact]
    public void Impaired_locations_are_set_aside_even_when_they_are_a_quorum()
    {
        _impaired = new HashSet<string> { "a", "b" };
        for (var i = 0; i < 4; i++)
        {
            Round(true, false, false);
        }

        _s.State.ShouldBe(FailoverState.Primary);
        _s.ImpairedLocations.ShouldBe(["a", "b"]);
        _impaired = new HashSet<string>();
        Round(true, false, false);
        _s.State.ShouldBe(FailoverState.FailingOver);
    }

    [Fact]
    public void A_location_silent_past_the_window_does_not_count_toward_quorum()
    {
        Round(true, false, true);
        Round(true, false, true);
        // a falls silent; by the time b has failed fail_after times, a's failures are 30 s behind: outside the window.
        Round(true, null, true);
        Round(true, null, false);
        Round(true, null, false);
        Round(true, null, false);
        _s.State.ShouldBe(FailoverState.Primary);
    }

    [Fact]
    public void Nothing_at_all_reachable_from_every_location_moves_nothing()
    {
        _impaired = new HashSet<string> { "hq", "a", "b" };
        for (var i = 0; i < 5; i++)
        {
            Round(false, false, false);
        }

        _s.State.ShouldBe(FailoverState.Primary);
        _m.PrimaryDown(_s, _now).ShouldBeFalse();
    }
}
