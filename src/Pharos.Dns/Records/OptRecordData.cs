using System.Globalization;
using Pharos.Dns.Wire;

namespace Pharos.Dns.Records;

/// <summary>One EDNS option (RFC 6891 §6.1.2).</summary>
/// <param name="Code">The option code.</param>
/// <param name="Data">The option's bytes.</param>
public readonly record struct EdnsOption(ushort Code, ReadOnlyMemory<byte> Data);

/// <summary>
/// The RDATA of the OPT pseudo-record (RFC 6891 §6.1.2): a list of options. The UDP size, extended rcode, version and
/// flags live in the record's CLASS and TTL; <see cref="DnsMessage.Edns"/> exposes them.
/// </summary>
public sealed class OptRecordData : DnsRecordData
{
    /// <summary>Creates the RDATA from options.</summary>
    public OptRecordData(IReadOnlyList<EdnsOption>? options = null) => Options = options ?? [];

    /// <summary>The options, in wire order.</summary>
    public IReadOnlyList<EdnsOption> Options { get; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.OPT;

    internal static OptRecordData ReadData(ref DnsReader reader, int end)
    {
        var options = new List<EdnsOption>();
        while (reader.Position < end)
        {
            ushort code = reader.ReadUInt16();
            int length = reader.ReadUInt16();
            if (reader.Position + length > end)
            {
                throw DnsReader.Fail(reader.Position - 2, "EDNS option runs past the OPT RDATA");
            }

            options.Add(new EdnsOption(code, reader.ReadBytes(length).ToArray()));
        }
        return new OptRecordData(options);
    }

    internal override void WriteData(ref DnsWriter writer)
    {
        foreach (var option in Options)
        {
            writer.WriteUInt16(option.Code);
            writer.WriteUInt16((ushort)option.Data.Length);
            writer.WriteBytes(option.Data.Span);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(' ', Options.Select(o =>
        string.Create(CultureInfo.InvariantCulture, $"{o.Code}:{Convert.ToHexString(o.Data.Span)}")));
}
