using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Pharos.Failover.Parity;

/// <summary>What one environment presented for one name: its certificate as validated here, or why there was none.</summary>
public sealed record CertificateView
{
    public string? Error { get; init; }

    public bool CoversName { get; init; }

    /// <summary>The DNS names the certificate lists (or its subject when it lists none).</summary>
    public string Names { get; init; } = "";

    public string Issuer { get; init; } = "";

    public DateTimeOffset NotAfter { get; init; }

    /// <summary>"trusted", or the chain's problems (UntrustedRoot, PartialChain…).</summary>
    public string Chain { get; init; } = "";

    public bool Trusted => Chain == "trusted";
}

/// <summary>
/// Shakes hands with each environment for one name (that name as SNI) and judges the certificate itself rather than
/// letting the handshake fail: a certificate that does not cover the name must be reported, not thrown.
/// </summary>
public static class ParityTls
{
    public static async Task<CertificateView> InspectAsync(Uri environment, string name, X509Certificate2Collection? roots, TimeSpan timeout, DateTimeOffset now, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        X509Certificate2? leaf = null;
        var sent = new X509Certificate2Collection();
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(environment.Host, environment.Port, cts.Token).ConfigureAwait(false);
            var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, cert, chain, _) =>
            {
                // Accept everything here; the judgement below records what is wrong instead of ending the handshake.
                leaf = cert is null ? null : new X509Certificate2(cert);
                if (chain is not null)
                {
                    foreach (var element in chain.ChainElements)
                    {
                        sent.Add(new X509Certificate2(element.Certificate));
                    }
                }

                return true;
            });
            await using (ssl.ConfigureAwait(false))
            {
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = name }, cts.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new CertificateView { Error = $"no handshake within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s" };
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            return new CertificateView { Error = e.Message };
        }

        if (leaf is null)
        {
            return new CertificateView { Error = "no certificate presented" };
        }

        try
        {
            return Judge(leaf, sent, name, roots, now);
        }
        finally
        {
            leaf.Dispose();
            foreach (var c in sent)
            {
                c.Dispose();
            }
        }
    }

    /// <summary>Validates the chain at <paramref name="now"/> against the given roots (else the system's), expiry apart.</summary>
    public static CertificateView Judge(X509Certificate2 leaf, X509Certificate2Collection sent, string name, X509Certificate2Collection? roots, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        // Expiry is its own aspect (expired is drift, soon is a warning); the chain judges trust only.
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.ExtraStore.AddRange(sent);
        if (roots is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        }

        var trusted = chain.Build(leaf);
        var problems = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NotTimeValid && s != X509ChainStatusFlags.NoError).Distinct().ToList();
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(x => x.EnumerateDnsNames()).ToList();
        return new CertificateView
        {
            CoversName = leaf.MatchesHostname(name),
            Names = san.Count > 0 ? string.Join(", ", san) : leaf.Subject,
            Issuer = IssuerOf(leaf),
            NotAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            Chain = trusted && problems.Count == 0 ? "trusted" : $"not trusted: {string.Join(", ", problems)}",
        };
    }

    /// <summary>The issuer's name and, where the certificate says, its key: two CAs may share a name.</summary>
    private static string IssuerOf(X509Certificate2 leaf) =>
        leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier is { } key
            ? $"{leaf.Issuer} (key {Convert.ToHexStringLower(key.Span)[..Math.Min(16, key.Length * 2)]})"
            : leaf.Issuer;

    /// <summary>The findings for one name: handshake, coverage, chain, expiry and issuer, side by side.</summary>
    public static IReadOnlyList<ParityFinding> Compare(string name, CertificateView primary, CertificateView standby, TimeSpan expiryWarning, DateTimeOffset now)
    {
        var label = $"TLS {name}";
        if (primary.Error is not null || standby.Error is not null)
        {
            return [Finding(label, "handshake", primary.Error ?? "ok", standby.Error ?? "ok", ParityVerdict.Drift)];
        }

        return
        [
            Finding(label, "covers name", Covers(primary), Covers(standby), primary.CoversName && standby.CoversName ? ParityVerdict.Same : ParityVerdict.Drift),
            Finding(label, "chain", primary.Chain, standby.Chain, primary.Trusted && standby.Trusted ? ParityVerdict.Same : ParityVerdict.Drift),
            Finding(label, "expires", Expiry(primary, now), Expiry(standby, now), ExpiryVerdict(primary, standby, expiryWarning, now)),
            Finding(label, "issuer", primary.Issuer, standby.Issuer, primary.Issuer == standby.Issuer ? ParityVerdict.Same : ParityVerdict.Drift),
        ];
    }

    private static ParityVerdict ExpiryVerdict(CertificateView a, CertificateView b, TimeSpan warning, DateTimeOffset now)
    {
        var first = a.NotAfter < b.NotAfter ? a.NotAfter : b.NotAfter;
        return first <= now ? ParityVerdict.Drift : first - now <= warning ? ParityVerdict.Warning : ParityVerdict.Same;
    }

    private static string Covers(CertificateView v) => v.CoversName ? "yes" : $"no (certificate for {v.Names})";

    private static string Expiry(CertificateView v, DateTimeOffset now)
    {
        var days = (v.NotAfter - now).TotalDays;
        return $"{v.NotAfter.UtcDateTime:yyyy-MM-dd}{(days <= 0 ? " (expired)" : $" (in {Math.Floor(days).ToString(CultureInfo.InvariantCulture)} d)")}";
    }

    private static ParityFinding Finding(string request, string aspect, string primary, string standby, ParityVerdict verdict) => new()
    {
        Request = request, Aspect = aspect, Primary = primary, Standby = standby, Verdict = verdict,
    };
}
