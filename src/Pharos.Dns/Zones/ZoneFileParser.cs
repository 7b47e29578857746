using Pharos.Dns.Records;

namespace Pharos.Dns.Zones;

/// <summary>
/// Reads RFC 1035 §5 master files: <c>$ORIGIN</c>, <c>$TTL</c> (RFC 2308 §4), parentheses, comments, relative names,
/// <c>@</c>, blank owners, TTL and class in either order, and RFC 3597 generic RDATA. Errors carry the line number as
/// their offset.
/// </summary>
public static class ZoneFileParser
{
    /// <summary>Parses zone-file text into records.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="origin">The initial origin, used until a <c>$ORIGIN</c> line.</param>
    /// <exception cref="DnsFormatException">A line is malformed; <see cref="DnsFormatException.Offset"/> is its line number.</exception>
    public static IReadOnlyList<DnsRecord> Parse(string text, DnsName origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<DnsRecord>();
        uint? defaultTtl = null;
        DnsName? lastOwner = null;
        foreach (var line in ZoneFileTokenizer.Tokenize(text))
        {
            var tokens = line.Tokens;
            string first = tokens[0].Text;
            if (!line.StartsWithBlank && first.StartsWith('$'))
            {
                if (tokens.Count < 2)
                {
                    throw Error(line, $"{first} needs a value");
                }

                if (first.Equals("$ORIGIN", StringComparison.OrdinalIgnoreCase))
                {
                    origin = ParseName(line, tokens[1].Text, origin);
                }
                else if (first.Equals("$TTL", StringComparison.OrdinalIgnoreCase))
                {
                    defaultTtl = RdataTokens.TryParseTtl(tokens[1].Text, out var ttl) ? ttl : throw Error(line, "bad $TTL");
                }
                else
                {
                    throw Error(line, $"unsupported directive {first}");
                }

                continue;
            }
            int index = 0;
            DnsName owner;
            if (line.StartsWithBlank)
            {
                owner = lastOwner ?? throw Error(line, "first record has no owner");
            }
            else
            {
                owner = ParseName(line, tokens[index++].Text, origin);
            }

            uint? recordTtl = null;
            var cls = DnsClass.IN;
            DnsType type = 0;
            bool haveType = false;
            for (int fields = 0; fields < 3 && index < tokens.Count; fields++)
            {
                string t = tokens[index].Text;
                if (recordTtl is null && RdataTokens.TryParseTtl(t, out var ttl)) { recordTtl = ttl; index++; continue; }
                if (t.Equals("IN", StringComparison.OrdinalIgnoreCase)) { index++; continue; }
                if (t.Equals("CH", StringComparison.OrdinalIgnoreCase)) { cls = DnsClass.CH; index++; continue; }
                if (!DnsRecord.TryParseType(t, out type))
                {
                    throw Error(line, $"unknown type or class '{t}'");
                }

                haveType = true;
                index++;
                break;
            }
            if (!haveType)
            {
                throw Error(line, "missing record type");
            }

            var rdata = new RdataTokens(tokens, index, origin, line.LineNumber);
            var data = DnsRecordData.Parse(type, rdata);
            if (rdata.HasMore)
            {
                throw Error(line, $"unexpected '{rdata.Next()}' after the {type} RDATA");
            }

            if (data is SoaRecordData soa)
            {
                defaultTtl ??= soa.Minimum;
            }

            uint effectiveTtl = recordTtl ?? defaultTtl ?? throw Error(line, "no TTL and no $TTL");
            if (recordTtl is not null && defaultTtl is null)
            {
                defaultTtl = recordTtl;
            }

            records.Add(new DnsRecord { Name = owner, Class = cls, Ttl = effectiveTtl, Data = data });
            lastOwner = owner;
        }
        return records;
    }

    private static DnsName ParseName(ZoneLine line, string text, DnsName origin)
    {
        try { return DnsName.Parse(text, origin); }
        catch (DnsFormatException e) { throw Error(line, $"bad name '{text}': {e.Reason}"); }
    }

    private static DnsFormatException Error(ZoneLine line, string reason) => new(line.LineNumber, $"line {line.LineNumber}: {reason}");
}
