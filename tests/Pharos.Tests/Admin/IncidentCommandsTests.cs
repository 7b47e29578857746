using Pharos.Http;
using Pharos.Admin.Commands;
using Pharos.Domain;
using Pharos.Tests.Support;

namespace Pharos.Tests.Admin;

public class IncidentCommandsTests
{
    private static readonly PharosConfig Config = ConfigLoader.Load(TestConfigs.Basic, "pharos.yaml");
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static Incident Open()
    {
        var v = new Validation();
        var i = IncidentCommands.Create(new IncidentDraft
        {
            Name = "Checkout",
            Message = "Looking",
            Components = new Dictionary<string, string> { ["app"] = "major_outage", ["admin"] = "partial_outage" },
        }, Config, Now, v);
        v.IsValid.ShouldBeTrue();
        return i!;
    }

    [Fact]
    public void Impact_is_derived_from_the_worst_component_when_not_given()
    {
        var i = Open();
        i.Impact.ShouldBe(IncidentImpact.Critical);
        i.Status.ShouldBe(IncidentStatus.Investigating);
        i.Updates.ShouldHaveSingleItem().ComponentChanges.Count.ShouldBe(2);
    }

    [Fact]
    public void Update_records_only_the_components_that_change()
    {
        var v = new Validation();
        var next = IncidentCommands.PostUpdate(Open(), new UpdateDraft
        {
            Status = "identified",
            Message = "Found it",
            Components = new Dictionary<string, string> { ["app"] = "major_outage", ["forum"] = "degraded_performance" },
        }, Config, Now.AddMinutes(5), v)!;
        next.Updates[0].ComponentChanges.ShouldBe([new ComponentChange("forum", ComponentStatus.Operational, ComponentStatus.DegradedPerformance)]);
        next.Components.Count.ShouldBe(3);
        next.UpdatedAt.ShouldBe(Now.AddMinutes(5));
    }

    [Fact]
    public void Resolving_returns_every_component_to_operational_and_cannot_happen_twice()
    {
        var v = new Validation();
        var resolved = IncidentCommands.Resolve(Open(), null, Config, Now.AddHours(1), v)!;
        resolved.Status.ShouldBe(IncidentStatus.Resolved);
        resolved.ResolvedAt.ShouldBe(Now.AddHours(1));
        resolved.Components.ShouldAllBe(c => c.Status == ComponentStatus.Operational);
        resolved.Updates[0].ComponentChanges.Count.ShouldBe(2);
        IncidentCommands.Resolve(resolved, null, Config, Now.AddHours(2), v).ShouldBeNull();
        v.FirstFor("status").ShouldNotBeNull();
    }

    [Fact]
    public void Updated_at_always_moves_forward_even_within_one_millisecond()
    {
        var i = Open();
        var v = new Validation();
        var edited = IncidentCommands.EditUpdate(i, i.Updates[0].Id, "Looking hard", Now, v)!;
        edited.UpdatedAt.ShouldBeGreaterThan(i.UpdatedAt);
    }

    [Fact]
    public void Postmortem_needs_a_resolved_incident_and_publishing_sets_the_status()
    {
        var v = new Validation();
        IncidentCommands.Postmortem(Open(), "text", publish: true, Now, v).ShouldBeNull();
        var resolved = IncidentCommands.Resolve(Open(), null, Config, Now, new Validation())!;
        var pm = IncidentCommands.Postmortem(resolved, "## What happened", publish: true, Now.AddDays(1), new Validation())!;
        pm.Status.ShouldBe(IncidentStatus.Postmortem);
        pm.PostmortemPublishedAt.ShouldBe(Now.AddDays(1));
    }

    [Fact]
    public void Backfill_needs_both_ends_in_order_and_in_the_past()
    {
        var v = new Validation();
        IncidentCommands.Create(new IncidentDraft { Name = "x", Message = "y", StartedAt = Now.AddHours(-1) }, Config, Now, v).ShouldBeNull();
        v.FirstFor("resolved_at").ShouldNotBeNull();
        v = new Validation();
        IncidentCommands.Create(new IncidentDraft { Name = "x", Message = "y", StartedAt = Now.AddHours(-1), ResolvedAt = Now.AddHours(-2) }, Config, Now, v).ShouldBeNull();
        v.FirstFor("resolved_at").ShouldNotBeNull();
        v = new Validation();
        IncidentCommands.Create(new IncidentDraft { Name = "x", Message = "y", StartedAt = Now.AddHours(-1), ResolvedAt = Now.AddHours(1) }, Config, Now, v).ShouldBeNull();
        v.FirstFor("resolved_at")!.ShouldContain("future");
    }
}
