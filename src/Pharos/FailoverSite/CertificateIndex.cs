using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pharos.FailoverSite;

/// <summary>
/// One certificate as the index knows it: where its files are and what it covers, without its key. 10,000 of these
/// cost a few megabytes; the certificate with its key is loaded at the first handshake that needs it.
/// </summary>
/// <param name="Cert">The PEM file with the certificate first and its chain after it (certbot's fullchain.pem).</param>
/// <param name="Key">The PEM private key.</param>
/// <param name="Names">The DNS names it is valid for (SAN, else CN), lower case; wildcards as `*.example.com`.</param>
/// <param name="Stamp">The files' versions when read, to tell a renewal.</param>
public sealed record CertificateEntry(string Cert, string Key, string[] Names, DateTime NotBefore, DateTime NotAfter, FileStamp Stamp);

/// <summary>The certificate file's modification time and size, so that a renewal shows without reading the file.</summary>
public readonly record struct FileStamp(DateTime Written, long Length)
{
    public static FileStamp Of(string cert)
    {
        var info = new FileInfo(cert);
        return info.Exists ? new FileStamp(info.LastWriteTimeUtc, info.Length) : default;
    }
}

/// <summary>
/// The certificates of the failover site by name: the PEM pairs listed in pharos.yaml and every folder of the
/// certificate directories, laid out as certbot writes them (`live/NAME/fullchain.pem` and `privkey.pem`, symlinks
/// into `archive/`) or flat (`NAME/fullchain.pem` or `cert.pem`, with `privkey.pem` or `key.pem`). Immutable: a
/// rescan builds a new index and reuses every entry whose files did not change, so only renewals are read again.
/// </summary>
public sealed class CertificateIndex
{
    private CertificateIndex(IReadOnlyList<CertificateEntry> entries, Dictionary<string, CertificateEntry> byName, List<(string Folder, string Problem)> problems, Dictionary<string, (DateTime Stamp, string[] Folders)> roots)
    {
        Entries = entries;
        ByName = byName;
        Problems = problems.Select(p => $"{p.Folder}: {p.Problem}").ToList();
        ProblemFolders = problems.Select(p => p.Folder).ToList();
        Roots = roots;
    }

    public IReadOnlyList<CertificateEntry> Entries { get; }

    /// <summary>Exact and wildcard names to the certificate that covers them (the one that lives longest, when several do).</summary>
    public IReadOnlyDictionary<string, CertificateEntry> ByName { get; }

    /// <summary>Folders of the directories that could not be used, each with why; their names are simply not covered.</summary>
    public IReadOnlyList<string> Problems { get; }

    // Folders with a problem: a rescan is due when one of them has its pair of files after all.
    private List<string> ProblemFolders { get; }

    // Each directory's modification time and its folders: a folder is added or removed only when the time moves.
    private Dictionary<string, (DateTime Stamp, string[] Folders)> Roots { get; }

    /// <summary>Scans the files and directories; reuses entries of <paramref name="previous"/> whose files did not change.</summary>
    /// <exception cref="InvalidOperationException">A listed PEM pair does not load (a folder of a directory is only a problem).</exception>
    public static CertificateIndex Build(IReadOnlyList<CertificateFiles> files, IReadOnlyList<string> directories, CertificateIndex? previous = null)
    {
        var known = previous?.Entries.ToDictionary(e => e.Cert, StringComparer.Ordinal) ?? [];
        var entries = new List<CertificateEntry>();
        var problems = new List<(string, string)>();
        foreach (var f in files)
        {
            try
            {
                entries.Add(Read(f.Cert, f.Key, known, checkKey: true));
            }
            catch (Exception e) when (IsFileProblem(e))
            {
                throw new InvalidOperationException($"cannot load certificate {f.Cert} with key {f.Key}: {e.Message}", e);
            }
        }

        var roots = new Dictionary<string, (DateTime, string[])>(StringComparer.Ordinal);
        foreach (var dir in directories)
        {
            var root = Directory.Exists(Path.Combine(dir, "live")) ? Path.Combine(dir, "live") : dir;
            var stamp = Directory.GetLastWriteTimeUtc(root);
            var folders = previous?.Roots.TryGetValue(root, out var seen) == true && seen.Stamp == stamp
                ? seen.Folders
                : Directory.Exists(root) ? Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToArray() : [];
            roots[root] = (stamp, folders);
            foreach (var folder in folders)
            {
                if (PairIn(folder) is not var (cert, key))
                {
                    problems.Add((folder, "no fullchain.pem (or cert.pem) with privkey.pem (or key.pem)"));
                    continue;
                }

                try
                {
                    entries.Add(Read(cert, key, known, checkKey: false));
                }
                catch (Exception e) when (IsFileProblem(e))
                {
                    problems.Add((folder, e.Message));
                }
            }
        }

        var byName = new Dictionary<string, CertificateEntry>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var name in entry.Names)
            {
                if (!byName.TryGetValue(name, out var existing) || existing.NotAfter < entry.NotAfter)
                {
                    byName[name] = entry;
                }
            }
        }

        return new CertificateIndex(entries, byName, problems, roots);
    }

    /// <summary>
    /// Whether a rescan would find anything different, looking at the directories and at <paramref name="count"/>
    /// certificates from <paramref name="start"/> on (round the end): a stat each, no reading. A renewal gives a new
    /// certificate file (certbot: a new link to a new file in archive/), so the certificate's stamp tells it.
    /// </summary>
    public bool Changed(int start, int count)
    {
        foreach (var (root, (stamp, _)) in Roots)
        {
            if (Directory.GetLastWriteTimeUtc(root) != stamp)
            {
                return true;
            }
        }

        for (var i = 0; i < Math.Min(count, Entries.Count); i++)
        {
            var e = Entries[(start + i) % Entries.Count];
            if (e.Stamp != FileStamp.Of(e.Cert))
            {
                return true;
            }
        }

        return ProblemFolders.Any(f => PairIn(f) is not null);
    }

    /// <summary>DNS names a certificate is valid for: its SAN entries, else its CN; lower case.</summary>
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

    private static (string Cert, string Key)? PairIn(string folder)
    {
        var cert = First(folder, "fullchain.pem", "cert.pem");
        var key = First(folder, "privkey.pem", "key.pem");
        return cert is null || key is null ? null : (cert, key);
    }

    private static string? First(string folder, params string[] names) =>
        names.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);

    /// <summary>Reads the certificate (not the key) unless the files are those of a known entry.</summary>
    private static CertificateEntry Read(string certPath, string keyPath, Dictionary<string, CertificateEntry> known, bool checkKey)
    {
        var stamp = FileStamp.Of(certPath);
        if (known.TryGetValue(certPath, out var same) && same.Stamp == stamp && same.Key == keyPath)
        {
            return same;
        }

        if (checkKey)
        {
            // A listed pair is few and named by a person: a key that does not fit is an error at start, as always.
            using var _ = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        else if (!File.Exists(keyPath))
        {
            throw new FileNotFoundException($"key {keyPath} does not exist");
        }

        var pem = File.ReadAllText(certPath);
        if (CertificateDer.Read(pem) is var (names, notBefore, notAfter))
        {
            return new CertificateEntry(certPath, keyPath, names, notBefore, notAfter, stamp);
        }

        // No SAN: an old certificate named by its CN only, which the platform's own reader knows how to find.
        using var cert = X509Certificate2.CreateFromPem(pem);
        return new CertificateEntry(certPath, keyPath, NamesOf(cert).ToArray(), cert.NotBefore.ToUniversalTime(), cert.NotAfter.ToUniversalTime(), stamp);
    }

    private static bool IsFileProblem(Exception e) =>
        e is IOException or CryptographicException or ArgumentException or UnauthorizedAccessException;
}
