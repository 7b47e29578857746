using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Monitoring.Checks;

/// <summary>A TCP connect, optionally sending a line and expecting a banner.</summary>
public sealed record TcpCheckConfig : CheckConfig
{
    public override CheckType Type => CheckType.Tcp;

    /// <summary>Host name or address; may hold "{hostname}".</summary>
    public required string Host { get; init; }
    public required int Port { get; init; }

    public override string Target => $"{Host}:{Port}";
    public string? Send { get; init; }
    public string? ExpectBanner { get; init; }

    public override IProbe CreateProbe(ProbeFactory probes) => new TcpProbe(this);

    protected override CheckConfig ForHostname(string hostname) => this with { Host = Fill(Host, hostname) };
}

/// <summary>Reads a tcp check's fields.</summary>
internal static class TcpCheckReader
{
    public static readonly string[] Keys = ["host", "port", "send", "expect_banner"];

    public static TcpCheckConfig? Read(YamlReader r, YamlMappingNode map, string where, string id)
    {
        var host = r.String(map, "host", where, required: true);
        var port = r.Int(map, "port", where, 1, 65535);
        if (port is null && YamlReader.Get(map, "port") is null)
        {
            r.Error(map, $"{where}: 'port' is required");
        }

        return host is null || port is null ? null : new TcpCheckConfig
        {
            Id = id,
            Host = host,
            Port = port.Value,
            Send = r.String(map, "send", where),
            ExpectBanner = r.String(map, "expect_banner", where),
        };
    }
}
