using Pharos.Hosting;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Pharos.FailoverSite;

namespace Pharos.Demo;

/// <summary>
/// The demo's failover site needs a certificate for its names; at first start the demo makes a self-signed one in
/// its data folder (browsers will warn about it, as they should) and reuses it afterwards.
/// </summary>
public static class DemoCertificate
{
    public static (PharosConfig Config, string? Created) Ensure(PharosConfig config, string dataDirectory)
    {
        if (!config.FailoverSite.Enabled || config.FailoverSite.Https.Count == 0 || config.FailoverSite.Certificates.Count > 0)
        {
            return (config, null);
        }

        var dir = Path.Combine(dataDirectory, "demo-tls");
        var cert = Path.Combine(dir, "failover-site.pem");
        var key = Path.Combine(dir, "failover-site.key");
        string? created = null;
        if (!File.Exists(cert) || !File.Exists(key) || Expired(cert))
        {
            Directory.CreateDirectory(dir);
            var names = FailoverSiteHost.RequiredHostnames(config.FailoverSite, config.Failover, config.FailoverSite.FileHostnames);
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest($"CN={names.FirstOrDefault() ?? "pharos-demo"}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            foreach (var n in names)
            {
                san.AddDnsName(n);
            }

            request.CertificateExtensions.Add(san.Build());
            using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
            File.WriteAllText(cert, self.ExportCertificatePem());
            File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
            created = cert;
        }

        return (config with { FailoverSite = config.FailoverSite with { Certificates = [new CertificateFiles(cert, key)] } }, created);
    }

    private static bool Expired(string path)
    {
        using var c = X509Certificate2.CreateFromPemFile(path);
        return c.NotAfter < DateTime.UtcNow.AddDays(7);
    }
}
