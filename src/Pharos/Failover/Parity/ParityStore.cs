using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Pharos.Audit;
using Pharos.Cluster;
using Pharos.Domain;
using Pharos.Storage;

namespace Pharos.Failover.Parity;

/// <summary>The latest parity report of each policy and the history of runs; the drift alert is written with the report it follows from.</summary>
public sealed class ParityStore(Database db, ILeaderFence? fence = null)
{
    /// <summary>Runs kept per policy: three days at the default interval.</summary>
    public const int RunsKept = 300;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private readonly ILeaderFence _fence = fence ?? NoFence.Instance;

    public async Task<ParityReport?> LatestAsync(string policyId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var json = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT report_json FROM failover_parity WHERE policy_id = @policyId", new { policyId }, cancellationToken: ct)).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<ParityReport>(json, Json);
    }

    public async Task<IReadOnlyList<ParityRun>> RunsAsync(string policyId, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(long At, long Drift, string Outcome, long DurationMs)>(new CommandDefinition(
            "SELECT at, drift, outcome, duration_ms FROM failover_parity_runs WHERE policy_id = @policyId ORDER BY at DESC LIMIT @limit",
            new { policyId, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new ParityRun(DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Drift != 0, r.Outcome, TimeSpan.FromMilliseconds(r.DurationMs))).ToList();
    }

    /// <summary>
    /// Records a run as the policy's latest report, with its <paramref name="events"/> and, for a run an operator asked
    /// for, its <paramref name="audit"/> entry, in one transaction. Scheduled runs are fenced (only the leader alerts);
    /// a run asked for on any node is not, since the operator is waiting for it there.
    /// </summary>
    public async Task SaveAsync(ParityReport report, IReadOnlyList<DomainEvent> events, AuditEntry? audit, bool fenced, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (fenced)
        {
            await _fence.EnsureAsync(c, tx, ct).ConfigureAwait(false);
        }

        await RunHistory.AppendAsync(c, tx, "failover_parity_runs", report.PolicyId, report.At, report.HasDrift, report.Outcome, report.Duration, RunsKept, ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO failover_parity (policy_id, at, drift, drift_signatures, report_json) VALUES (@PolicyId, @at, @drift, @signatures, @json)
            ON CONFLICT (policy_id) DO UPDATE SET at = excluded.at, drift = excluded.drift, drift_signatures = excluded.drift_signatures, report_json = excluded.report_json
            """,
            new
            {
                report.PolicyId, at = report.At.ToUnixTimeMilliseconds(), drift = report.HasDrift ? 1 : 0,
                signatures = JsonSerializer.Serialize(report.Signatures.Order(StringComparer.Ordinal)), json = JsonSerializer.Serialize(report, Json),
            },
            tx, cancellationToken: ct)).ConfigureAwait(false);
        foreach (var e in events)
        {
            await DomainEventRows.InsertAsync(c, tx, e, ct).ConfigureAwait(false);
        }

        if (audit is not null)
        {
            await SqliteAuditStore.InsertAsync(c, tx, audit, ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
    }
}
