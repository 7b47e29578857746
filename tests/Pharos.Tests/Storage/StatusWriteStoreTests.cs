using Pharos.Audit;
using Pharos.Domain;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Storage;

public sealed class SqliteStatusWriteStoreTests() : StatusWriteStoreTests(SqlDialect.Sqlite);

public sealed class PostgresStatusWriteStoreTests() : StatusWriteStoreTests(SqlDialect.Postgres);

/// <summary>The tests of this store, run on SQLite and on PostgreSQL.</summary>
public abstract class StatusWriteStoreTests(SqlDialect dialect) : DialectTests(dialect)
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private SqliteStatusStore _status = null!;
    private SqliteStatusWriteStore _writes = null!;
    private SqliteAuditStore _audit = null!;

    protected override Task InitializedAsync()
    {
        _status = new SqliteStatusStore(Db);
        _writes = new SqliteStatusWriteStore(Db);
        _audit = new SqliteAuditStore(Db);
        return Task.CompletedTask;
    }

    private static AuditEntry Entry(string id) => new()
    {
        At = T0, Actor = Actor.Cli, Action = "incident.test", TargetType = "incident", TargetId = id, Summary = "test",
    };

    [SkippableFact]
    public async Task A_write_computed_from_a_stale_read_is_refused_with_no_audit_row()
    {
        var v1 = Samples.Incident("stale0000001", T0) with { Revision = 1 };
        (await _writes.SaveIncidentAsync(null, v1, Entry(v1.Id), [], default)).ShouldBeTrue();
        (await _writes.SaveIncidentAsync(null, v1, Entry(v1.Id), [], default)).ShouldBeFalse("it exists already");

        var mine = v1 with { Name = "Mine", Revision = 2 };
        var theirs = v1 with { Name = "Theirs", Revision = 2 };
        (await _writes.SaveIncidentAsync(v1, theirs, Entry(v1.Id), [], default)).ShouldBeTrue();
        (await _writes.SaveIncidentAsync(v1, mine, Entry(v1.Id), [], default)).ShouldBeFalse("v1 is no longer what is stored");

        (await _status.GetIncidentAsync(v1.Id, default))!.Name.ShouldBe("Theirs");
        (await _audit.QueryAsync(new AuditQuery { TargetId = v1.Id }, default)).Count.ShouldBe(2);
    }

    [SkippableFact]
    public async Task A_save_deletes_only_the_updates_it_removed_and_never_one_it_did_not_read()
    {
        var v1 = Samples.Incident("keep00000001", T0) with { Revision = 1 };
        (await _writes.SaveIncidentAsync(null, v1, Entry(v1.Id), [], default)).ShouldBeTrue();

        // Another writer's update lands in the table behind this writer's back (as an older, unchecked save could do).
        var theirs = IncidentUpdate.Create(v1.Id, UpdateStatus.Identified, "Found it", T0.AddMinutes(1), T0.AddMinutes(1), []);
        var v2 = v1.Post(IncidentStatus.Identified, "Found it", new Dictionary<string, ComponentStatus>(), T0.AddMinutes(1)) with { Revision = 2 };
        (await _writes.SaveIncidentAsync(v1, v2, Entry(v1.Id), [], default)).ShouldBeTrue();

        var stored = (await _status.GetIncidentAsync(v1.Id, default))!;
        var edited = stored.EditUpdate(stored.Updates[^1].Id, "Corrected opening text", T0.AddMinutes(2)) with { Revision = 3 };
        (await _writes.SaveIncidentAsync(stored, edited, Entry(v1.Id), [], default)).ShouldBeTrue();

        var back = (await _status.GetIncidentAsync(v1.Id, default))!;
        back.Updates.Count.ShouldBe(2);
        back.Updates[^1].Body.ShouldBe("Corrected opening text");
        back.Updates[0].Body.ShouldBe(theirs.Body);
    }

    [SkippableFact]
    public async Task Events_commit_with_the_change_in_order()
    {
        var opened = Incident.Open("Checkout down", IncidentStatus.Investigating, new Dictionary<string, ComponentStatus> { ["app"] = ComponentStatus.MajorOutage }, "Looking", T0) with { Revision = 1 };
        await _writes.SaveIncidentAsync(null, opened, Entry(opened.Id), DomainEvents.Between(null, opened, T0), default);
        var resolved = opened.Resolve("Fixed", T0.AddMinutes(5)) with { Revision = 2 };
        await _writes.SaveIncidentAsync(opened, resolved, Entry(opened.Id), DomainEvents.Between(opened, resolved, T0.AddMinutes(5)), default);

        var events = await _writes.ReadAsync(0, 100, default);
        events.Select(e => e.Kind).ShouldBe(["incident.opened", "incident.update_posted", "incident.update_posted", "incident.status_changed", "incident.resolved"]);
        events.Select(e => e.Sequence).ShouldBeInOrder();
        events.ShouldAllBe(e => e.SubjectId == opened.Id && e.Actor == "cli:" + Actor.Cli.Name);
        (await _writes.ReadAsync(events[2].Sequence, 100, default)).Count.ShouldBe(2);
    }

    [SkippableFact]
    public async Task A_save_that_fails_half_way_leaves_rows_version_audit_and_events_as_they_were()
    {
        var other = Samples.Incident("other0000001", T0) with { Revision = 1 };
        await _writes.SaveIncidentAsync(null, other, Entry(other.Id), [], default);
        var original = Samples.Incident("inc000000001", T0, components: new AffectedComponent("app", ComponentStatus.PartialOutage)) with { Revision = 1 };
        await _writes.SaveIncidentAsync(null, original, Entry(original.Id), [], default);
        var version = await _status.GetDataVersionAsync(default);

        // The renamed row is written first; the update whose id another incident already uses then fails the insert.
        var clash = other.Updates[0] with { ParentId = original.Id };
        var broken = original with { Name = "Renamed", Revision = 2, Updates = [clash, .. original.Updates] };
        await Should.ThrowAsync<System.Data.Common.DbException>(() => _writes.SaveIncidentAsync(original, broken, Entry(original.Id), DomainEvents.Between(original, broken, T0), default));

        var back = (await _status.GetIncidentAsync(original.Id, default))!;
        back.Name.ShouldBe(original.Name);
        back.Revision.ShouldBe(1);
        back.Updates.ShouldHaveSingleItem();
        (await _status.GetDataVersionAsync(default)).ShouldBe(version);
        (await _audit.QueryAsync(new AuditQuery { TargetId = original.Id }, default)).Count.ShouldBe(1);
        (await _writes.ReadAsync(0, 100, default)).ShouldBeEmpty();
    }
}
