using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pharos.FailoverSite;

/// <summary>
/// The site's certificates, chosen by SNI: an exact name first, then a wildcard one label up. The index holds only
/// names, dates and paths; a certificate with its key and chain is loaded at the first handshake for it and kept
/// (up to <see cref="MaxLoaded"/>), so 10,000 customer domains start in a second and cost megabytes, not hundreds.
/// A rescan when files change serves a renewal without a restart.
/// </summary>
public sealed class SiteCertificates
{
    /// <summary>Loaded certificates kept at most; beyond it a quarter is let go and loaded again when asked for.</summary>
    public const int MaxLoaded = 2048;

    /// <summary>Certificates looked at per call of <see cref="ReloadIfChanged"/> (every 2 s): 10,000 are all seen within 10 s.</summary>
    public const int StatsPerLook = 2000;

    private readonly IReadOnlyList<CertificateFiles> _files;
    private readonly IReadOnlyList<string> _directories;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Loaded> _loaded = new(StringComparer.Ordinal);
    private volatile CertificateIndex _index;
    private int _cursor;

    /// <exception cref="InvalidOperationException">A listed PEM pair does not load.</exception>
    public SiteCertificates(IReadOnlyList<CertificateFiles> files, IReadOnlyList<string> directories, TimeProvider time)
    {
        _files = files;
        _directories = directories;
        _time = time;
        _index = CertificateIndex.Build(files, directories);
    }

    public CertificateIndex Index => _index;

    /// <summary>Certificates loaded with their keys now (the others are only in the index).</summary>
    public int LoadedCount => _loaded.Count;

    /// <summary>Raised when a certificate the index names cannot be loaded at a handshake (a key that does not fit…).</summary>
    public event Action<string, Exception>? LoadFailed;

    /// <summary>The certificate for an SNI name, or null when none covers it.</summary>
    public X509Certificate2? Select(string? serverName) => SelectContext(serverName)?.TargetCertificate;

    /// <summary>The certificate with its chain (certbot's fullchain) for an SNI name, or null when none covers it.</summary>
    public SslStreamCertificateContext? SelectContext(string? serverName)
    {
        var index = _index;
        var entry = Find(index, serverName);
        if (entry is null)
        {
            return null;
        }

        if (_loaded.TryGetValue(entry.Cert, out var loaded) && ReferenceEquals(loaded.Entry, entry))
        {
            return loaded.Context;
        }

        try
        {
            var fresh = new Loaded(entry, Load(entry));
            if (_loaded.Count >= MaxLoaded)
            {
                foreach (var key in _loaded.Keys.Take(MaxLoaded / 4))
                {
                    _loaded.TryRemove(key, out _);
                }
            }

            _loaded[entry.Cert] = fresh;
            return fresh.Context;
        }
        catch (Exception e) when (e is IOException or CryptographicException or ArgumentException or UnauthorizedAccessException)
        {
            LoadFailed?.Invoke(entry.Cert, e);
            // Mid-renewal the new certificate may sit beside the old key for a moment: the one served before serves on.
            return loaded?.Context;
        }
    }

    /// <summary>Whether a valid (current) certificate covers the hostname; a wildcard hostname needs a wildcard certificate.</summary>
    public bool Covers(string hostname)
    {
        var index = _index;
        var entry = hostname.StartsWith("*.", StringComparison.Ordinal)
            ? index.ByName.GetValueOrDefault(hostname.ToLowerInvariant())
            : Find(index, hostname);
        var now = _time.GetUtcNow().UtcDateTime;
        return entry is not null && entry.NotBefore <= now && entry.NotAfter > now;
    }

    /// <summary>Certificates expiring within <paramref name="warning"/>, soonest first.</summary>
    public IEnumerable<CertificateEntry> ExpiringWithin(TimeSpan warning)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return _index.Entries.Where(c => c.NotAfter - now <= warning).OrderBy(c => c.NotAfter);
    }

    /// <summary>
    /// Rescans when a folder or a certificate changed; reads again only what changed. Each call looks at up to
    /// <see cref="StatsPerLook"/> certificates, the next ones each time, so 10,000 cost a few milliseconds a look.
    /// </summary>
    public bool ReloadIfChanged()
    {
        var index = _index;
        var start = _cursor;
        _cursor = index.Entries.Count == 0 ? 0 : (start + StatsPerLook) % index.Entries.Count;
        if (!index.Changed(start, StatsPerLook))
        {
            return false;
        }

        _index = CertificateIndex.Build(_files, _directories, index);
        return true;
    }

    /// <summary>DNS names a certificate is valid for: its SAN entries, else its CN.</summary>
    public static IEnumerable<string> NamesOf(X509Certificate2 cert) => CertificateIndex.NamesOf(cert);

    private static CertificateEntry? Find(CertificateIndex index, string? serverName)
    {
        // RFC 6066 forbids addresses in SNI, but some clients send them: treat that as no name at all.
        if (string.IsNullOrEmpty(serverName) || System.Net.IPAddress.TryParse(serverName, out _))
        {
            return index.Entries.Count > 0 ? index.Entries[0] : null;
        }

        var name = serverName.TrimEnd('.').ToLowerInvariant();
        if (index.ByName.TryGetValue(name, out var exact))
        {
            return exact;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && index.ByName.TryGetValue("*" + name[dot..], out var wildcard) ? wildcard : null;
    }

    private static SslStreamCertificateContext Load(CertificateEntry entry)
    {
        using var pem = X509Certificate2.CreateFromPemFile(entry.Cert, entry.Key);
        // SslStream on Linux wants the key in a form it can hand to OpenSSL; a PKCS#12 round trip gives that.
        var leaf = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(entry.Cert);
        chain[0].Dispose();
        var intermediates = new X509Certificate2Collection();
        foreach (var c in chain.Skip(1))
        {
            intermediates.Add(c);
        }

        // Offline: the chain is what fullchain.pem holds; nothing is fetched from the network at a handshake.
        return SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
    }

    /// <summary>A loaded certificate and the index entry it was loaded for, to tell when a renewal replaced it.</summary>
    private sealed record Loaded(CertificateEntry Entry, SslStreamCertificateContext Context);
}
