using System.Data.Common;
using Dapper;
using Pharos.Domain;
using Pharos.Storage;

namespace Pharos.Notifications.Subscribers;

/// <summary>
/// Enqueues, inside the router's transaction, one small outbox row per confirmed subscriber an event concerns, with a
/// single INSERT … SELECT: 10,000 subscribers cost one statement and no object per subscriber. Incident and
/// maintenance updates and postmortems go to subscribers whose component choice overlaps the event's components (or
/// who chose none); a check of a custom hostname going down or up goes only to the subscribers of that hostname.
/// </summary>
public sealed class SubscriberFanout(SubscribersConfig config, TimeProvider time) : IEventFanout
{
    /// <summary>The key of <see cref="Notice.Data"/> naming the custom hostname a check event is about.</summary>
    public const string HostnameKey = "hostname";

    /// <summary>What subscribers hear about, besides their hostname's checks.</summary>
    public static readonly IReadOnlySet<string> StatusKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "incident.update_posted", "incident.postmortem_published", "maintenance.scheduled", "maintenance.update_posted",
    };

    // Each row: idempotency key {event}:sub:{id}, one queue per subscriber (so a slow one holds back only itself),
    // and the channel by kind. Email rows are left out when no email channel is configured. Only those confirmed by the
    // time of the event hear of it: the router may route it later (behind a backlog, on another node), and who gets it
    // must not depend on when that happens.
    private const string Insert =
        """
        INSERT INTO outbox (idempotency_key, notice_id, channel, recipient, ordering_key, next_at, created_at)
        SELECT @seq || ':sub:' || s.id, @notice,
               CASE s.kind WHEN 'email' THEN @email ELSE @webhook END,
               s.id, 'sub:' || s.id, @now, @now
        FROM subscribers s
        WHERE s.confirmed_at <= @eventAt AND s.unsubscribed_at IS NULL
          AND (s.kind = 'webhook' OR @email IS NOT NULL)
        """;

    public async Task FanOutAsync(DbConnection c, DbTransaction tx, DomainEvent e, Notice notice, CancellationToken ct)
    {
        if (!config.Enabled)
        {
            return;
        }

        string filter;
        object args;
        var now = Rows.Ms(time.GetUtcNow());
        if (StatusKinds.Contains(e.Kind))
        {
            if (e.Kind == "maintenance.update_posted" && await AnnouncedBySchedulingAsync(c, tx, e, ct).ConfigureAwait(false))
            {
                return;
            }

            var components = (notice.Data.GetValueOrDefault(NoticeData.Components) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            // An event naming no component concerns everyone; otherwise those who chose none or one of its components.
            filter = components.Length == 0
                ? " AND s.hostname IS NULL"
                : $"""
                   AND s.hostname IS NULL
                  AND (NOT EXISTS (SELECT 1 FROM subscriber_components sc WHERE sc.subscriber_id = s.id)
                       OR EXISTS (SELECT 1 FROM subscriber_components sc WHERE sc.subscriber_id = s.id
                                  AND {SqlLists.In(c, "sc.component_id", "@components")}))
                  """;
            args = new { seq = e.Sequence, notice = notice.Id, email = config.EmailChannel, webhook = SubscriberKinds.WebhookChannel, now, eventAt = Rows.Ms(e.At), components = SqlLists.Value(c, components) };
        }
        else if (e.Kind is EventKinds.CheckDown or EventKinds.CheckUp && notice.Data.TryGetValue(HostnameKey, out var hostname) && hostname.Length > 0)
        {
            filter = " AND lower(s.hostname) = lower(@hostname)";
            args = new { seq = e.Sequence, notice = notice.Id, email = config.EmailChannel, webhook = SubscriberKinds.WebhookChannel, now, eventAt = Rows.Ms(e.At), hostname };
        }
        else
        {
            return;
        }

        await c.ExecuteAsync(new CommandDefinition(Insert + filter + "\nON CONFLICT (idempotency_key) DO NOTHING", args, tx, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>A maintenance's first update is announced by its maintenance.scheduled message; one message, not two.</summary>
    private static async Task<bool> AnnouncedBySchedulingAsync(DbConnection c, DbTransaction tx, DomainEvent e, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT count(*) FROM domain_events
            WHERE subject_type = 'maintenance' AND subject_id = @SubjectId AND kind = 'maintenance.scheduled' AND at = @at
            """,
            new { e.SubjectId, at = Rows.Ms(e.At) }, tx, cancellationToken: ct)).ConfigureAwait(false) > 0;
}
