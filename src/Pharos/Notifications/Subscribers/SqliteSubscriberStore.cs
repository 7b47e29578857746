using System.Data.Common;
using Dapper;
using Pharos.Storage;

namespace Pharos.Notifications.Subscribers;

/// <summary>The subscribers and their component choices in SQLite.</summary>
public sealed class SqliteSubscriberStore(Database db)
{
    private const string Columns = "s.id, s.kind, s.address, s.hostname, s.language, s.created_at, s.confirmed_at, s.unsubscribed_at, " +
        "(SELECT string_agg(component_id, ',') FROM subscriber_components sc WHERE sc.subscriber_id = s.id) AS components";

    public Database Database => db;

    /// <summary>The key two addresses share when they are the same subscriber: emails compare without case.</summary>
    public static string AddressKey(string kind, string address) =>
        kind == SubscriberKinds.Email ? address.Trim().ToLowerInvariant() : address.Trim();

    /// <summary>Forgets email subscriptions never confirmed, so abandoned ones neither count nor block a new try.</summary>
    internal static Task PurgeUnconfirmedAsync(DbConnection c, DbTransaction tx, DateTimeOffset before, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscribers WHERE confirmed_at IS NULL AND unsubscribed_at IS NULL AND created_at < @before",
            new { before = Rows.Ms(before) }, tx, cancellationToken: ct));

    internal static Task<long> CountLiveAsync(DbConnection c, DbTransaction tx, CancellationToken ct) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM subscribers WHERE unsubscribed_at IS NULL", transaction: tx, cancellationToken: ct));

    internal static async Task<Subscriber?> FindLiveAsync(DbConnection c, DbTransaction tx, string kind, string addressKey, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM subscribers s WHERE s.kind = @kind AND s.address_key = @addressKey AND s.unsubscribed_at IS NULL",
            new { kind, addressKey }, tx, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToSubscriber(row);
    }

    internal static Task DeleteAsync(DbConnection c, DbTransaction tx, string id, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("DELETE FROM subscribers WHERE id = @id", new { id }, tx, cancellationToken: ct));

    internal static async Task InsertAsync(DbConnection c, DbTransaction tx, Subscriber s, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO subscribers (id, kind, address, address_key, hostname, language, created_at, confirmed_at)
            VALUES (@Id, @Kind, @Address, @key, @Hostname, @Language, @created, @confirmed)
            """,
            new { s.Id, s.Kind, s.Address, key = AddressKey(s.Kind, s.Address), s.Hostname, s.Language, created = Rows.Ms(s.CreatedAt), confirmed = Rows.Ms(s.ConfirmedAt) },
            tx, cancellationToken: ct)).ConfigureAwait(false);
        foreach (var component in s.Components)
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO subscriber_components (subscriber_id, component_id) VALUES (@id, @component)",
                new { id = s.Id, component }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }
    }

    /// <summary>Marks an unconfirmed subscription confirmed; false when there is none (gone, left, or confirmed already).</summary>
    public async Task<bool> ConfirmAsync(string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE subscribers SET confirmed_at = @now WHERE id = @id AND confirmed_at IS NULL AND unsubscribed_at IS NULL",
            new { id, now = Rows.Ms(now) }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>Ends a subscription; false when it had already ended or never existed.</summary>
    public async Task<bool> UnsubscribeAsync(string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE subscribers SET unsubscribed_at = @now WHERE id = @id AND unsubscribed_at IS NULL",
            new { id, now = Rows.Ms(now) }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    public async Task<Subscriber?> GetAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM subscribers s WHERE s.id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToSubscriber(row);
    }

    /// <summary>Newest first; <paramref name="search"/> matches the address or the hostname, <paramref name="state"/> one of <see cref="SubscriberStates"/>.</summary>
    public async Task<IReadOnlyList<Subscriber>> ListAsync(string? search, string? state, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM subscribers s
            WHERE (@like IS NULL OR s.address {db.LikeNoCase} @like ESCAPE '\' OR s.hostname {db.LikeNoCase} @like ESCAPE '\' OR s.id = @search)
              AND (@state IS NULL
                   OR (@state = 'unsubscribed' AND s.unsubscribed_at IS NOT NULL)
                   OR (@state = 'active' AND s.unsubscribed_at IS NULL AND s.confirmed_at IS NOT NULL)
                   OR (@state = 'unconfirmed' AND s.unsubscribed_at IS NULL AND s.confirmed_at IS NULL))
            ORDER BY s.created_at DESC, s.id LIMIT @limit
            """,
            new { search, like = string.IsNullOrEmpty(search) ? null : "%" + Escape(search) + "%", state, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToSubscriber).ToList();
    }

    public async Task<SubscriberCounts> CountsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var (unconfirmed, active, unsubscribed) = await c.QuerySingleAsync<(long, long, long)>(new CommandDefinition(
            """
            SELECT count(CASE WHEN unsubscribed_at IS NULL AND confirmed_at IS NULL THEN 1 END),
                   count(CASE WHEN unsubscribed_at IS NULL AND confirmed_at IS NOT NULL THEN 1 END),
                   count(CASE WHEN unsubscribed_at IS NOT NULL THEN 1 END)
            FROM subscribers
            """, cancellationToken: ct)).ConfigureAwait(false);
        return new SubscriberCounts(unconfirmed, active, unsubscribed);
    }

    /// <summary>The live subscriptions among <paramref name="ids"/>, in one query.</summary>
    public async Task<IReadOnlyList<Subscriber>> LiveAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            "SELECT s.id, s.kind, s.address, s.hostname, s.language, s.created_at, s.confirmed_at, s.unsubscribed_at, NULL AS components " +
            $"FROM subscribers s WHERE {SqlLists.In(c, "s.id", "@ids")} AND s.unsubscribed_at IS NULL",
            new { ids = SqlLists.Value(c, ids) }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToSubscriber).ToList();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static Subscriber ToSubscriber(Row r) => new()
    {
        Id = r.id,
        Kind = r.kind,
        Address = r.address,
        Hostname = r.hostname,
        Language = r.language,
        Components = string.IsNullOrEmpty(r.components) ? [] : r.components.Split(',').Order(StringComparer.Ordinal).ToList(),
        CreatedAt = Rows.Time(r.created_at),
        ConfirmedAt = Rows.Time(r.confirmed_at),
        UnsubscribedAt = Rows.Time(r.unsubscribed_at),
    };

    private sealed class Row
    {
        public string id { get; set; } = "";
        public string kind { get; set; } = "";
        public string address { get; set; } = "";
        public string? hostname { get; set; }
        public string language { get; set; } = "en";
        public long created_at { get; set; }
        public long? confirmed_at { get; set; }
        public long? unsubscribed_at { get; set; }
        public string? components { get; set; }
    }
}
