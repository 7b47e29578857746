using Pharos.Audit;
using Pharos.Domain;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Storage;

public sealed class SqliteAdminStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static AuditEntry Entry(string id) => new()
    {
        At = T0, Actor = Actor.Cli, Action = "incident.test", TargetType = "incident", TargetId = id, Summary = "test",
    };

    [Fact]
    public async Task A_write_computed_from_a_stale_read_is_refused_with_no_audit_row()
    {
        var db = new SqliteDatabase(_dir.File("pharos.db"));
        var status = new SqliteStatusStore(db);
        await status.MigrateAsync(default);
        var admin = new SqliteAdminStore(db);
        var audit = new SqliteAuditStore(db);

        var v1 = Samples.Incident("stale0000001", T0);
        (await admin.SaveIncidentAsync(null, v1, Entry(v1.Id), default)).ShouldBeTrue();
        (await admin.SaveIncidentAsync(null, v1, Entry(v1.Id), default)).ShouldBeFalse("it exists already");

        var mine = v1 with { Name = "Mine", UpdatedAt = T0.AddSeconds(1) };
        var theirs = v1 with { Name = "Theirs", UpdatedAt = T0.AddSeconds(2) };
        (await admin.SaveIncidentAsync(v1, theirs, Entry(v1.Id), default)).ShouldBeTrue();
        (await admin.SaveIncidentAsync(v1, mine, Entry(v1.Id), default)).ShouldBeFalse("v1 is no longer what is stored");

        (await status.GetIncidentAsync(v1.Id, default))!.Name.ShouldBe("Theirs");
        (await audit.QueryAsync(new AuditQuery { TargetId = v1.Id }, default)).Count.ShouldBe(2);
    }
}
