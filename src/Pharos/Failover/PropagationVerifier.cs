using System.Diagnostics;
using System.Net;
using Pharos.Dns;
using Pharos.Dns.Client;

namespace Pharos.Failover;

/// <summary>What one nameserver answered for one name and type.</summary>
public sealed record NameserverAnswer(IPEndPoint Server, DnsName Name, DnsType Type, IReadOnlyList<string> Values, uint? Ttl, string? Error)
{
    public override string ToString() => Error is not null
        ? $"{Server} {Name} {Type}: {Error}"
        : $"{Server} {Name} {Type}: {string.Join(",", Values)} ttl {Ttl}";
}

/// <summary>The outcome of a verification: consistent or not, how long it took, and the last answers seen.</summary>
public sealed record VerificationResult(bool Consistent, TimeSpan Elapsed, IReadOnlyList<NameserverAnswer> Answers)
{
    public IEnumerable<NameserverAnswer> Mismatches(FailoverPolicy policy, RecordTargets targets) =>
        Answers.Where(a => !PropagationVerifier.Matches(a, targets, policy.Ttl));
}

/// <summary>
/// Asks every authoritative nameserver for every name of the policy until all answer the new records with the
/// policy's TTL — a served TTL that differs is reported, since it decides how long resolvers keep the old answer.
/// </summary>
public sealed class PropagationVerifier(TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly DnsClient _client = new(time);

    public async Task<VerificationResult> WaitUntilConsistentAsync(FailoverPolicy policy, RecordTargets targets, IReadOnlyList<IPEndPoint> nameservers, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var answers = await AskAllAsync(policy, targets, nameservers, ct).ConfigureAwait(false);
        while (!answers.All(a => Matches(a, targets, policy.Ttl)))
        {
            if (Stopwatch.GetElapsedTime(started) >= policy.VerifyTimeout)
            {
                return new VerificationResult(false, Stopwatch.GetElapsedTime(started), answers);
            }

            await Task.Delay(PollInterval, time, ct).ConfigureAwait(false);
            answers = await AskAllAsync(policy, targets, nameservers, ct).ConfigureAwait(false);
        }

        return new VerificationResult(true, Stopwatch.GetElapsedTime(started), answers);
    }

    /// <summary>One round of questions: what every nameserver answers now.</summary>
    public async Task<IReadOnlyList<NameserverAnswer>> AskAllAsync(FailoverPolicy policy, RecordTargets targets, IReadOnlyList<IPEndPoint> nameservers, CancellationToken ct)
    {
        var questions = nameservers.SelectMany(ns => policy.Names.SelectMany(n => targets.Types.Select(t => (ns, n, t))));
        return await Task.WhenAll(questions.Select(q => AskAsync(q.ns, q.n, q.t, ct))).ConfigureAwait(false);
    }

    internal static bool Matches(NameserverAnswer a, RecordTargets targets, TimeSpan ttl) =>
        a.Error is null && a.Ttl == (uint)ttl.TotalSeconds && a.Values.SequenceEqual(targets.Values(a.Type), StringComparer.OrdinalIgnoreCase);

    /// <summary>One question to one server; a server that does not answer is an answer with its error, never an exception.</summary>
    public async Task<NameserverAnswer> AskAsync(IPEndPoint server, DnsName name, DnsType type, CancellationToken ct)
    {
        try
        {
            var response = await _client.QueryAsync(name, type, server, new DnsQueryOptions { Timeout = TimeSpan.FromSeconds(1), Attempts = 1 }, ct).ConfigureAwait(false);
            if (response.Message.Rcode != DnsRcode.NoError)
            {
                return new NameserverAnswer(server, name, type, [], null, $"rcode {response.Message.Rcode}");
            }

            var records = response.Message.Answers.Where(r => r.Type == type && r.Name == name).ToList();
            var values = records.Select(r => r.Data.ToString()!).Order(StringComparer.OrdinalIgnoreCase).ToList();
            uint? ttl = records.Count == 0 ? null : records.Min(r => r.Ttl);
            return new NameserverAnswer(server, name, type, values, ttl, null);
        }
        catch (Exception e) when (e is TimeoutException or System.Net.Sockets.SocketException or DnsFormatException)
        {
            return new NameserverAnswer(server, name, type, [], null, e.Message);
        }
    }
}
