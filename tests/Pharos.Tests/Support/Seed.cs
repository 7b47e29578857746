using Pharos.Audit;
using Pharos.Domain;
using Pharos.Storage;
using Pharos.Writes;

namespace Pharos.Tests.Support;

/// <summary>Puts test data in place through the real write store, as an insert or as a change of what is stored.</summary>
public static class Seed
{
    private static readonly Actor TestActor = Actor.System("test-seed");

    public static async Task SeedIncidentAsync(this IStatusStore store, Incident incident, CancellationToken ct = default)
    {
        var db = ((SqliteStatusStore)store).Database;
        var before = await store.GetIncidentAsync(incident.Id, ct);
        var after = incident with { Revision = (before?.Revision ?? 0) + 1 };
        var saved = await new SqliteStatusWriteStore(db).SaveIncidentAsync(before, after, Audit("incident", incident.Id), DomainEvents.Between(before, after, after.UpdatedAt), ct);
        saved.ShouldBeTrue($"seeding incident {incident.Id} raced another writer");
    }

    public static async Task SeedMaintenanceAsync(this IStatusStore store, Maintenance maintenance, CancellationToken ct = default)
    {
        var db = ((SqliteStatusStore)store).Database;
        var before = await store.GetMaintenanceAsync(maintenance.Id, ct);
        var after = maintenance with { Revision = (before?.Revision ?? 0) + 1 };
        var saved = await new SqliteStatusWriteStore(db).SaveMaintenanceAsync(before, after, Audit("maintenance", maintenance.Id), DomainEvents.Between(before, after, after.UpdatedAt), ct);
        saved.ShouldBeTrue($"seeding maintenance {maintenance.Id} raced another writer");
    }

    /// <summary>The one write path over the same database as <paramref name="store"/>.</summary>
    public static StatusWriter Writer(this IStatusStore store, TimeProvider time, params IAfterCommit[] listeners) =>
        new(store, new SqliteStatusWriteStore(((SqliteStatusStore)store).Database), listeners, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<StatusWriter>.Instance);

    private static AuditEntry Audit(string type, string id) => new()
    {
        At = DateTimeOffset.UtcNow,
        Actor = TestActor,
        Action = type + ".seed",
        TargetType = type,
        TargetId = id,
        Summary = "test data",
    };
}
