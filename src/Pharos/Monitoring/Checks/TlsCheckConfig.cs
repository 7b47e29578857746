using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Monitoring.Checks;

/// <summary>A TLS handshake: the certificate must be valid and not about to expire.</summary>
public sealed record TlsCheckConfig : CheckConfig
{
    public override CheckType Type => CheckType.Tls;

    /// <summary>Host name or address; may hold "{hostname}".</summary>
    public required string Host { get; init; }
    public required int Port { get; init; }

    public override string Target => Sni is null ? $"{Host}:{Port}" : $"{Host}:{Port} (SNI {Sni})";

    /// <summary>The server name sent; the host when not given.</summary>
    public string? Sni { get; init; }
    public TimeSpan ExpiryWarning { get; init; } = TimeSpan.FromDays(14);
    public bool VerifyTls { get; init; } = true;

    public override IProbe CreateProbe(ProbeFactory probes) => new TlsProbe(this, probes.Time);

    /// <summary>The name goes in the host (where "{hostname}" is) and, unless one is set, in the SNI.</summary>
    protected override CheckConfig ForHostname(string hostname) => this with { Host = Fill(Host, hostname), Sni = Sni ?? hostname };
}

/// <summary>Reads a tls check's fields.</summary>
internal static class TlsCheckReader
{
    public static readonly string[] Keys = ["host", "port", "sni", "tls_expiry_warning", "verify_tls"];

    public static TlsCheckConfig? Read(YamlReader r, YamlMappingNode map, string where, string id)
    {
        var host = r.String(map, "host", where, required: true);
        var port = r.Int(map, "port", where, 1, 65535) ?? 443;
        return host is null ? null : new TlsCheckConfig
        {
            Id = id,
            Host = host,
            Port = port,
            Sni = r.String(map, "sni", where),
            ExpiryWarning = r.Duration(map, "tls_expiry_warning", where, TimeSpan.Zero, TimeSpan.FromDays(365)) ?? TimeSpan.FromDays(14),
            VerifyTls = r.Bool(map, "verify_tls", where) ?? true,
        };
    }
}
