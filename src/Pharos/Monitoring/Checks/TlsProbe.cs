using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Pharos.Monitoring.Checks;

/// <summary>A TLS handshake: down when the certificate is invalid or expired, degraded when it expires soon.</summary>
public sealed class TlsProbe(TlsCheckConfig config, TimeProvider time) : IProbe
{
    public async Task<ProbeResult> ProbeAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(config.Host, config.Port, ct).ConfigureAwait(false);
        SslPolicyErrors errors = SslPolicyErrors.None;
        var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, _, _, e) =>
        {
            errors = e;
            return true;
        });
        await using (ssl.ConfigureAwait(false))
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = config.Sni ?? config.Host }, ct).ConfigureAwait(false);
            var latency = Stopwatch.GetElapsedTime(started);
            using var cert = ssl.RemoteCertificate is { } c ? new X509Certificate2(c) : null;
            if (config.VerifyTls && errors != SslPolicyErrors.None)
            {
                return ProbeResult.Down(latency, $"certificate is not valid for {config.Sni ?? config.Host}: {errors}");
            }

            var result = ProbeResult.Up(latency, cert is null ? "handshake done" : $"certificate valid until {cert.NotAfter.ToUniversalTime():yyyy-MM-dd}");
            return CertificateExpiry.Judge(result.WithLatencyLimit(config.DegradedLatency), cert, config.ExpiryWarning, time.GetUtcNow());
        }
    }
}
