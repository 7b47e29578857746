using System.Globalization;
using System.Text;
using Pharos.Audit;
using Pharos.Storage;

namespace Pharos.Notifications.Subscribers;

/// <summary>What the admin and /api/v1 do with subscribers: list, count, export and remove; each change and export is audited.</summary>
public sealed class SubscriberAdmin(SqliteSubscriberStore store, TimeProvider time)
{
    /// <summary>The most rows a list or an export returns.</summary>
    public const int MaxRows = 100_000;

    public Task<IReadOnlyList<Subscriber>> ListAsync(string? search, string? state, int limit, CancellationToken ct) =>
        store.ListAsync(string.IsNullOrWhiteSpace(search) ? null : search.Trim(), SubscriberStates.All.Contains(state) ? state : null, Math.Clamp(limit, 1, MaxRows), ct);

    public Task<SubscriberCounts> CountsAsync(CancellationToken ct) => store.CountsAsync(ct);

    /// <summary>Deletes a subscription and its component choice (what was still queued for it is then cancelled); false when there is none.</summary>
    public async Task<bool> RemoveAsync(string id, Actor actor, CancellationToken ct)
    {
        var before = await store.GetAsync(id, ct).ConfigureAwait(false);
        if (before is null)
        {
            return false;
        }

        await using var c = await store.Database.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await SqliteSubscriberStore.DeleteAsync(c, tx, id, ct).ConfigureAwait(false);
        await SqliteAuditStore.InsertAsync(c, tx, new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Action = "subscriber.remove",
            TargetType = "subscriber",
            TargetId = id,
            Summary = $"Removed {before.Kind} subscriber {before.Address}",
            Before = System.Text.Json.JsonSerializer.Serialize(new { before.Kind, before.Address, before.Hostname, before.Components, state = before.State }),
        }, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>The CSV of the subscribers matching the search; the export itself is audited, since it holds personal data.</summary>
    public async Task<string> ExportAsync(string? search, string? state, Actor actor, CancellationToken ct)
    {
        var rows = await ListAsync(search, state, MaxRows, ct).ConfigureAwait(false);
        await using var c = await store.Database.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await SqliteAuditStore.InsertAsync(c, tx, new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Action = "subscriber.export",
            TargetType = "subscriber",
            TargetId = "*",
            Summary = string.Create(CultureInfo.InvariantCulture, $"Exported {rows.Count} subscribers as CSV"),
        }, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return SubscriberCsv.Write(rows);
    }
}

/// <summary>RFC 4180 CSV of subscribers, with cells made safe from spreadsheet formulas as the audit CSV does.</summary>
public static class SubscriberCsv
{
    public static string Write(IEnumerable<Subscriber> subscribers)
    {
        var sb = new StringBuilder("id,kind,address,state,components,hostname,language,created_at_utc,confirmed_at_utc,unsubscribed_at_utc\r\n");
        foreach (var s in subscribers)
        {
            AuditCsv.Row(sb, s.Id, s.Kind, s.Address, s.State, string.Join(' ', s.Components), s.Hostname, s.Language, Time(s.CreatedAt), Time(s.ConfirmedAt), Time(s.UnsubscribedAt));
        }

        return sb.ToString();
    }

    private static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
