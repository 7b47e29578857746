using Pharos.Dns.Wire;

namespace Pharos.Dns.Records;

/// <summary>RDATA naming the canonical name of an alias (RFC 1035 §3.3.1); the name may be compressed (RFC 3597 §4).</summary>
public sealed class CNameRecordData : DnsRecordData
{
    /// <summary>Creates the record.</summary>
    public CNameRecordData(DnsName target) => Target = target;

    /// <summary>The name this record points to.</summary>
    public DnsName Target { get; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.CNAME;

    internal static CNameRecordData ReadData(ref DnsReader reader) => new(reader.ReadName());

    internal override void WriteData(ref DnsWriter writer) => writer.WriteName(Target, compress: true);

    /// <inheritdoc/>
    public override string ToString() => Target.ToString();
}
