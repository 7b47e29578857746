using System.Diagnostics;
using System.Net;
using Pharos.Dns;
using Pharos.Failover.Providers;

namespace Pharos.Failover.Audit;

/// <summary>
/// Reads a policy's records back from every nameserver (and the provider's API where it has one) and compares each
/// name and type with the side that should be live: values, TTL, names missing, record types the side lacks.
/// </summary>
public sealed class RecordAuditor(PropagationVerifier verifier, TimeProvider time)
{
    public async Task<RecordAuditResult> AuditAsync(FailoverPolicy policy, FailoverSide side, IReadOnlyList<IPEndPoint> nameservers, IRecordReadBack? api, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var at = time.GetUtcNow();
        var targets = policy.TargetsFor(side);
        var ttl = (uint)policy.Ttl.TotalSeconds;
        var questions = policy.Names.SelectMany(n => policy.Types.Select(t => (Name: n, Type: t))).ToList();
        var asked = nameservers.SelectMany(ns => questions.Select(async q => Compare(await verifier.AskAsync(ns, q.Name, q.Type, ct).ConfigureAwait(false), targets, ttl)));
        var findings = (await Task.WhenAll(asked).ConfigureAwait(false)).ToList();
        if (api is not null)
        {
            foreach (var q in questions)
            {
                findings.Add(await ReadApiAsync(api, q.Name, q.Type, targets, ttl, ct).ConfigureAwait(false));
            }
        }

        var skipped = findings.Count == 0 ? "the policy names no nameservers and its provider has no API to read back" : null;
        return new RecordAuditResult { PolicyId = policy.Id, At = at, Side = side, Findings = findings, Skipped = skipped, Duration = Stopwatch.GetElapsedTime(started) };
    }

    /// <summary>What differs between one answer and the live side; pure, so the rules are tested without a server.</summary>
    public static AuditFinding Compare(NameserverAnswer answer, RecordTargets targets, uint ttl) => Compare(
        answer.Server.ToString(), answer.Name, answer.Type, answer.Values, answer.Ttl, proxied: false, answer.Error, targets, ttl);

    private static async Task<AuditFinding> ReadApiAsync(IRecordReadBack api, DnsName name, DnsType type, RecordTargets targets, uint ttl, CancellationToken ct)
    {
        try
        {
            var set = await api.ReadAsync(name, type, ct).ConfigureAwait(false);
            return Compare(api.Source, name, type, set.Values, set.Ttl, set.Proxied, null, targets, ttl, bare: true);
        }
        catch (Exception e) when (e is RecordProviderException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return Compare(api.Source, name, type, [], null, false, e.Message, targets, ttl, bare: true);
        }
    }

    private static AuditFinding Compare(string source, DnsName name, DnsType type, IReadOnlyList<string> found, uint? foundTtl, bool proxied, string? error, RecordTargets targets, uint ttl, bool bare = false)
    {
        // An API writes names without the trailing dot; the comparison must not see that as drift.
        var expected = targets.Values(type).Select(v => bare ? v.TrimEnd('.') : v).ToList();
        var drift = new List<DriftKind>();
        if (error is not null)
        {
            drift.Add(DriftKind.Unreachable);
        }
        else if (expected.Count > 0 && found.Count == 0)
        {
            drift.Add(DriftKind.Missing);
        }
        else if (expected.Count == 0 && found.Count > 0)
        {
            drift.Add(DriftKind.Unexpected);
        }
        else if (found.Count > 0)
        {
            if (!found.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(expected.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
            {
                drift.Add(DriftKind.Value);
            }

            if (foundTtl != ttl)
            {
                drift.Add(DriftKind.Ttl);
            }

            if (proxied)
            {
                drift.Add(DriftKind.Proxied);
            }
        }

        return new AuditFinding
        {
            Source = source, Name = name.ToString(), Type = type, Expected = expected, ExpectedTtl = ttl,
            Found = found, FoundTtl = foundTtl, Error = error, Drift = drift,
        };
    }
}
