using Pharos.Audit;
using Pharos.Domain;
using Pharos.Http;
using Pharos.Storage;

namespace Pharos.Writes;

/// <summary>
/// The one write path for incidents and maintenances, used by people (admin, /api/v1, CLI) and by Pharos itself
/// (monitoring, failover, the maintenance clock) alike. Each change is computed from a fresh read by a pure
/// function, saved only if nobody wrote in between (else recomputed, a few times), and committed together with its
/// audit row and its events; then in-process listeners are told.
/// </summary>
public sealed partial class StatusWriter(
    IStatusStore reads,
    IStatusWriteStore writes,
    IEnumerable<IAfterCommit> listeners,
    TimeProvider time,
    ILogger<StatusWriter> logger)
{
    /// <summary>How often a change computed from a stale read is recomputed before giving up with a conflict.</summary>
    public const int Attempts = 8;

    private readonly IAfterCommit[] _listeners = listeners.ToArray();

    // Writers of the same object in this process take turns (striped by id) instead of racing: the revision check
    // then only has other processes to catch, and a busy incident cannot starve its writers into conflicts.
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    // How each kind is read, saved and described; built once, the write loop below is the same for both.
    private readonly Kind<Incident> _incidents = new(
        "incident",
        reads.GetIncidentAsync,
        (before, after, audit, events, ct) => writes.SaveIncidentAsync(before, after, audit, events, ct),
        DomainEvents.Between,
        i => i.Id,
        i => i.Revision,
        (i, r) => i with { Revision = r });

    private readonly Kind<Maintenance> _maintenances = new(
        "maintenance",
        reads.GetMaintenanceAsync,
        (before, after, audit, events, ct) => writes.SaveMaintenanceAsync(before, after, audit, events, ct),
        DomainEvents.Between,
        m => m.Id,
        m => m.Revision,
        (m, r) => m with { Revision = r });

    public Task<WriteResult<Incident>> CreateIncidentAsync(Actor actor, string action, Func<DateTimeOffset, Validation, Incident?> create, Func<Incident, string> summary, CancellationToken ct) =>
        WriteAsync(_incidents, null, actor, action, (_, now, v) => create(now, v), summary, ct);

    public Task<WriteResult<Incident>> ChangeIncidentAsync(string id, Actor actor, string action, Func<Incident, DateTimeOffset, Validation, Incident?> apply, Func<Incident, string> summary, CancellationToken ct) =>
        WriteAsync(_incidents, id, actor, action, (i, now, v) => apply(i!, now, v), summary, ct);

    public Task<WriteResult<Maintenance>> CreateMaintenanceAsync(Actor actor, string action, Func<DateTimeOffset, Validation, Maintenance?> create, Func<Maintenance, string> summary, CancellationToken ct) =>
        WriteAsync(_maintenances, null, actor, action, (_, now, v) => create(now, v), summary, ct);

    public Task<WriteResult<Maintenance>> ChangeMaintenanceAsync(string id, Actor actor, string action, Func<Maintenance, DateTimeOffset, Validation, Maintenance?> apply, Func<Maintenance, string> summary, CancellationToken ct) =>
        WriteAsync(_maintenances, id, actor, action, (m, now, v) => apply(m!, now, v), summary, ct);

    private async Task<WriteResult<T>> WriteAsync<T>(
        Kind<T> kind, string? id, Actor actor, string action, Func<T?, DateTimeOffset, Validation, T?> apply, Func<T, string> summary, CancellationToken ct)
        where T : class
    {
        if (id is null)
        {
            return await WriteUnlockedAsync(kind, id, actor, action, apply, summary, ct).ConfigureAwait(false);
        }

        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(id) % (uint)_stripes.Length)];
        await stripe.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await WriteUnlockedAsync(kind, id, actor, action, apply, summary, ct).ConfigureAwait(false);
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<WriteResult<T>> WriteUnlockedAsync<T>(
        Kind<T> kind, string? id, Actor actor, string action, Func<T?, DateTimeOffset, Validation, T?> apply, Func<T, string> summary, CancellationToken ct)
        where T : class
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            T? before = null;
            if (id is not null)
            {
                before = Ids.IsWellFormed(id) ? await kind.Load(id, ct).ConfigureAwait(false) : null;
                if (before is null)
                {
                    return WriteResult<T>.NotFound();
                }
            }

            var v = new Validation();
            var now = time.GetUtcNow();
            var computed = apply(before, now, v);
            if (computed is null)
            {
                return new WriteResult<T>(WriteOutcome.Invalid, null, v);
            }

            if (ReferenceEquals(computed, before))
            {
                // Nothing to change (a clock with no edge due, a repeat of what is already said): nothing to write.
                return new WriteResult<T>(WriteOutcome.Ok, before, v);
            }

            var after = kind.WithRevision(computed, before is null ? 1 : kind.RevisionOf(before) + 1);
            var events = kind.Events(before, after, now);
            var audit = new AuditEntry
            {
                At = now,
                Actor = actor,
                Action = action,
                TargetType = kind.TargetType,
                TargetId = kind.IdOf(after),
                Summary = summary(after),
                Before = AuditJson.Of(before),
                After = AuditJson.Of(after),
            };
            if (await kind.Save(before, after, audit, events, ct).ConfigureAwait(false))
            {
                LogChanged(logger, action, kind.TargetType, kind.IdOf(after), actor.ToString());
                Notify(events.Select(e => e with { Actor = actor.ToString() }).ToList());
                return new WriteResult<T>(WriteOutcome.Ok, after, v);
            }

            LogStale(logger, action, kind.TargetType, kind.IdOf(after), attempt + 1);
        }

        return new WriteResult<T>(WriteOutcome.Conflict, null, new Validation());
    }

    private void Notify(IReadOnlyList<DomainEvent> events)
    {
        foreach (var l in _listeners)
        {
            try
            {
                l.Committed(events);
            }
            catch (Exception e)
            {
                LogListenerFailed(logger, e, l.GetType().Name);
            }
        }
    }

    /// <summary>How one kind of object is read, saved and described; the loop above is the same for all.</summary>
    private sealed record Kind<T>(
        string TargetType,
        Func<string, CancellationToken, Task<T?>> Load,
        Func<T?, T, AuditEntry, IReadOnlyList<DomainEvent>, CancellationToken, Task<bool>> Save,
        Func<T?, T, DateTimeOffset, IReadOnlyList<DomainEvent>> Events,
        Func<T, string> IdOf,
        Func<T, int> RevisionOf,
        Func<T, int, T> WithRevision)
        where T : class;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "{Action} on {TargetType} {TargetId} by {Actor}")]
    private static partial void LogChanged(ILogger logger, string action, string targetType, string targetId, string actor);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "{Action} on {TargetType} {TargetId} was computed from a stale read (attempt {Attempt}); recomputing")]
    private static partial void LogStale(ILogger logger, string action, string targetType, string targetId, int attempt);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "After-commit listener {Listener} failed; the change itself is committed")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string listener);
}
