using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Pharos.Storage;

namespace Pharos.Failover.Providers;

/// <summary>
/// Which side's records each builtin policy has in the zone this node serves. With several nodes, the leader writes it
/// with each zone's serial, and every other node rebuilds the same zone at the same serial from it.
/// </summary>
public sealed class BuiltinSides
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, FailoverSide>> _zones = new(StringComparer.OrdinalIgnoreCase);

    public FailoverSide? Get(string zone, string policyId) =>
        _zones.TryGetValue(zone, out var sides) && sides.TryGetValue(policyId, out var side) ? side : null;

    public void Set(string zone, string policyId, FailoverSide side) =>
        _zones.GetOrAdd(zone, _ => new(StringComparer.Ordinal))[policyId] = side;

    public IReadOnlyDictionary<string, FailoverSide> Of(string zone) =>
        _zones.TryGetValue(zone, out var sides) ? new Dictionary<string, FailoverSide>(sides, StringComparer.Ordinal) : new Dictionary<string, FailoverSide>(StringComparer.Ordinal);
}

/// <summary>The published state of each builtin zone: its serial and the side of each policy in it.</summary>
public sealed class BuiltinZoneStateStore(SqliteDatabase db, TimeProvider time)
{
    public async Task SaveAsync(string zone, uint serial, IReadOnlyDictionary<string, FailoverSide> sides, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO builtin_zone_state (zone, serial, sides_json, updated_at) VALUES (@zone, @serial, @sides, @now)
            ON CONFLICT (zone) DO UPDATE SET serial = excluded.serial, sides_json = excluded.sides_json, updated_at = excluded.updated_at
            """,
            new { zone, serial = (long)serial, sides = JsonSerializer.Serialize(sides.ToDictionary(s => s.Key, s => s.Value.ToString())), now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<(string Zone, uint Serial, IReadOnlyDictionary<string, FailoverSide> Sides)>> ReadAllAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(string Zone, long Serial, string Sides)>(new CommandDefinition(
            "SELECT zone, serial, sides_json FROM builtin_zone_state", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => (r.Zone, (uint)r.Serial, (IReadOnlyDictionary<string, FailoverSide>)(JsonSerializer.Deserialize<Dictionary<string, string>>(r.Sides) ?? [])
            .ToDictionary(s => s.Key, s => Enum.Parse<FailoverSide>(s.Value), StringComparer.Ordinal))).ToList();
    }
}
