using System.Net;
using Pharos.Dns;
using Pharos.Failover.Parity;
using Pharos.Failover.Providers;

namespace Pharos.Failover;

/// <summary>The failover section of pharos.yaml: one global TTL limit and the policies.</summary>
public sealed record FailoverConfig
{
    /// <summary>The default limit: a record that lives longer than this keeps customers on a dead environment.</summary>
    public static readonly TimeSpan DefaultMaxTtl = TimeSpan.FromSeconds(300);

    public TimeSpan MaxTtl { get; init; } = DefaultMaxTtl;

    /// <summary>The default time between live-record audits: a hand-made change is found well before the next outage.</summary>
    public static readonly TimeSpan DefaultAuditInterval = TimeSpan.FromMinutes(10);

    /// <summary>How often every policy's records are read back from every nameserver and compared with the live side.</summary>
    public TimeSpan AuditInterval { get; init; } = DefaultAuditInterval;

    public IReadOnlyList<FailoverPolicy> Policies { get; init; } = [];

    /// <summary>The folder of the config file, against which a policy's zone_file is read.</summary>
    public string BaseDirectory { get; init; } = ".";

    public FailoverPolicy? Find(string id) => Policies.FirstOrDefault(p => p.Id == id);
}

/// <summary>Which side a record set points at.</summary>
public enum FailoverSide
{
    Primary,
    Failover,
}

/// <summary>How the names move back once the primary is healthy again.</summary>
public enum FailbackMode
{
    /// <summary>After the primary has been healthy for the hold time.</summary>
    Automatic,

    /// <summary>Only when an operator says so.</summary>
    Manual,
}

/// <summary>A set of names that moves together between two environments.</summary>
public sealed record FailoverPolicy
{
    public required string Id { get; init; }

    public required DnsName Zone { get; init; }

    public required ProviderConfig Provider { get; init; }

    /// <summary>Fully qualified owner names, all inside <see cref="Zone"/>.</summary>
    public required IReadOnlyList<DnsName> Names { get; init; }

    public required RecordTargets Primary { get; init; }

    public required RecordTargets Failover { get; init; }

    public required TimeSpan Ttl { get; init; }

    /// <summary>Status-page components this policy speaks for.</summary>
    public IReadOnlyList<string> Components { get; init; } = [];

    public required TriggerConfig Trigger { get; init; }

    public required FailbackConfig Failback { get; init; }

    /// <summary>Authoritative servers asked after every change until all answer the new records.</summary>
    public IReadOnlyList<IPEndPoint> Nameservers { get; init; } = [];

    /// <summary>How long verification may take before the change is reported as not consistent.</summary>
    public TimeSpan VerifyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Checks of the failover side: while one of them is down or has never run, an automatic move there is refused
    /// and a manual one needs force.
    /// </summary>
    public IReadOnlyList<string> StandbyChecks { get; init; } = [];

    /// <summary>The primary and standby environments compared on a schedule; null when the policy has no `parity` section.</summary>
    public ParityConfig? Parity { get; init; }

    /// <summary>Whether results of this check concern the policy (a trigger or a standby check).</summary>
    public bool Watches(string checkId) => Trigger.Checks.Contains(checkId, StringComparer.Ordinal) || StandbyChecks.Contains(checkId, StringComparer.Ordinal);

    public RecordTargets TargetsFor(FailoverSide side) => side == FailoverSide.Primary ? Primary : Failover;

    /// <summary>The record types this policy manages: those named by either side.</summary>
    public IReadOnlyList<DnsType> Types => Primary.Types.Union(Failover.Types).Order().ToList();
}

/// <summary>The values each record type takes on one side: A and AAAA addresses, or one CNAME target.</summary>
public sealed record RecordTargets
{
    public IReadOnlyList<IPAddress> A { get; init; } = [];

    public IReadOnlyList<IPAddress> Aaaa { get; init; } = [];

    public DnsName? CName { get; init; }

    public IEnumerable<DnsType> Types =>
        new[] { (A.Count > 0, DnsType.A), (Aaaa.Count > 0, DnsType.AAAA), (CName is not null, DnsType.CNAME) }
            .Where(t => t.Item1).Select(t => t.Item2);

    /// <summary>Presentation form of the values of one type, sorted, for comparison with what servers answer.</summary>
    public IReadOnlyList<string> Values(DnsType type) => type switch
    {
        DnsType.A => A.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList(),
        DnsType.AAAA => Aaaa.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList(),
        DnsType.CNAME => CName is null ? [] : [CName.Value.ToString()],
        _ => [],
    };

    public override string ToString() => string.Join("; ", Types.Select(t => $"{t} {string.Join(",", Values(t))}"));
}

/// <summary>When the primary counts as down.</summary>
public sealed record TriggerConfig
{
    public IReadOnlyList<string> Checks { get; init; } = [];

    /// <summary>Consecutive failed results before a check counts as down: a blip shorter than this moves nothing.</summary>
    public int FailAfter { get; init; } = 3;

    /// <summary>And down for at least this long, when set.</summary>
    public TimeSpan? For { get; init; }

    /// <summary>Probe locations that must agree; one location until probes in several places exist.</summary>
    public int Quorum { get; init; } = 1;

    /// <summary>True: every trigger check must be down (the safe default); false: any one suffices.</summary>
    public bool RequireAll { get; init; } = true;
}

/// <summary>How and when the names move back.</summary>
public sealed record FailbackConfig
{
    public FailbackMode Mode { get; init; } = FailbackMode.Automatic;

    /// <summary>How long the primary must stay healthy before the names move back.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Consecutive successes before a check counts as up again.</summary>
    public int RecoverAfter { get; init; } = 3;
}
