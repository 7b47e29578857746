using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pharos.Monitoring.Checks;

/// <summary>Turns a certificate's expiry into an outcome: expired is down, expiring within the warning is degraded.</summary>
internal static class CertificateExpiry
{
    public static ProbeResult Judge(ProbeResult result, X509Certificate2? certificate, TimeSpan? warning, DateTimeOffset now)
    {
        if (certificate is null || result.Outcome == CheckOutcome.Down)
        {
            return result;
        }

        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var left = notAfter - now;
        if (left <= TimeSpan.Zero)
        {
            return result with { Outcome = CheckOutcome.Down, Message = $"certificate expired on {notAfter:yyyy-MM-dd}" };
        }

        if (warning is { } w && left < w)
        {
            return result with
            {
                Outcome = CheckOutcome.Degraded,
                Message = $"certificate expires in {left.TotalDays:0.#} days ({notAfter:yyyy-MM-dd})",
                ExpiringCertificate = new ExpiringCertificate(certificate.GetCertHashString(HashAlgorithmName.SHA256), certificate.Subject, notAfter),
            };
        }

        return result;
    }
}
