using Pharos.Domain;
using Pharos.Tests.Support;

namespace Pharos.Tests.Domain;

public class StatusCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Component_with_nothing_open_is_operational()
    {
        StatusCalculator.ComponentStatusOf("app", [], []).ShouldBe(ComponentStatus.Operational);
    }

    [Fact]
    public void Component_takes_the_worst_of_its_open_incidents()
    {
        var a = Samples.Incident("a", T0, components: new AffectedComponent("app", ComponentStatus.DegradedPerformance));
        var b = Samples.Incident("b", T0, components: new AffectedComponent("app", ComponentStatus.PartialOutage));
        StatusCalculator.ComponentStatusOf("app", [a, b], []).ShouldBe(ComponentStatus.PartialOutage);
    }

    [Fact]
    public void Resolved_incidents_do_not_count()
    {
        var a = Samples.Incident("a", T0, resolved: T0.AddHours(1), components: new AffectedComponent("app", ComponentStatus.MajorOutage));
        StatusCalculator.ComponentStatusOf("app", [a], []).ShouldBe(ComponentStatus.Operational);
    }

    [Fact]
    public void Active_maintenance_puts_its_components_under_maintenance()
    {
        var m = Samples.Maintenance("m", T0, T0.AddHours(1), T0.AddDays(-1), "app") with { Status = MaintenanceStatus.InProgress };
        StatusCalculator.ComponentStatusOf("app", [], [m]).ShouldBe(ComponentStatus.UnderMaintenance);
        StatusCalculator.ComponentStatusOf("admin", [], [m]).ShouldBe(ComponentStatus.Operational);
    }

    [Fact]
    public void Scheduled_maintenance_does_not_count_yet()
    {
        var m = Samples.Maintenance("m", T0, T0.AddHours(1), T0.AddDays(-1), "app");
        StatusCalculator.ComponentStatusOf("app", [], [m]).ShouldBe(ComponentStatus.Operational);
    }

    [Fact]
    public void Incident_worse_than_maintenance_wins_and_maintenance_beats_operational()
    {
        var m = Samples.Maintenance("m", T0, T0.AddHours(1), T0.AddDays(-1), "app") with { Status = MaintenanceStatus.Verifying };
        var degraded = Samples.Incident("a", T0, components: new AffectedComponent("app", ComponentStatus.DegradedPerformance));
        StatusCalculator.ComponentStatusOf("app", [degraded], [m]).ShouldBe(ComponentStatus.DegradedPerformance);
        var operational = Samples.Incident("b", T0, components: new AffectedComponent("app", ComponentStatus.Operational));
        StatusCalculator.ComponentStatusOf("app", [operational], [m]).ShouldBe(ComponentStatus.UnderMaintenance);
    }

    [Fact]
    public void Checks_join_the_worst_of()
    {
        StatusCalculator.ComponentStatusOf("app", [], [], ComponentStatus.MajorOutage).ShouldBe(ComponentStatus.MajorOutage);
    }

    [Theory]
    [InlineData(ComponentStatus.Operational, "none")]
    [InlineData(ComponentStatus.DegradedPerformance, "minor")]
    [InlineData(ComponentStatus.PartialOutage, "major")]
    [InlineData(ComponentStatus.MajorOutage, "critical")]
    [InlineData(ComponentStatus.UnderMaintenance, "maintenance")]
    public void Indicator_follows_the_components(ComponentStatus status, string indicator)
    {
        WireNames.Of(StatusCalculator.IndicatorOf([ComponentStatus.Operational, status], [], [])).ShouldBe(indicator);
    }

    [Fact]
    public void Indicator_takes_the_highest_open_incident_impact()
    {
        var i = Samples.Incident("a", T0, impact: IncidentImpact.Critical, components: new AffectedComponent("app", ComponentStatus.DegradedPerformance));
        StatusCalculator.IndicatorOf([ComponentStatus.DegradedPerformance], [i], []).ShouldBe(PageIndicator.Critical);
    }

    [Fact]
    public void Minor_incident_during_maintenance_shows_minor_not_maintenance()
    {
        var m = Samples.Maintenance("m", T0, T0.AddHours(1), T0.AddDays(-1), "app") with { Status = MaintenanceStatus.InProgress };
        var i = Samples.Incident("a", T0, impact: IncidentImpact.Minor);
        StatusCalculator.IndicatorOf([ComponentStatus.UnderMaintenance], [i], [m]).ShouldBe(PageIndicator.Minor);
        StatusCalculator.IndicatorOf([ComponentStatus.UnderMaintenance], [], [m]).ShouldBe(PageIndicator.Maintenance);
    }

    [Fact]
    public void Impact_none_incident_leaves_indicator_none()
    {
        var i = Samples.Incident("a", T0, impact: IncidentImpact.None);
        StatusCalculator.IndicatorOf([ComponentStatus.Operational], [i], []).ShouldBe(PageIndicator.None);
        StatusCalculator.DescriptionOf(PageIndicator.None).ShouldBe("All Systems Operational");
    }

    [Fact]
    public void Status_order_is_the_documented_one()
    {
        var ordered = new[] { ComponentStatus.MajorOutage, ComponentStatus.Operational, ComponentStatus.PartialOutage, ComponentStatus.UnderMaintenance, ComponentStatus.DegradedPerformance }
            .Order().Select(WireNames.Of).ToArray();
        ordered.ShouldBe(["operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"]);
    }
}
