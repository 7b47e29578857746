using Pharos.Dns.Wire;

namespace Pharos.Dns.Records;

/// <summary>RDATA naming an authoritative name server (RFC 1035 §3.3.11); the name may be compressed (RFC 3597 §4).</summary>
public sealed class NsRecordData : DnsRecordData
{
    /// <summary>Creates the record.</summary>
    public NsRecordData(DnsName nameServer) => NameServer = nameServer;

    /// <summary>The name this record points to.</summary>
    public DnsName NameServer { get; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.NS;

    internal static NsRecordData ReadData(ref DnsReader reader) => new(reader.ReadName());

    internal override void WriteData(ref DnsWriter writer) => writer.WriteName(NameServer, compress: true);

    /// <inheritdoc/>
    public override string ToString() => NameServer.ToString();
}
