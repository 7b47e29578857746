using System.Net;
using Pharos.Config;
using Pharos.Dns;
using YamlDotNet.RepresentationModel;

namespace Pharos.Monitoring.Checks;

/// <summary>A DNS question asked of one chosen server.</summary>
public sealed record DnsCheckConfig : CheckConfig
{
    public override CheckType Type => CheckType.Dns;

    public required IPEndPoint Server { get; init; }

    /// <summary>The name asked for; may hold "{hostname}".</summary>
    public required string Query { get; init; }

    public override string Target => $"{Query} {RecordType} at {Server}";
    public string RecordType { get; init; } = "A";

    /// <summary>Values that must all be among the answers (in presentation form); any answer will do when empty.</summary>
    public IReadOnlyList<string> Expect { get; init; } = [];
    public string ExpectRcode { get; init; } = "NOERROR";
    public bool UseTcp { get; init; }

    public override IProbe CreateProbe(ProbeFactory probes) => new DnsProbe(this, probes.Dns);

    protected override CheckConfig ForHostname(string hostname) => this with { Query = Fill(Query, hostname) };
}

/// <summary>Reads a dns check's fields; the name, record type and response code are validated here.</summary>
internal static class DnsCheckReader
{
    public static readonly string[] Keys = ["server", "query", "record_type", "expect_answers", "expect_rcode", "tcp"];

    public static DnsCheckConfig? Read(YamlReader r, YamlMappingNode map, string where, string id)
    {
        var serverText = r.String(map, "server", where, required: true);
        var server = serverText is null ? null : ChecksReader.ParseEndpoint(serverText, 53);
        if (serverText is not null && server is null)
        {
            r.Error(YamlReader.Get(map, "server"), $"{where}: 'server' must be an IP address with an optional port, such as 192.0.2.53:53");
        }

        var query = r.String(map, "query", where, required: true);
        if (query is not null && !query.Contains("{hostname}", StringComparison.Ordinal))
        {
            try
            {
                DnsName.Parse(query);
            }
            catch (FormatException e)
            {
                r.Error(YamlReader.Get(map, "query"), $"{where}: 'query' is not a domain name: {e.Message}");
            }
        }

        var type = r.String(map, "record_type", where) ?? "A";
        if (!DnsRecord.TryParseType(type, out _))
        {
            r.Error(YamlReader.Get(map, "record_type"), $"{where}: 'record_type' '{type}' is not a DNS record type");
        }

        var rcode = (r.String(map, "expect_rcode", where) ?? "NOERROR").ToUpperInvariant();
        if (!Enum.GetNames<DnsRcode>().Any(n => n.Equals(rcode, StringComparison.OrdinalIgnoreCase)))
        {
            r.Error(YamlReader.Get(map, "expect_rcode"), $"{where}: 'expect_rcode' '{rcode}' is not a DNS response code such as NOERROR or NXDOMAIN");
        }

        var answers = r.Sequence(YamlReader.Get(map, "expect_answers"), $"{where}: 'expect_answers'")
            .Select(n => (n as YamlScalarNode)?.Value ?? "").ToList();
        return server is null || query is null ? null : new DnsCheckConfig
        {
            Id = id,
            Server = server,
            Query = query,
            RecordType = type.ToUpperInvariant(),
            Expect = answers,
            ExpectRcode = rcode,
            UseTcp = r.Bool(map, "tcp", where) ?? false,
        };
    }
}
