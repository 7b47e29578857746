using System.Security.Cryptography;

namespace Pharos.Dns.Update;

/// <summary>
/// An RFC 2136 UPDATE: the zone, prerequisites and changes. <see cref="ToMessage"/> lays them out as §2 says: the zone
/// in the question section, prerequisites in the answer section, updates in the authority section.
/// </summary>
public sealed class DnsUpdateRequest
{
    /// <summary>The zone to change.</summary>
    public required DnsName Zone { get; init; }

    /// <summary>Conditions that must all hold.</summary>
    public IReadOnlyList<Prerequisite> Prerequisites { get; init; } = [];

    /// <summary>Changes, applied in order and all or none.</summary>
    public required IReadOnlyList<UpdateOperation> Updates { get; init; }

    /// <summary>The UPDATE message with a random ID.</summary>
    public DnsMessage ToMessage()
    {
        var prerequisites = Prerequisites.SelectMany(p => p.ToRecords(DnsClass.IN)).ToList();
        return new DnsMessage
        {
            Id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1),
            Opcode = DnsOpcode.Update,
            Questions = [new DnsQuestion(Zone, DnsType.SOA)],
            Answers = prerequisites,
            Authorities = Updates.Select(u => u.ToRecord(DnsClass.IN)).ToList(),
        };
    }
}
