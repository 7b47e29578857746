using Pharos.Domain;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.State;

namespace Pharos.Tests.Monitoring;

public class CheckStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CheckState Run(CheckState s, params CheckOutcome[] outcomes)
    {
        foreach (var o in outcomes)
        {
            s = s.Apply(o, T0, null, failAfter: 3, recoverAfter: 2);
        }

        return s;
    }

    private const CheckOutcome F = CheckOutcome.Down;
    private const CheckOutcome P = CheckOutcome.Up;
    private const CheckOutcome S = CheckOutcome.Degraded;

    [Fact]
    public void Fail_fail_pass_fail_fail_does_not_mark_the_check_down()
    {
        Run(CheckState.Initial, F, F, P, F, F).Health.ShouldBe(CheckHealth.Up);
    }

    [Fact]
    public void Three_failures_in_a_row_mark_it_down()
    {
        Run(CheckState.Initial, F, F, P, F, F, F).Health.ShouldBe(CheckHealth.Down);
        Run(CheckState.Initial, F, F, F).Health.ShouldBe(CheckHealth.Down);
    }

    [Fact]
    public void One_success_after_going_down_does_not_mark_it_up_two_do()
    {
        var down = Run(CheckState.Initial, F, F, F);
        Run(down, P).Health.ShouldBe(CheckHealth.Down);
        Run(down, P, F, P).Health.ShouldBe(CheckHealth.Down);
        Run(down, P, P).Health.ShouldBe(CheckHealth.Up);
    }

    [Fact]
    public void Slow_answers_in_a_row_make_it_degraded_and_fast_ones_bring_it_back()
    {
        var up = Run(CheckState.Initial, P);
        Run(up, S, S).Health.ShouldBe(CheckHealth.Up);
        var slow = Run(up, S, S, S);
        slow.Health.ShouldBe(CheckHealth.Degraded);
        Run(slow, P).Health.ShouldBe(CheckHealth.Degraded);
        Run(slow, P, P).Health.ShouldBe(CheckHealth.Up);
    }

    [Fact]
    public void A_check_stays_pending_until_failures_reach_the_threshold()
    {
        Run(CheckState.Initial, F, F).Health.ShouldBe(CheckHealth.Pending);
        Run(CheckState.Initial, P).Health.ShouldBe(CheckHealth.Up);
    }

    [Theory]
    [InlineData(new[] { CheckHealth.Up, CheckHealth.Up }, ComponentStatus.Operational)]
    [InlineData(new[] { CheckHealth.Up, CheckHealth.Degraded }, ComponentStatus.DegradedPerformance)]
    [InlineData(new[] { CheckHealth.Down, CheckHealth.Degraded }, ComponentStatus.PartialOutage)]
    [InlineData(new[] { CheckHealth.Down, CheckHealth.Down }, ComponentStatus.MajorOutage)]
    [InlineData(new[] { CheckHealth.Down, CheckHealth.Pending }, ComponentStatus.MajorOutage)]
    [InlineData(new[] { CheckHealth.Pending }, ComponentStatus.Operational)]
    public void Component_status_follows_its_checks(CheckHealth[] checks, ComponentStatus expected)
    {
        ComponentHealthRules.StatusOf(checks).ShouldBe(expected);
    }
}
