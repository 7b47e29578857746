using Dapper;
using Pharos.Notifications.Outbox;
using Pharos.Notifications.Routing;
using Pharos.Storage;

namespace Pharos.Notifications.Health;

/// <summary>
/// Whether Pharos can do its work: the database answers, the outbox is not backed up, and the event router keeps up.
/// Each check is bounded in time and reports numbers only, never addresses or secrets.
/// </summary>
public sealed class ReadinessProbe(Database db, IOutboxStore outbox, NotificationsConfig config, TimeProvider time)
{
    private HealthConfig Limits => config.Health;

    public async Task<Readiness> CheckAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var checks = new List<ReadinessCheck>
        {
            await BoundedAsync("database", DatabaseAsync, ct).ConfigureAwait(false),
            await BoundedAsync("outbox", c => OutboxAsync(now, c), ct).ConfigureAwait(false),
            await BoundedAsync("router", c => RouterAsync(now, c), ct).ConfigureAwait(false),
        };
        return new Readiness(now, checks);
    }

    /// <summary>Runs a check off the request thread with the configured timeout; a failure or a timeout fails the check, never the probe.</summary>
    private async Task<ReadinessCheck> BoundedAsync(string name, Func<CancellationToken, Task<ReadinessCheck>> check, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            // Task.Run: SQLite's calls are synchronous underneath, so only a task of its own can be abandoned at the timeout.
            // Wall-clock time: the timeout bounds a real query, which a test's fake clock must not cut short.
            return await Task.Run(() => check(cts.Token), cts.Token).WaitAsync(Limits.DatabaseTimeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await cts.CancelAsync().ConfigureAwait(false);
            return ReadinessCheck.Failed(name, $"no answer within {Limits.DatabaseTimeout.TotalMilliseconds:0} ms");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The exception's type only: its message may hold a path or a connection string.
            return ReadinessCheck.Failed(name, $"failed ({e.GetType().Name})");
        }
    }

    private async Task<ReadinessCheck> DatabaseAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: ct)).ConfigureAwait(false);
        return new ReadinessCheck("database", true, null, new Dictionary<string, object?>
        {
            ["ms"] = Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1),
        });
    }

    private async Task<ReadinessCheck> OutboxAsync(DateTimeOffset now, CancellationToken ct)
    {
        var stats = await outbox.StatsAsync(ct).ConfigureAwait(false);
        // created_at is when a message became due (quiet hours and group windows set it ahead), so held messages do not age.
        var age = stats.OldestPending is { } oldest && oldest < now ? now - oldest : TimeSpan.Zero;
        var problems = new List<string>();
        if (stats.Pending > Limits.MaxPending)
        {
            problems.Add($"{stats.Pending} messages wait to go out (limit {Limits.MaxPending})");
        }

        if (stats.OldestPending is not null && age > Limits.MaxPendingAge)
        {
            problems.Add($"the oldest message has waited {Seconds(age)} s (limit {Seconds(Limits.MaxPendingAge)} s)");
        }

        return new ReadinessCheck("outbox", problems.Count == 0, problems.Count == 0 ? null : string.Join("; ", problems), new Dictionary<string, object?>
        {
            ["pending"] = stats.Pending,
            ["dead"] = stats.Dead,
            ["oldest_pending_age_seconds"] = stats.OldestPending is null ? null : Seconds(age),
            ["max_pending"] = Limits.MaxPending,
            ["max_pending_age_seconds"] = Seconds(Limits.MaxPendingAge),
        });
    }

    private async Task<ReadinessCheck> RouterAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var r = await c.QuerySingleAsync<(long behind, long? oldest)>(new CommandDefinition(
            """
            WITH cursor AS (SELECT coalesce((SELECT sequence FROM event_cursors WHERE consumer = @consumer), 0) AS at)
            SELECT (SELECT count(*) FROM domain_events WHERE sequence > (SELECT at FROM cursor)),
                   (SELECT min(at) FROM domain_events WHERE sequence > (SELECT at FROM cursor))
            """,
            new { consumer = EventRouter.Consumer },
            cancellationToken: ct)).ConfigureAwait(false);
        var oldest = Rows.Time(r.oldest);
        var lag = oldest is { } o && o < now ? now - o : TimeSpan.Zero;
        var ok = oldest is null || lag <= Limits.MaxRouterLag;
        return new ReadinessCheck("router", ok, ok ? null : $"{r.behind} events wait to be routed, the oldest for {Seconds(lag)} s (limit {Seconds(Limits.MaxRouterLag)} s)", new Dictionary<string, object?>
        {
            ["events_behind"] = r.behind,
            ["oldest_unrouted_age_seconds"] = oldest is null ? null : Seconds(lag),
            ["max_lag_seconds"] = Seconds(Limits.MaxRouterLag),
        });
    }

    private static long Seconds(TimeSpan t) => (long)t.TotalSeconds;
}

/// <summary>The answer of /readyz: each check, and whether all passed.</summary>
public sealed record Readiness(DateTimeOffset CheckedAt, IReadOnlyList<ReadinessCheck> Checks)
{
    public bool Ready => Checks.All(c => c.Ok);

    public IReadOnlyList<string> Failed => Checks.Where(c => !c.Ok).Select(c => c.Name).ToList();
}

/// <summary>One readiness check: its name, whether it passed, why not, and the numbers behind it.</summary>
public sealed record ReadinessCheck(string Name, bool Ok, string? Problem, IReadOnlyDictionary<string, object?> Values)
{
    public static ReadinessCheck Failed(string name, string problem) => new(name, false, problem, new Dictionary<string, object?>());
}
