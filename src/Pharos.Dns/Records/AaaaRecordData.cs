using System.Net;
using System.Net.Sockets;
using Pharos.Dns.Wire;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Records;

/// <summary>An IPv6 address (RFC 3596 §2.2).</summary>
public sealed class AaaaRecordData : DnsRecordData
{
    /// <summary>Creates the record from an IPv6 address.</summary>
    public AaaaRecordData(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException("AAAA needs an IPv6 address", nameof(address));
        }

        Address = address;
    }

    /// <summary>The address.</summary>
    public IPAddress Address { get; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.AAAA;

    internal static AaaaRecordData ReadData(ref DnsReader reader) => new(new IPAddress(reader.ReadBytes(16)));

    internal static AaaaRecordData Parse(RdataTokens tokens)
    {
        string text = tokens.Next();
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw tokens.Error($"'{text}' is not an IPv6 address");
        }

        return new AaaaRecordData(address);
    }

    internal override void WriteData(ref DnsWriter writer)
    {
        Span<byte> bytes = stackalloc byte[16];
        Address.TryWriteBytes(bytes, out _);
        writer.WriteBytes(bytes);
    }

    /// <inheritdoc/>
    public override string ToString() => Address.ToString();
}
