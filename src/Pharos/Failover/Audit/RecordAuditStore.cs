using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Pharos.Cluster;
using Pharos.Domain;
using Pharos.Storage;

namespace Pharos.Failover.Audit;

/// <summary>The latest audit of each policy and the history of runs; the drift alert is written with the result it follows from.</summary>
public sealed class RecordAuditStore(Database db, ILeaderFence? fence = null)
{
    /// <summary>Runs kept per policy: two days at the default interval.</summary>
    public const int RunsKept = 300;

    private readonly ILeaderFence _fence = fence ?? NoFence.Instance;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public async Task<RecordAuditResult?> LatestAsync(string policyId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var json = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT result_json FROM failover_record_audit WHERE policy_id = @policyId", new { policyId }, cancellationToken: ct)).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<RecordAuditResult>(json, Json);
    }

    public async Task<IReadOnlyList<RecordAuditRun>> RunsAsync(string policyId, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(long At, long Drift, string Outcome, long DurationMs)>(new CommandDefinition(
            "SELECT at, drift, outcome, duration_ms FROM failover_record_audit_runs WHERE policy_id = @policyId ORDER BY at DESC LIMIT @limit",
            new { policyId, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new RecordAuditRun(DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Drift != 0, r.Outcome, TimeSpan.FromMilliseconds(r.DurationMs))).ToList();
    }

    /// <summary>
    /// Records a run; <paramref name="latest"/> replaces the stored result when the run compared anything (a skipped run
    /// leaves the last comparison shown), and <paramref name="events"/> go into the event log in the same transaction.
    /// </summary>
    public async Task SaveAsync(RecordAuditResult run, RecordAuditResult? latest, IReadOnlyList<DomainEvent> events, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await _fence.EnsureAsync(c, tx, ct).ConfigureAwait(false);
        await RunHistory.AppendAsync(c, tx, "failover_record_audit_runs", run.PolicyId, run.At, run.HasDrift, run.Outcome, run.Duration, RunsKept, ct).ConfigureAwait(false);
        if (latest is not null)
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO failover_record_audit (policy_id, at, drift, drift_signatures, result_json) VALUES (@PolicyId, @at, @drift, @signatures, @json)
                ON CONFLICT (policy_id) DO UPDATE SET at = excluded.at, drift = excluded.drift, drift_signatures = excluded.drift_signatures, result_json = excluded.result_json
                """,
                new
                {
                    latest.PolicyId, at = latest.At.ToUnixTimeMilliseconds(), drift = latest.HasDrift ? 1 : 0,
                    signatures = JsonSerializer.Serialize(latest.Signatures.Order(StringComparer.Ordinal)), json = JsonSerializer.Serialize(latest, Json),
                },
                tx, cancellationToken: ct)).ConfigureAwait(false);
        }

        foreach (var e in events)
        {
            await DomainEventRows.InsertAsync(c, tx, e, ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
    }
}
