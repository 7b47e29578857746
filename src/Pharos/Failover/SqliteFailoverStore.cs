using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Pharos.Audit;
using Pharos.Cluster;
using Pharos.Domain;
using Pharos.Storage;

namespace Pharos.Failover;

/// <summary>The SQLite implementation of <see cref="IFailoverStore"/>.</summary>
public sealed class SqliteFailoverStore(SqliteDatabase db, ILeaderFence? fence = null) : IFailoverStore
{
    private readonly ILeaderFence _fence = fence ?? NoFence.Instance;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public async Task<PolicyState?> LoadStateAsync(string policyId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var json = await c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT state_json FROM failover_state WHERE policy_id = @policyId", new { policyId }, cancellationToken: ct)).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<PolicyState>(json, Json);
    }

    public Task SaveAsync(PolicyState state, FailoverTransition? transition, CancellationToken ct) => SaveAsync(state, transition, null, [], ct);

    public Task SaveAsync(PolicyState state, FailoverTransition? transition, IReadOnlyList<DomainEvent> events, CancellationToken ct) => SaveAsync(state, transition, null, events, ct);

    public Task SaveCommandAsync(PolicyState state, FailoverTransition? transition, AuditEntry audit, IReadOnlyList<DomainEvent> events, CancellationToken ct) => SaveAsync(state, transition, audit, events, ct);

    private async Task SaveAsync(PolicyState state, FailoverTransition? transition, AuditEntry? audit, IReadOnlyList<DomainEvent> events, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        // Only the node leading in the current term may move a policy: a leader that was cut off fails here.
        await _fence.EnsureAsync(c, tx, ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO failover_state (policy_id, state_json, updated_at) VALUES (@id, @json, @now) ON CONFLICT (policy_id) DO UPDATE SET state_json = excluded.state_json, updated_at = excluded.updated_at",
            new { id = state.PolicyId, json = JsonSerializer.Serialize(state, Json), now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (transition is not null)
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO failover_events (policy_id, at, from_state, to_state, reason, actor, evidence_json, apply_ms, consistency_ms)
                VALUES (@PolicyId, @at, @from, @to, @Reason, @Actor, @evidence, @apply, @consistency)
                """,
                new
                {
                    transition.PolicyId, at = transition.At.ToUnixTimeMilliseconds(), from = transition.From.ToString(), to = transition.To.ToString(),
                    transition.Reason, transition.Actor, evidence = JsonSerializer.Serialize(transition.Evidence, Json),
                    apply = (long?)transition.ApplyDuration?.TotalMilliseconds, consistency = (long?)transition.ConsistencyDuration?.TotalMilliseconds,
                },
                tx,
                cancellationToken: ct)).ConfigureAwait(false);
        }

        if (audit is not null)
        {
            await SqliteAuditStore.InsertAsync(c, tx, audit, ct).ConfigureAwait(false);
        }

        foreach (var e in events)
        {
            await DomainEventRows.InsertAsync(c, tx, e, ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FailoverTransition>> GetTransitionsAsync(string policyId, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<EventRow>(new CommandDefinition(
            "SELECT policy_id, at, from_state, to_state, reason, actor, evidence_json, apply_ms, consistency_ms FROM failover_events WHERE policy_id = @policyId ORDER BY id DESC LIMIT @limit",
            new { policyId, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new FailoverTransition
        {
            PolicyId = r.policy_id,
            At = DateTimeOffset.FromUnixTimeMilliseconds(r.at),
            From = Enum.Parse<FailoverState>(r.from_state),
            To = Enum.Parse<FailoverState>(r.to_state),
            Reason = r.reason,
            Actor = r.actor,
            Evidence = JsonSerializer.Deserialize<Dictionary<string, CheckRun>>(r.evidence_json, Json) ?? [],
            ApplyDuration = r.apply_ms is { } a ? TimeSpan.FromMilliseconds(a) : null,
            ConsistencyDuration = r.consistency_ms is { } m ? TimeSpan.FromMilliseconds(m) : null,
        }).ToList();
    }

    /// <summary>Every policy with recorded state, for `failover status` without a config.</summary>
    public async Task<IReadOnlyList<string>> PolicyIdsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await c.QueryAsync<string>(new CommandDefinition("SELECT policy_id FROM failover_state ORDER BY policy_id", cancellationToken: ct)).ConfigureAwait(false)).ToList();
    }

    private sealed class EventRow
    {
        public string policy_id { get; set; } = "";
        public long at { get; set; }
        public string from_state { get; set; } = "";
        public string to_state { get; set; } = "";
        public string reason { get; set; } = "";
        public string actor { get; set; } = "";
        public string evidence_json { get; set; } = "";
        public long? apply_ms { get; set; }
        public long? consistency_ms { get; set; }
    }
}
