using Pharos.Dns.Zones;
using Dapper;
using Pharos.Storage;

namespace Pharos.Authoritative;

/// <summary>The last serial served for each zone, so a restart never goes back to an older one (secondaries would ignore it).</summary>
public interface IZoneSerialStore
{
    Task<uint?> GetAsync(string zone, CancellationToken ct);

    Task SetAsync(string zone, uint serial, CancellationToken ct);
}

/// <summary>The SQLite implementation of <see cref="IZoneSerialStore"/>.</summary>
public sealed class SqliteZoneSerialStore(Database db, TimeProvider time) : IZoneSerialStore
{
    public async Task<uint?> GetAsync(string zone, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var serial = await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT serial FROM dns_zone_serials WHERE zone = @zone", new { zone }, cancellationToken: ct)).ConfigureAwait(false);
        return serial is null ? null : (uint)serial.Value;
    }

    public async Task SetAsync(string zone, uint serial, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO dns_zone_serials (zone, serial, updated_at) VALUES (@zone, @serial, @now) ON CONFLICT (zone) DO UPDATE SET serial = excluded.serial, updated_at = excluded.updated_at",
            new { zone, serial = (long)serial, now = time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
    }
}

/// <summary>Something that puts zones into the built-in server before it starts (failover's builtin policies do).</summary>
public interface IZoneSource
{
    Task LoadAsync(ZoneStore zones, CancellationToken ct);
}
