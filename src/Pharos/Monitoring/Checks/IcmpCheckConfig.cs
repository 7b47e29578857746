using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Monitoring.Checks;

/// <summary>An ICMP echo.</summary>
public sealed record IcmpCheckConfig : CheckConfig
{
    public override CheckType Type => CheckType.Icmp;

    /// <summary>Host name or address; may hold "{hostname}".</summary>
    public required string Host { get; init; }

    public override string Target => Host;

    public override IProbe CreateProbe(ProbeFactory probes) => new IcmpProbe(this);

    protected override CheckConfig ForHostname(string hostname) => this with { Host = Fill(Host, hostname) };
}

/// <summary>Reads an icmp check's one field.</summary>
internal static class IcmpCheckReader
{
    public static readonly string[] Keys = ["host"];

    public static IcmpCheckConfig? Read(YamlReader r, YamlMappingNode map, string where, string id) =>
        r.String(map, "host", where, required: true) is { } host ? new IcmpCheckConfig { Id = id, Host = host } : null;
}
