using System.Net;
using System.Net.Sockets;
using Pharos.Dns.Wire;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Records;

/// <summary>An IPv4 address (RFC 1035 §3.4.1).</summary>
public sealed class ARecordData : DnsRecordData
{
    /// <summary>Creates the record from an IPv4 address.</summary>
    public ARecordData(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("A needs an IPv4 address", nameof(address));
        }

        Address = address;
    }

    /// <summary>The address.</summary>
    public IPAddress Address { get; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.A;

    internal static ARecordData ReadData(ref DnsReader reader) => new(new IPAddress(reader.ReadBytes(4)));

    internal static ARecordData Parse(RdataTokens tokens)
    {
        string text = tokens.Next();
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw tokens.Error($"'{text}' is not an IPv4 address");
        }

        return new ARecordData(address);
    }

    internal override void WriteData(ref DnsWriter writer)
    {
        Span<byte> bytes = stackalloc byte[4];
        Address.TryWriteBytes(bytes, out _);
        writer.WriteBytes(bytes);
    }

    /// <inheritdoc/>
    public override string ToString() => Address.ToString();
}
