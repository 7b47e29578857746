using System.Collections.Frozen;
using Pharos.Dns.Records;

namespace Pharos.Dns.Zones;

/// <summary>Raised after a zone was added or replaced in a <see cref="ZoneStore"/>.</summary>
public sealed class ZoneChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public ZoneChangedEventArgs(AuthoritativeZone zone) => Zone = zone;

    /// <summary>The zone as it now is.</summary>
    public AuthoritativeZone Zone { get; }
}

/// <summary>
/// The set of zones a server answers from. Readers take the current immutable <see cref="ZoneSnapshot"/> with one
/// volatile read; writers build a new snapshot and swap it in with compare-and-swap, retrying when another writer
/// won, so a change to a record set and its serial appear together or not at all.
/// </summary>
public sealed class ZoneStore
{
    private ZoneSnapshot _current = ZoneSnapshot.Empty;

    /// <summary>Raised after every successful change, outside any lock; the DNS server sends NOTIFY from it.</summary>
    public event EventHandler<ZoneChangedEventArgs>? ZoneChanged;

    internal ZoneSnapshot Current => Volatile.Read(ref _current);

    /// <summary>The zones currently served.</summary>
    public IReadOnlyCollection<AuthoritativeZone> Zones => Current.Zones.Values;

    /// <summary>The zone with apex <paramref name="origin"/>, or null.</summary>
    public AuthoritativeZone? Get(DnsName origin) => Current.Zones.GetValueOrDefault(origin);

    /// <summary>Adds a zone or replaces the one with the same origin, as given (its serial is not touched).</summary>
    public void AddOrReplace(AuthoritativeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Swap(snapshot => snapshot.With(zone));
        ZoneChanged?.Invoke(this, new ZoneChangedEventArgs(zone));
    }

    /// <summary>Stops serving the zone at <paramref name="origin"/>; false when there was none.</summary>
    public bool Remove(DnsName origin)
    {
        bool removed = false;
        Swap(snapshot =>
        {
            removed = snapshot.Zones.ContainsKey(origin);
            return removed ? snapshot.Without(origin) : snapshot;
        });
        return removed;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to a working copy of the zone, raises its serial and swaps the result in
    /// atomically. The change may run more than once if another writer races it, so it must have no side effects.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No zone has that origin.</exception>
    public AuthoritativeZone Update(DnsName origin, Action<ZoneBuilder> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        AuthoritativeZone? updated = null;
        Swap(snapshot =>
        {
            var zone = snapshot.Zones.GetValueOrDefault(origin) ?? throw new KeyNotFoundException($"no zone {origin}");
            var builder = zone.ToBuilder();
            change(builder);
            builder.RaiseSerial();
            updated = builder.Build();
            return snapshot.With(updated);
        });
        ZoneChanged?.Invoke(this, new ZoneChangedEventArgs(updated!));
        return updated!;
    }

    /// <summary>
    /// Replaces one record set (removes it when <paramref name="data"/> is empty) in the zone at
    /// <paramref name="origin"/> and raises the serial: the failover entry point.
    /// </summary>
    public AuthoritativeZone ReplaceRecordSet(DnsName origin, DnsName name, DnsType type, uint ttl, IReadOnlyList<DnsRecordData> data) =>
        Update(origin, builder => builder.SetRecordSet(name, type, ttl, data));

    private void Swap(Func<ZoneSnapshot, ZoneSnapshot> change)
    {
        while (true)
        {
            var before = Volatile.Read(ref _current);
            var after = change(before);
            if (ReferenceEquals(after, before) || Interlocked.CompareExchange(ref _current, after, before) == before)
            {
                return;
            }
        }
    }
}

/// <summary>One immutable version of all zones, with the encoded-response cache that is valid for exactly this version.</summary>
internal sealed class ZoneSnapshot
{
    public static readonly ZoneSnapshot Empty = new(FrozenDictionary<DnsName, AuthoritativeZone>.Empty);

    private ZoneSnapshot(FrozenDictionary<DnsName, AuthoritativeZone> zones) => Zones = zones;

    public FrozenDictionary<DnsName, AuthoritativeZone> Zones { get; }

    /// <summary>Encoded responses for this version; dropped with the snapshot when a zone changes.</summary>
    public Server.ResponseCache Cache { get; } = new();

    public ZoneSnapshot With(AuthoritativeZone zone)
    {
        var zones = Zones.ToDictionary();
        zones[zone.Origin] = zone;
        return new ZoneSnapshot(zones.ToFrozenDictionary());
    }

    public ZoneSnapshot Without(DnsName origin)
    {
        var zones = Zones.ToDictionary();
        zones.Remove(origin);
        return new ZoneSnapshot(zones.ToFrozenDictionary());
    }

    /// <summary>The zone with the longest origin that contains <paramref name="name"/>, or null.</summary>
    public AuthoritativeZone? FindZone(DnsName name)
    {
        for (var candidate = name; ; candidate = candidate.Parent())
        {
            if (Zones.TryGetValue(candidate, out var zone))
            {
                return zone;
            }

            if (candidate.IsRoot)
            {
                return null;
            }
        }
    }
}
