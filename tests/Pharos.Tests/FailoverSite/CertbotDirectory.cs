using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pharos.Tests.FailoverSite;

/// <summary>
/// Writes certificates as certbot does (`archive/NAME/fullchainN.pem`, `privkeyN.pem`, and `live/NAME/` symlinks to
/// them) or flat (`NAME/fullchain.pem`, `privkey.pem`). ECDSA P-256 and one key shared by the leaves, so that
/// 10,000 certificates take seconds; each still has its own name, serial and signature from the test CA.
/// </summary>
public sealed class CertbotDirectory : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string _leafKeyPem;

    public CertbotDirectory()
    {
        var request = new CertificateRequest("CN=Pharos Test Scale CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        _leafKeyPem = _leafKey.ExportPkcs8PrivateKeyPem();
    }

    public X509Certificate2 Authority { get; }

    /// <summary>A leaf for the names, signed by the CA; returns its PEM (leaf then CA, as a fullchain) and serial.</summary>
    public (string FullChain, string Serial) Leaf(params string[] names)
    {
        var request = new CertificateRequest($"CN={names[0]}", _leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var n in names)
        {
            san.AddDnsName(n);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = request.Create(Authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(90), RandomNumberGenerator.GetBytes(12));
        return (cert.ExportCertificatePem() + "\n" + Authority.ExportCertificatePem() + "\n", cert.SerialNumber);
    }

    /// <summary>Writes version <paramref name="version"/> of NAME into archive/ and points live/NAME at it, as a renewal does.</summary>
    public string WriteCertbot(string root, string folder, int version, params string[] names)
    {
        var (chain, serial) = Leaf(names);
        var archive = Path.Combine(root, "archive", folder);
        var live = Path.Combine(root, "live", folder);
        Directory.CreateDirectory(archive);
        Directory.CreateDirectory(live);
        File.WriteAllText(Path.Combine(archive, $"fullchain{version}.pem"), chain);
        File.WriteAllText(Path.Combine(archive, $"privkey{version}.pem"), _leafKeyPem);
        foreach (var (link, target) in new[] { ("fullchain.pem", $"fullchain{version}.pem"), ("privkey.pem", $"privkey{version}.pem") })
        {
            var path = Path.Combine(live, link);
            // certbot removes the old link and makes a new one, relative, into archive/.
            File.Delete(path);
            File.CreateSymbolicLink(path, Path.Combine("..", "..", "archive", folder, target));
        }

        return serial;
    }

    /// <summary>Writes NAME/fullchain.pem and NAME/privkey.pem: the flat layout of other ACME clients.</summary>
    public string WriteFlat(string root, string folder, params string[] names)
    {
        var (chain, serial) = Leaf(names);
        var dir = Path.Combine(root, folder);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "fullchain.pem"), chain);
        File.WriteAllText(Path.Combine(dir, "privkey.pem"), _leafKeyPem);
        return serial;
    }

    /// <summary>A TLS handshake with SNI <paramref name="name"/>; the served certificate, validated against the CA and the name.</summary>
    public async Task<X509Certificate2> HandshakeAsync(int port, string name)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
        X509Certificate2? served = null;
        var valid = false;
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = name,
            RemoteCertificateValidationCallback = (_, cert, _, _) =>
            {
                served = cert is null ? null : X509CertificateLoader.LoadCertificate(cert.GetRawCertData());
                valid = served is not null && Validate(served, name);
                return true;
            },
        }).WaitAsync(TimeSpan.FromSeconds(10));
        valid.ShouldBeTrue($"the certificate served for {name} ({served?.Subject}) must chain to the test CA and match the name");
        return served!;
    }

    private bool Validate(X509Certificate2 cert, string host)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert) && cert.MatchesHostname(host);
    }

    public void Dispose()
    {
        Authority.Dispose();
        _caKey.Dispose();
        _leafKey.Dispose();
    }
}
