using System.Data.Common;
using System.Text;
using Dapper;
using Pharos.Audit;

namespace Pharos.Storage;

/// <summary>Reads the audit log; rows are written by the stores that make the changes, inside their transactions.</summary>
public interface IAuditStore
{
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken ct);

    /// <summary>Records something that changes no other row (a sign-in, a lockout).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken ct);
}

public sealed class SqliteAuditStore(Database db) : IAuditStore
{
    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery q, CancellationToken ct)
    {
        var where = new StringBuilder("WHERE 1 = 1");
        if (!string.IsNullOrWhiteSpace(q.Actor))
        {
            where.Append(" AND (lower(actor_name) = lower(@actor) OR actor_id = @actor)");
        }

        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            where.Append($" AND action {db.LikeNoCase} @action ESCAPE '\\'");
        }

        if (!string.IsNullOrWhiteSpace(q.TargetId))
        {
            where.Append(" AND target_id = @target");
        }

        if (q.From is not null)
        {
            where.Append(" AND at >= @from");
        }

        if (q.To is not null)
        {
            where.Append(" AND at < @to");
        }

        var action = (q.Action ?? "").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<AuditRow>(new CommandDefinition(
            $"SELECT * FROM audit_log {where} ORDER BY id DESC LIMIT @limit",
            new { actor = q.Actor?.Trim(), action, target = q.TargetId?.Trim(), from = Rows.Ms(q.From), to = Rows.Ms(q.To), limit = Math.Clamp(q.Limit, 1, 100_000) },
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public async Task AppendAsync(AuditEntry entry, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await InsertAsync(c, tx, entry, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    private const string InsertSql = """
        INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, address, action, target_type, target_id, summary, before_json, after_json)
        VALUES (@at, @kind, @actorId, @actorName, @address, @Action, @TargetType, @TargetId, @Summary, @Before, @After)
        """;

    internal static Task InsertAsync(DbConnection c, DbTransaction tx, AuditEntry e, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(InsertSql, Parameters(e), tx, cancellationToken: ct));

    /// <summary>The same insert without awaiting, for a change made behind a synchronous interface (the key ring).</summary>
    internal static void Insert(DbConnection c, DbTransaction tx, AuditEntry e) => c.Execute(InsertSql, Parameters(e), tx);

    private static object Parameters(AuditEntry e) => new
    {
        at = Rows.Ms(e.At), kind = e.Actor.Kind, actorId = e.Actor.Id, actorName = e.Actor.Name, address = e.Actor.Address,
        e.Action, e.TargetType, e.TargetId, e.Summary, e.Before, e.After,
    };
}
