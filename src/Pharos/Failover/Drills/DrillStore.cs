using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Pharos.Audit;
using Pharos.Cluster;
using Pharos.Storage;

namespace Pharos.Failover.Drills;

/// <summary>
/// The drills of every policy (table failover_drills): requests and aborts from any node or the CLI, progress from
/// the leading node (fenced, so a node that lost the lead cannot write a step), reports for the admin and the CLI.
/// </summary>
public sealed class DrillStore(Database db, ILeaderFence? fence = null)
{
    private const string Columns = "id, policy_id, status, actor, hold_ms, requested_at, started_at, ended_at, abort_requested, outcome, steps_json";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private readonly ILeaderFence _fence = fence ?? NoFence.Instance;

    /// <summary>Asks for a drill; null when one of the policy is already unfinished (never two at once).</summary>
    public async Task<long?> RequestAsync(string policyId, Actor actor, TimeSpan hold, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        long? id;
        try
        {
            id = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                $"""
                INSERT INTO failover_drills (policy_id, status, actor, hold_ms, requested_at, abort_requested, steps_json)
                SELECT @policyId, '{DrillStatus.Requested}', @actor, @hold, @now, 0, '[]'
                WHERE NOT EXISTS (SELECT 1 FROM failover_drills WHERE policy_id = @policyId AND ended_at IS NULL)
                RETURNING id
                """,
                new { policyId, actor = JsonSerializer.Serialize(actor), hold = (long)hold.TotalMilliseconds, now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // Two requests raced past NOT EXISTS: the unique index let one in.
            return null;
        }

        if (id is null)
        {
            return null;
        }

        await SqliteAuditStore.InsertAsync(c, tx, Entry(actor, "failover.drill", policyId, $"drill {id} of {policyId} requested (hold {DurationText(hold)})", now), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return id;
    }

    /// <summary>Asks the leader to stop a drill and return to the primary; false when it had already ended.</summary>
    public async Task<bool> RequestAbortAsync(long id, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var policyId = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "UPDATE failover_drills SET abort_requested = 1 WHERE id = @id AND ended_at IS NULL RETURNING policy_id", new { id }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (policyId is null)
        {
            return false;
        }

        await SqliteAuditStore.InsertAsync(c, tx, Entry(actor, "failover.drill.abort", policyId, $"abort of drill {id} of {policyId} requested", now), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Writes the drill's progress; <paramref name="audit"/> goes in the same transaction (a start, an end).</summary>
    public async Task SaveAsync(Drill d, AuditEntry? audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await _fence.EnsureAsync(c, tx, ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE failover_drills SET status = @status, started_at = @started, ended_at = @ended, outcome = @outcome, steps_json = @steps WHERE id = @id",
            new Dictionary<string, object?>
            {
                ["id"] = d.Id, ["status"] = d.Status.ToString(), ["started"] = d.StartedAt?.ToUnixTimeMilliseconds(), ["ended"] = d.EndedAt?.ToUnixTimeMilliseconds(),
                ["outcome"] = d.Outcome, ["steps"] = JsonSerializer.Serialize(d.Steps, Json),
            },
            tx,
            cancellationToken: ct)).ConfigureAwait(false);
        if (audit is not null)
        {
            await SqliteAuditStore.InsertAsync(c, tx, audit, ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<Drill?> GetAsync(long id, CancellationToken ct) =>
        (await QueryAsync($"SELECT {Columns} FROM failover_drills WHERE id = @id", new { id }, ct).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>The policy's drills, newest first.</summary>
    public Task<IReadOnlyList<Drill>> ListAsync(string policyId, int limit, CancellationToken ct) =>
        QueryAsync($"SELECT {Columns} FROM failover_drills WHERE policy_id = @policyId ORDER BY id DESC LIMIT @limit", new { policyId, limit }, ct);

    /// <summary>Every unfinished drill: requested ones to start, running ones a node left behind.</summary>
    public Task<IReadOnlyList<Drill>> UnfinishedAsync(CancellationToken ct) =>
        QueryAsync($"SELECT {Columns} FROM failover_drills WHERE ended_at IS NULL ORDER BY id", null, ct);

    public async Task<Drill?> LastSucceededAsync(string policyId, CancellationToken ct) =>
        (await QueryAsync($"SELECT {Columns} FROM failover_drills WHERE policy_id = @policyId AND status = '{DrillStatus.Succeeded}' ORDER BY id DESC LIMIT 1", new { policyId }, ct).ConfigureAwait(false)).FirstOrDefault();

    public static AuditEntry Entry(Actor actor, string action, string policyId, string summary, DateTimeOffset at, object? after = null) => new()
    {
        At = at,
        Actor = actor,
        Action = action,
        TargetType = "failover_policy",
        TargetId = policyId,
        Summary = summary,
        After = after is null ? null : AuditJson.Of(after),
    };

    public static string DurationText(TimeSpan t) => Config.DurationParser.Format(t);

    private async Task<IReadOnlyList<Drill>> QueryAsync(string sql, object? args, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(sql, args, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new Drill
        {
            Id = r.id,
            PolicyId = r.policy_id,
            Status = Enum.Parse<DrillStatus>(r.status),
            Actor = JsonSerializer.Deserialize<Actor>(r.actor) ?? Actor.System("unknown"),
            Hold = TimeSpan.FromMilliseconds(r.hold_ms),
            RequestedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.requested_at),
            StartedAt = r.started_at is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
            EndedAt = r.ended_at is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
            AbortRequested = r.abort_requested != 0,
            Outcome = r.outcome,
            Steps = JsonSerializer.Deserialize<List<DrillStep>>(r.steps_json, Json) ?? [],
        }).ToList();
    }

    private sealed class Row
    {
        public long id { get; set; }
        public string policy_id { get; set; } = "";
        public string status { get; set; } = "";
        public string actor { get; set; } = "";
        public long hold_ms { get; set; }
        public long requested_at { get; set; }
        public long? started_at { get; set; }
        public long? ended_at { get; set; }
        public long abort_requested { get; set; }
        public string? outcome { get; set; }
        public string steps_json { get; set; } = "";
    }
}
