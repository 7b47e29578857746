using Dapper;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Storage;

namespace Pharos.Probes;

/// <summary>The probes table (migration 0011) and each probe's token, written together with their audit rows.</summary>
public sealed class ProbeStore(Database db)
{
    private const string Columns = "name, location, token_id, created_at, created_by, revoked_at, version, instance, last_contact_at, last_batch_id, last_sequence, batches, results, dropped";

    /// <summary>Adds the probe and its token in one transaction; false when a probe of that name exists.</summary>
    public async Task<bool> AddAsync(Probe probe, ApiToken token, string tokenHash, AuditEntry audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var inserted = await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO probes (name, location, token_id, created_at, created_by) VALUES (@Name, @Location, @TokenId, @created, @CreatedBy)
            ON CONFLICT (name) DO NOTHING
            """,
            new { probe.Name, probe.Location, probe.TokenId, created = Rows.Ms(probe.CreatedAt), probe.CreatedBy }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (inserted == 0)
        {
            return false;
        }

        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_tokens (id, name, prefix, token_hash, scopes, created_at, created_by) VALUES (@Id, @Name, @Prefix, @tokenHash, @scopes, @created, @CreatedBy)",
            new { token.Id, token.Name, token.Prefix, tokenHash, scopes = string.Join(' ', token.Scopes), created = Rows.Ms(token.CreatedAt), token.CreatedBy },
            tx, cancellationToken: ct)).ConfigureAwait(false);
        await SqliteAuditStore.InsertAsync(c, tx, audit, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Revokes the probe and its token; false when there is no live probe of that name.</summary>
    public async Task<bool> RevokeAsync(string name, DateTimeOffset at, Func<Probe, AuditEntry> audit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<ProbeRow>(new CommandDefinition(
            $"SELECT {Columns} FROM probes WHERE name = @name AND revoked_at IS NULL", new { name }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (row is null)
        {
            return false;
        }

        var now = Rows.Ms(at);
        await c.ExecuteAsync(new CommandDefinition("UPDATE probes SET revoked_at = @now WHERE name = @name", new { now, name }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("UPDATE api_tokens SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL", new { now, id = row.token_id }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await SqliteAuditStore.InsertAsync(c, tx, audit(row.ToDomain()), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<Probe>> ListAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // A probe whose token was revoked on the tokens page is as dead as a revoked probe: listed so.
        var columns = string.Join(", ", Columns.Split(", ").Select(col => col == "revoked_at" ? "COALESCE(p.revoked_at, t.revoked_at) AS revoked_at" : "p." + col));
        var rows = await c.QueryAsync<ProbeRow>(new CommandDefinition(
            $"SELECT {columns} FROM probes p LEFT JOIN api_tokens t ON t.id = p.token_id ORDER BY p.name", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public async Task<Probe?> FindByTokenAsync(string tokenId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<ProbeRow>(new CommandDefinition(
            $"SELECT {Columns} FROM probes WHERE token_id = @tokenId AND revoked_at IS NULL", new { tokenId }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToDomain();
    }

    public async Task TouchAsync(string name, DateTimeOffset at, string? version, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE probes SET last_contact_at = @at, version = COALESCE(@version, version) WHERE name = @name",
            new { name, at = Rows.Ms(at), version }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves the probe's sequence to the batch's, when the batch is new: a sequence above the last, or the first
    /// batch of a new instance (its data folder was replaced). One conditional UPDATE, so two copies of one batch
    /// arriving together cannot both be recorded.
    /// </summary>
    public async Task<BatchAdmission> AdmitAsync(string name, ProbeBatch batch, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var p = new { name, batch.Instance, seq = batch.Sequence, id = batch.BatchId, batch.Version, at = Rows.Ms(at), n = batch.Results.Count, batch.Dropped };
        var moved = await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE probes SET last_sequence = @seq, last_batch_id = @id, instance = @Instance, version = @Version, last_contact_at = @at,
                batches = batches + 1, results = results + @n, dropped = @Dropped
            WHERE name = @name AND revoked_at IS NULL AND (instance IS NULL OR instance <> @Instance OR last_sequence < @seq)
            """, p, cancellationToken: ct)).ConfigureAwait(false);
        if (moved == 1)
        {
            return BatchAdmission.Recorded;
        }

        await c.ExecuteAsync(new CommandDefinition("UPDATE probes SET last_contact_at = @at WHERE name = @name", p, cancellationToken: ct)).ConfigureAwait(false);
        return BatchAdmission.Duplicate;
    }

    private sealed class ProbeRow
    {
        public string name { get; set; } = "";
        public string location { get; set; } = "";
        public string token_id { get; set; } = "";
        public long created_at { get; set; }
        public string created_by { get; set; } = "";
        public long? revoked_at { get; set; }
        public string? version { get; set; }
        public string? instance { get; set; }
        public long? last_contact_at { get; set; }
        public string? last_batch_id { get; set; }
        public long last_sequence { get; set; }
        public long batches { get; set; }
        public long results { get; set; }
        public long dropped { get; set; }

        public Probe ToDomain() => new()
        {
            Name = name,
            Location = location,
            TokenId = token_id,
            CreatedAt = Rows.Time(created_at),
            CreatedBy = created_by,
            RevokedAt = Rows.Time(revoked_at),
            Version = version,
            Instance = instance,
            LastContactAt = Rows.Time(last_contact_at),
            LastBatchId = last_batch_id,
            LastSequence = last_sequence,
            Batches = batches,
            Results = results,
            Dropped = dropped,
        };
    }
}
