using Pharos.Cluster;
using System.Data.Common;
using Pharos.Domain;
using Pharos.Notifications.Outbox;
using Pharos.Storage;
using Pharos.Writes;

namespace Pharos.Notifications.Routing;

/// <summary>
/// Reads the event log from where it last stopped and turns each event into outbox deliveries: for every matching
/// route and channel, and for subscribers and social posts through <see cref="IEventFanout"/>. The deliveries and the
/// router's new position are written in one transaction, so a crash neither loses an event's messages nor doubles them.
/// </summary>
public sealed partial class EventRouter(
    SqliteDatabase db,
    IOutboxStore outbox,
    NoticeBuilder notices,
    NotificationsConfig config,
    IEnumerable<IEventFanout> fanouts,
    OutboxRelay relay,
    TimeProvider time,
    ILogger<EventRouter> logger,
    ILeaderFence? fence = null) : BackgroundService, IAfterCommit
{
    private readonly ILeaderFence _fence = fence ?? NoFence.Instance;

    /// <summary>The router's name in event_cursors; /readyz reads how far behind it is.</summary>
    internal const string Consumer = "notifications";
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly IReadOnlyList<IEventFanout> _fanouts = fanouts.ToList();

    /// <summary>The last event routed, for tests and /readyz.</summary>
    public long Position { get; private set; }

    public void Committed(IReadOnlyList<DomainEvent> events) => Wake();

    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var more = await RouteOnceAsync(stoppingToken).ConfigureAwait(false);
                await EscalateAsync(stoppingToken).ConfigureAwait(false);
                failures = 0;
                if (more)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                LogRouteFailed(logger, e);
            }

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var poll = Task.Delay(failures == 0 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(Math.Min(30, failures * 2)), time, cts.Token);
            await Task.WhenAny(_wake.WaitAsync(cts.Token), poll).ConfigureAwait(false);
            await cts.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Routes one batch of events; true when there may be more.</summary>
    public async Task<bool> RouteOnceAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var cursor = await RoutingRows.CursorAsync(c, Consumer, ct).ConfigureAwait(false);
        var events = await DomainEventRows.ReadAsync(c, cursor, 100, ct).ConfigureAwait(false);
        if (events.Count == 0)
        {
            Position = cursor;
            return false;
        }

        // Notices are built before the transaction (they read incidents), so the write lock is held only to write.
        var built = new List<(DomainEvent Event, Notice? Notice)>();
        foreach (var e in events)
        {
            built.Add((e, await notices.BuildAsync(e, ct).ConfigureAwait(false)));
        }

        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        // A router that lost its term to another node must not route the same events a second time.
        await _fence.EnsureAsync(c, tx, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        foreach (var (e, notice) in built)
        {
            if (notice is not null)
            {
                await RouteAsync(c, tx, e, notice, now, ct).ConfigureAwait(false);
            }
        }

        await RoutingRows.SetCursorAsync(c, tx, Consumer, events[^1].Sequence, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        Position = events[^1].Sequence;
        relay.Wake();
        return events.Count == 100;
    }

    private async Task RouteAsync(DbConnection c, DbTransaction tx, DomainEvent e, Notice notice, DateTimeOffset now, CancellationToken ct)
    {
        var matching = config.Routes.Where(r => r.Matches(e.Kind, e.SubjectId, notice.Severity)).ToList();
        var escalates = !notice.IsRecovery && matching.Any(r => r.Escalates);
        if (escalates)
        {
            notice = notice with { Data = new Dictionary<string, string>(notice.Data) { [NoticeData.Escalates] = "true" } };
        }

        var stored = notice with { Id = await outbox.AddNoticeAsync(c, tx, notice, ct).ConfigureAwait(false) };
        if (notice.IsRecovery)
        {
            await RoutingRows.ResolveAlertsAsync(c, tx, notice.SubjectKey, now, ct).ConfigureAwait(false);
        }

        // An undeliverable notice must reach people some other way than the channels that already failed it.
        var tried = notice.Data.TryGetValue(NoticeData.Tried, out var t) ? t.Split(',') : [];
        var routed = false;
        foreach (var route in matching)
        {
            if (route.MinInterval > TimeSpan.Zero
                && !await RoutingRows.TakeMarkAsync(c, tx, route.Id, $"{e.Kind}|{notice.SubjectKey}", now, route.MinInterval, ct).ConfigureAwait(false))
            {
                LogSuppressed(logger, e.Kind, notice.SubjectKey, route.Id);
                continue;
            }

            var targets = route.Channels.Except(tried, StringComparer.Ordinal).ToList();
            routed |= targets.Count > 0;
            await EnqueueAsync(c, tx, stored, route, targets, $"{e.Sequence}", now, ct).ConfigureAwait(false);
            if (route.Escalates && escalates)
            {
                await RoutingRows.OpenAlertAsync(c, tx, stored.Id, route.Id, notice.SubjectKey, now, now + route.EscalateAfter!.Value, ct).ConfigureAwait(false);
            }
        }

        if (e.Kind == EventKinds.Undeliverable && !routed)
        {
            var targets = config.Undeliverable.Except(tried, StringComparer.Ordinal).ToList();
            if (targets.Count == 0)
            {
                LogNowhere(logger, notice.Title);
            }

            await EnqueueAsync(c, tx, stored, null, targets, $"{e.Sequence}", now, ct).ConfigureAwait(false);
        }

        foreach (var f in _fanouts)
        {
            await f.FanOutAsync(c, tx, e, stored, ct).ConfigureAwait(false);
        }
    }

    private Task EnqueueAsync(DbConnection c, DbTransaction tx, Notice notice, RouteConfig? route, IReadOnlyList<string> channels, string keyBase, DateTimeOffset now, CancellationToken ct)
    {
        var at = now;
        if (route?.QuietHours is { } quiet && notice.Severity < Severity.Critical)
        {
            at = quiet.Release(now);
        }

        var ordering = notice.SubjectKey;
        if (route is not null && route.Group > TimeSpan.Zero)
        {
            // One queue per route and channel, held for the group window: the first message then takes the rest of the burst along.
            ordering = $"route:{route.Id}";
            at = at > now + route.Group ? at : now + route.Group;
        }

        var routeId = route?.Id ?? "undeliverable";
        return outbox.EnqueueAsync(c, tx, channels.Select(ch => new NewDelivery(notice.Id, ch, ordering, $"{keyBase}:{routeId}:{ch}", at)
        {
            Route = route?.Id,
            Fallbacks = (route?.Fallback ?? []).Where(f => f != ch).ToList(),
        }).ToList(), ct);
    }

    private async Task EscalateAsync(CancellationToken ct)
    {
        if (!config.Routes.Any(r => r.Escalates))
        {
            return;
        }

        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await _fence.EnsureAsync(c, tx, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var due = await RoutingRows.DueEscalationsAsync(c, tx, now, ct).ConfigureAwait(false);
        foreach (var (noticeId, routeId) in due)
        {
            var route = config.Routes.FirstOrDefault(r => r.Id == routeId);
            if (route is not null)
            {
                LogEscalated(logger, noticeId, routeId, string.Join(", ", route.EscalateTo));
                await outbox.EnqueueAsync(c, tx, route.EscalateTo.Select(ch => new NewDelivery(noticeId, ch, $"escalation:{noticeId}", $"escalate:{noticeId}:{routeId}:{ch}", now)
                {
                    Route = routeId,
                    Fallbacks = route.Fallback.Where(f => f != ch).ToList(),
                }).ToList(), ct).ConfigureAwait(false);
            }

            await RoutingRows.MarkEscalatedAsync(c, tx, noticeId, routeId, now, ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        if (due.Count > 0)
        {
            relay.Wake();
        }
    }

    [LoggerMessage(EventId = 9010, Level = LogLevel.Error, Message = "Routing events to notifications failed; retrying")]
    private static partial void LogRouteFailed(ILogger logger, Exception e);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Debug, Message = "{Kind} about {Subject} held back by route {Route}'s minimum interval")]
    private static partial void LogSuppressed(ILogger logger, string kind, string subject, string route);

    [LoggerMessage(EventId = 9012, Level = LogLevel.Critical, Message = "Undeliverable, and no other channel is left to say so: {Title}")]
    private static partial void LogNowhere(ILogger logger, string title);

    [LoggerMessage(EventId = 9013, Level = LogLevel.Warning, Message = "Alert {Notice} on route {Route} not acknowledged in time; escalating to {Channels}")]
    private static partial void LogEscalated(ILogger logger, long notice, string route, string channels);
}
