using System.Security.Cryptography.X509Certificates;

namespace Pharos.FailoverSite;

/// <summary>
/// The site's certificates, chosen by SNI: an exact name first, then a wildcard one label up. Reloaded when the
/// PEM files change on disk, so a renewed certificate is served without a restart.
/// </summary>
public sealed class SiteCertificates : IDisposable
{
    private readonly IReadOnlyList<CertificateFiles> _files;
    private readonly TimeProvider _time;
    private volatile Loaded _loaded;

    public SiteCertificates(IReadOnlyList<CertificateFiles> files, TimeProvider time)
    {
        _files = files;
        _time = time;
        _loaded = Load(files);
    }

    public IReadOnlyList<X509Certificate2> All => _loaded.Certificates;

    /// <summary>The certificate for an SNI name, or null when none covers it.</summary>
    public X509Certificate2? Select(string? serverName)
    {
        var loaded = _loaded;
        // RFC 6066 forbids addresses in SNI, but some clients send them: treat that as no name at all.
        if (string.IsNullOrEmpty(serverName) || System.Net.IPAddress.TryParse(serverName, out _))
        {
            return loaded.Certificates.FirstOrDefault();
        }

        var name = serverName.TrimEnd('.').ToLowerInvariant();
        if (loaded.ByName.TryGetValue(name, out var exact))
        {
            return exact;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && loaded.ByName.TryGetValue("*" + name[dot..], out var wildcard) ? wildcard : null;
    }

    /// <summary>Whether a valid (current) certificate covers the hostname; a wildcard hostname needs a wildcard certificate.</summary>
    public bool Covers(string hostname)
    {
        var cert = hostname.StartsWith("*.", StringComparison.Ordinal)
            ? _loaded.ByName.GetValueOrDefault(hostname.ToLowerInvariant())
            : Select(hostname);
        var now = _time.GetUtcNow();
        return cert is not null && cert.NotBefore <= now && cert.NotAfter > now;
    }

    /// <summary>Certificates expiring within <paramref name="warning"/>, soonest first.</summary>
    public IEnumerable<X509Certificate2> ExpiringWithin(TimeSpan warning) =>
        _loaded.Certificates.Where(c => c.NotAfter - _time.GetUtcNow() <= warning).OrderBy(c => c.NotAfter);

    /// <summary>Reloads when any file's modification time changed; keeps the old set if the new files do not load.</summary>
    public bool ReloadIfChanged()
    {
        var stamps = Stamps(_files);
        if (stamps.SequenceEqual(_loaded.Stamps))
        {
            return false;
        }

        var fresh = Load(_files);
        var old = _loaded;
        _loaded = fresh;
        // Connections in flight may still hold the old certificates; they are only dropped, not disposed.
        GC.KeepAlive(old);
        return true;
    }

    public void Dispose()
    {
        foreach (var c in _loaded.Certificates)
        {
            c.Dispose();
        }
    }

    /// <summary>DNS names a certificate is valid for: its SAN entries, else its CN.</summary>
    public static IEnumerable<string> NamesOf(X509Certificate2 cert)
    {
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var names = san?.EnumerateDnsNames().ToList() ?? [];
        if (names.Count == 0 && cert.GetNameInfo(X509NameType.DnsName, false) is { Length: > 0 } cn)
        {
            names.Add(cn);
        }

        return names.Select(n => n.ToLowerInvariant());
    }

    private static Loaded Load(IReadOnlyList<CertificateFiles> files)
    {
        var certs = new List<X509Certificate2>();
        var byName = new Dictionary<string, X509Certificate2>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in files)
        {
            X509Certificate2 cert;
            try
            {
                using var pem = X509Certificate2.CreateFromPemFile(f.Cert, f.Key);
                // Kestrel on Linux needs the key in a form SslStream can use; a PKCS#12 round trip gives that.
                cert = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
            catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or ArgumentException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"cannot load certificate {f.Cert} with key {f.Key}: {e.Message}", e);
            }

            certs.Add(cert);
            foreach (var name in NamesOf(cert))
            {
                // With two certificates for one name, the one that lives longer wins.
                if (!byName.TryGetValue(name, out var existing) || existing.NotAfter < cert.NotAfter)
                {
                    byName[name] = cert;
                }
            }
        }

        return new Loaded(certs, byName, Stamps(files));
    }

    private static List<DateTime> Stamps(IReadOnlyList<CertificateFiles> files) =>
        files.SelectMany(f => new[] { File.GetLastWriteTimeUtc(f.Cert), File.GetLastWriteTimeUtc(f.Key) }).ToList();

    private sealed record Loaded(IReadOnlyList<X509Certificate2> Certificates, IReadOnlyDictionary<string, X509Certificate2> ByName, List<DateTime> Stamps);
}
