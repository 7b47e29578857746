using System.Text.Json;
using Pharos.StatusPage.Api;
using Pharos.Domain;
using Pharos.StatusPage;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Api;

/// <summary>The v2 documents for a fixed data set, byte for byte against reviewed copies.</summary>
public class StatuspageApiGoldenTests
{
    // A Sunday in March, just after the spring-forward change in Los Angeles.
    private static readonly DateTimeOffset Now = new(2026, 3, 8, 18, 0, 0, TimeSpan.Zero);

    internal static StatusSnapshot FixedSnapshot()
    {
        var config = ConfigLoader.Load(TestConfigs.Basic, "pharos.yaml");
        var open = Samples.Incident("inc000000001", Now.AddHours(-2), impact: IncidentImpact.Major, name: "Checkout errors",
            components: [new AffectedComponent("app", ComponentStatus.PartialOutage)]);
        var acrossDst = Samples.Incident("inc000000002", new DateTimeOffset(2026, 3, 8, 9, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 8, 10, 15, 0, TimeSpan.Zero),
            IncidentImpact.Minor, "Slow admin", "Admin pages are slow.", new AffectedComponent("admin", ComponentStatus.DegradedPerformance));
        var active = Samples.Maintenance("mnt000000001", Now.AddMinutes(-30), Now.AddMinutes(30), Now.AddDays(-2), "forum");
        var upcoming = Samples.Maintenance("mnt000000002", Now.AddDays(2), Now.AddDays(2).AddHours(1), Now.AddDays(-1), "app");
        var done = Samples.Maintenance("mnt000000003", Now.AddDays(-10), Now.AddDays(-10).AddHours(1), Now.AddDays(-12), "admin");
        return SnapshotBuilder.Build(config, new StatusData(7, [open, acrossDst], [active, upcoming, done]) { CreatedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) }, Now);
    }

    public static TheoryData<string> Documents => new()
    {
        "summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
        "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json",
    };

    internal static object Document(StatuspageMapper m, string name) => name switch
    {
        "summary.json" => m.Summary(),
        "status.json" => new StatusResponseDto(m.Page(), m.Status()),
        "components.json" => new ComponentsResponseDto(m.Page(), m.Components()),
        "incidents.json" => m.Incidents(false),
        "incidents/unresolved.json" => m.Incidents(true),
        "scheduled-maintenances.json" => m.Maintenances(_ => true),
        "scheduled-maintenances/upcoming.json" => m.Maintenances(x => x.Status == MaintenanceStatus.Scheduled),
        "scheduled-maintenances/active.json" => m.Maintenances(x => x.IsActive),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_matches_its_golden_copy(string name)
    {
        var mapper = new StatuspageMapper(FixedSnapshot());
        var json = JsonSerializer.SerializeToUtf8Bytes(Document(mapper, name), StatuspageMapper.Json);
        Golden.Match(name.Replace('/', '-'), json);
    }

    [Fact]
    public void Summary_holds_unresolved_incidents_and_upcoming_or_active_maintenance_only()
    {
        var s = new StatuspageMapper(FixedSnapshot()).Summary();
        s.Incidents.Select(i => i.Id).ShouldBe(["inc000000001"]);
        s.ScheduledMaintenances.Select(m => m.Id).ShouldBe(["mnt000000001", "mnt000000002"]);
        s.Status.Indicator.ShouldBe("major");
        s.Components.Single(c => c.Id == "forum").Status.ShouldBe("under_maintenance");
        s.Components.Single(c => c.Id == "core").Components.ShouldBe(["app", "admin"]);
    }
}
