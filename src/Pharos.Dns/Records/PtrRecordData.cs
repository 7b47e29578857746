using Pharos.Dns.Wire;

namespace Pharos.Dns.Records;

/// <summary>RDATA naming a pointer to another name (RFC 1035 §3.3.12); the name may be compressed (RFC 3597 §4).</summary>
public sealed class PtrRecordData : DnsRecordData
{
    /// <summary>Creates the record.</summary>
    public PtrRecordData(DnsName target) => Target = target;

    /// <summary>The name this record points to.</summary>
    public DnsName Target { get; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.PTR;

    internal static PtrRecordData ReadData(ref DnsReader reader) => new(reader.ReadName());

    internal override void WriteData(ref DnsWriter writer) => writer.WriteName(Target, compress: true);

    /// <inheritdoc/>
    public override string ToString() => Target.ToString();
}
