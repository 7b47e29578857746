using System.Globalization;
using Pharos.Dns.Wire;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Records;

/// <summary>Start of a zone of authority (RFC 1035 §3.3.13).</summary>
public sealed class SoaRecordData : DnsRecordData
{
    /// <summary>The primary name server.</summary>
    public required DnsName PrimaryServer { get; init; }

    /// <summary>The responsible mailbox, as a name.</summary>
    public required DnsName ResponsibleMailbox { get; init; }

    /// <summary>Zone version; raised on every change.</summary>
    public uint Serial { get; init; }

    /// <summary>Seconds between secondary refreshes.</summary>
    public uint Refresh { get; init; } = 3600;

    /// <summary>Seconds between failed refresh retries.</summary>
    public uint Retry { get; init; } = 600;

    /// <summary>Seconds after which a secondary stops answering without a refresh.</summary>
    public uint Expire { get; init; } = 604800;

    /// <summary>Negative caching TTL (RFC 2308 §4).</summary>
    public uint Minimum { get; init; } = 300;

    /// <inheritdoc/>
    public override DnsType Type => DnsType.SOA;

    /// <summary>A copy with another serial.</summary>
    public SoaRecordData WithSerial(uint serial) => new()
    {
        PrimaryServer = PrimaryServer, ResponsibleMailbox = ResponsibleMailbox, Serial = serial,
        Refresh = Refresh, Retry = Retry, Expire = Expire, Minimum = Minimum,
    };

    internal static SoaRecordData ReadData(ref DnsReader reader) => new()
    {
        PrimaryServer = reader.ReadName(),
        ResponsibleMailbox = reader.ReadName(),
        Serial = reader.ReadUInt32(),
        Refresh = reader.ReadUInt32(),
        Retry = reader.ReadUInt32(),
        Expire = reader.ReadUInt32(),
        Minimum = reader.ReadUInt32(),
    };

    internal static SoaRecordData Parse(RdataTokens tokens) => new()
    {
        PrimaryServer = tokens.NextName(),
        ResponsibleMailbox = tokens.NextName(),
        Serial = tokens.NextUInt32(),
        Refresh = tokens.NextTtl(),
        Retry = tokens.NextTtl(),
        Expire = tokens.NextTtl(),
        Minimum = tokens.NextTtl(),
    };

    internal override void WriteData(ref DnsWriter writer)
    {
        writer.WriteName(PrimaryServer);
        writer.WriteName(ResponsibleMailbox);
        writer.WriteUInt32(Serial);
        writer.WriteUInt32(Refresh);
        writer.WriteUInt32(Retry);
        writer.WriteUInt32(Expire);
        writer.WriteUInt32(Minimum);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{PrimaryServer} {ResponsibleMailbox} {Serial} {Refresh} {Retry} {Expire} {Minimum}");
}
