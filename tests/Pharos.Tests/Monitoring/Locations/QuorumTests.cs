using Pharos.Monitoring.Checks;
using Pharos.Monitoring.Locations;
using Pharos.Monitoring.Results;
using Pharos.Monitoring.State;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring.Locations;

/// <summary>
/// A check's state from several locations: down only when `quorum` locations say down within the window, a silent
/// location unknown, an impaired one set aside. Driven result by result on a fake clock, as the pipeline does.
/// </summary>
public sealed class QuorumTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private const string Yaml = """
        monitoring:
          location: hq
          canaries: [canary]
        checks:
          - id: web
            type: tcp
            host: 127.0.0.1
            port: 9
            component: app
            interval: 10s
            timeout: 1s
            fail_after: 2
            recover_after: 2
            locations: [hq, a, b]
            quorum: 2
          - id: canary
            type: tcp
            host: 127.0.0.2
            port: 9
            interval: 10s
            timeout: 1s
          - id: local-only
            type: tcp
            host: 127.0.0.1
            port: 9
            interval: 10s
            timeout: 1s
        """;

    private readonly FakeTime _time = new(T0);
    private readonly CheckTracker _tracker;
    private readonly LocationResults _locations;
    private readonly List<ImpairmentChange> _changes = [];

    public QuorumTests()
    {
        var config = MonitorTestConfigs.Load(Yaml);
        var catalog = MonitorTestConfigs.Catalog(config);
        var plan = new LocationPlan(config.Monitoring, catalog);
        _locations = new LocationResults(plan, _time);
        _tracker = new CheckTracker(catalog, plan, _locations);
    }

    private CheckHealth Web => _tracker.StateOf("web").Health;

    /// <summary>One round: every location runs web (and the canary) once, then the clock moves one interval.</summary>
    private void Round(CheckOutcome hq, CheckOutcome a, CheckOutcome b, CheckOutcome? canary = CheckOutcome.Up, params string[] silent)
    {
        foreach (var (location, outcome) in new[] { ("hq", hq), ("a", a), ("b", b) })
        {
            if (silent.Contains(location))
            {
                continue;
            }

            Feed(location, "web", outcome);
            if (canary is { } c)
            {
                Feed(location, "canary", c);
            }
        }

        _time.Advance(Interval);
    }

    private void Feed(string location, string check, CheckOutcome outcome)
    {
        var result = new CheckResult(check, check == "web" ? "app" : null, _time.GetUtcNow(), outcome, 5, outcome == CheckOutcome.Down ? "refused" : null) { Location = location };
        if (_locations.Apply(result) is { } change)
        {
            _changes.Add(change);
        }

        _tracker.Apply(result);
    }

    [Fact]
    public void One_location_failing_is_not_a_quorum_of_two()
    {
        Round(CheckOutcome.Up, CheckOutcome.Up, CheckOutcome.Up);
        for (var i = 0; i < 5; i++)
        {
            Round(CheckOutcome.Up, CheckOutcome.Down, CheckOutcome.Up);
        }

        Web.ShouldBe(CheckHealth.Up);
        _tracker.StatesByLocation("web")["a"].Health.ShouldBe(CheckHealth.Down);
    }

    [Fact]
    public void Two_locations_failing_within_the_window_take_the_check_down_and_it_recovers_when_fewer_than_quorum_fail()
    {
        Round(CheckOutcome.Up, CheckOutcome.Up, CheckOutcome.Up);
        Round(CheckOutcome.Up, CheckOutcome.Down, CheckOutcome.Down);
        Web.ShouldBe(CheckHealth.Up, "one failure each is short of fail_after");
        Round(CheckOutcome.Up, CheckOutcome.Down, CheckOutcome.Down);
        Web.ShouldBe(CheckHealth.Down);
        _tracker.StateOf("web").LastMessage.ShouldNotBeNull().ShouldContain("refused");

        Round(CheckOutcome.Up, CheckOutcome.Up, CheckOutcome.Down);
        Web.ShouldBe(CheckHealth.Down, "a needs recover_after passes before it stops saying down");
        Round(CheckOutcome.Up, CheckOutcome.Up, CheckOutcome.Down);
        Web.ShouldBe(CheckHealth.Up);
    }

    [Fact]
    public void A_silent_location_is_unknown_never_down()
    {
        Round(CheckOutcome.Up, CheckOutcome.Up, CheckOutcome.Up);
        Round(CheckOutcome.Up, CheckOutcome.Down, CheckOutcome.Up);
        Round(CheckOutcome.Up, CheckOutcome.Down, CheckOutcome.Up);
        // a says down, then goes silent; b starts failing only after a's last word has left the 20 s window.
        Round(CheckOutcome.Up, CheckOutcome.Up, CheckOutcome.Up, silent: "a");
        Round(CheckOutcome.Up, CheckOutcome.Up, CheckOutcome.Down, silent: "a");
        Round(CheckOutcome.Up, CheckOutcome.Up, CheckOutcome.Down, silent: "a");
        _tracker.StatesByLocation("web")["a"].Health.ShouldBe(CheckHealth.Down);
        _tracker.StatesByLocation("web")["b"].Health.ShouldBe(CheckHealth.Down);
        Web.ShouldBe(CheckHealth.Up, "a's down is 30 s old, past the window: it does not count");
    }

    [Fact]
    public void The_window_edge_counts_and_a_millisecond_past_it_does_not()
    {
        var window = TimeSpan.FromSeconds(20);
        CheckState Down(DateTimeOffset at) => CheckState.Initial with { Health = CheckHealth.Down, LastResultAt = at };
        var none = new HashSet<string>();
        var newest = T0 + window;
        QuorumRule.Combine([new("a", Down(T0)), new("b", Down(newest))], 2, window, none, CheckHealth.Up).ShouldBe(CheckHealth.Down);
        QuorumRule.Combine([new("a", Down(T0.AddMilliseconds(-1))), new("b", Down(newest))], 2, window, none, CheckHealth.Up).ShouldBe(CheckHealth.Up);
        QuorumRule.Combine([new("a", Down(T0)), new("b", Down(newest))], 2, window, new HashSet<string> { "a" }, CheckHealth.Up).ShouldBe(CheckHealth.Up);
        QuorumRule.Combine([], 2, window, none, CheckHealth.Down).ShouldBe(CheckHealth.Down, "no evidence at all changes nothing");
    }

    [Fact]
    public void A_flapping_location_never_reaches_fail_after_so_it_never_joins_a_quorum()
    {
        Round(CheckOutcome.Up, CheckOutcome.Up, CheckOutcome.Up);
        for (var i = 0; i < 6; i++)
        {
            Round(CheckOutcome.Up, i % 2 == 0 ? CheckOutcome.Down : CheckOutcome.Up, CheckOutcome.Down);
            Web.ShouldNotBe(CheckHealth.Down);
        }

        _tracker.StatesByLocation("web")["b"].Health.ShouldBe(CheckHealth.Down);
    }

    [Fact]
    public void A_location_whose_every_check_fails_canary_included_is_impaired_set_aside_and_recovers_after_passes()
    {
        Round(CheckOutcome.Up, CheckOutcome.Up, CheckOutcome.Up);
        // b is cut off from everything: web and the canary fail there. a fails web only (the service's trouble).
        _time.Advance(TimeSpan.FromSeconds(1));
        Feed("b", "web", CheckOutcome.Down);
        Feed("b", "canary", CheckOutcome.Down);
        Feed("a", "web", CheckOutcome.Down);
        Feed("a", "canary", CheckOutcome.Up);
        _locations.Impaired.ShouldBe(["b"]);
        _changes.ShouldHaveSingleItem().ShouldSatisfyAllConditions(c => c.Location.ShouldBe("b"), c => c.Impaired.ShouldBeTrue());
        _time.Advance(Interval);
        Round(CheckOutcome.Up, CheckOutcome.Down, CheckOutcome.Down, canary: null);
        Round(CheckOutcome.Up, CheckOutcome.Down, CheckOutcome.Down, canary: null);
        Web.ShouldBe(CheckHealth.Up, "b is impaired: a alone is short of the quorum of two");

        // A canary flapping at b does not flap the location; two passes in a row end the impairment.
        Feed("b", "canary", CheckOutcome.Up);
        Feed("b", "canary", CheckOutcome.Down);
        _locations.Impaired.ShouldBe(["b"]);
        _time.Advance(Interval);
        Feed("b", "canary", CheckOutcome.Up);
        _time.Advance(Interval);
        Feed("b", "canary", CheckOutcome.Up);
        _locations.Impaired.ShouldBeEmpty();
        _changes.Count.ShouldBe(2);
        _changes[1].Impaired.ShouldBeFalse();

        Feed("b", "web", CheckOutcome.Down);
        Feed("a", "web", CheckOutcome.Down);
        Web.ShouldBe(CheckHealth.Down, "b counts again");
    }

    [Fact]
    public void This_servers_own_location_impaired_takes_nothing_down()
    {
        Round(CheckOutcome.Up, CheckOutcome.Up, CheckOutcome.Up);
        for (var i = 0; i < 4; i++)
        {
            Feed("hq", "local-only", CheckOutcome.Down);
            Round(CheckOutcome.Down, CheckOutcome.Up, CheckOutcome.Up, canary: CheckOutcome.Down, silent: ["a", "b"]);
        }

        _locations.Impaired.ShouldContain("hq");
        Web.ShouldBe(CheckHealth.Up);
    }

    [Fact]
    public void A_check_run_here_only_keeps_its_old_hysteresis()
    {
        Feed("hq", "local-only", CheckOutcome.Up);
        Feed("hq", "local-only", CheckOutcome.Down);
        Feed("hq", "local-only", CheckOutcome.Down);
        _tracker.StateOf("local-only").Health.ShouldBe(CheckHealth.Up);
        Feed("hq", "local-only", CheckOutcome.Down);
        _tracker.StateOf("local-only").Health.ShouldBe(CheckHealth.Down);
        _tracker.StatesByLocation("local-only").ShouldBeEmpty();
    }

    [Fact]
    public void Impairment_raises_location_impaired_and_recovery_location_recovered_naming_the_location()
    {
        Round(CheckOutcome.Up, CheckOutcome.Up, CheckOutcome.Up);
        Feed("hq", "web", CheckOutcome.Down);
        Feed("hq", "canary", CheckOutcome.Down);
        Feed("hq", "local-only", CheckOutcome.Down);
        var impaired = Pharos.Monitoring.Alerts.LocationEvents.For(_changes.ShouldHaveSingleItem(), "hq");
        impaired.Kind.ShouldBe(Pharos.Notifications.EventKinds.LocationImpaired);
        impaired.SubjectType.ShouldBe("location");
        impaired.SubjectId.ShouldBe("hq");
        impaired.Detail.ShouldNotBeNull().ShouldContain("this server");
        Pharos.Notifications.EventKinds.IsRecovery(Pharos.Notifications.EventKinds.LocationRecovered).ShouldBeTrue();
    }
}
