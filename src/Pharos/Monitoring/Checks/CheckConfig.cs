namespace Pharos.Monitoring.Checks;

/// <summary>The kinds of check pharos.yaml can declare; also the `type` label of the metrics.</summary>
public enum CheckType
{
    Http,
    Tcp,
    Dns,
    Icmp,
    Tls,
    Heartbeat,
}

/// <summary>
/// One check as written in pharos.yaml: the fields every kind shares. Each kind is a subtype that holds only its own
/// fields and knows where a hostname goes and which probe runs it. A check with a `hostnames` list stands for one
/// check per name; see <see cref="Expand"/>.
/// </summary>
public abstract record CheckConfig
{
    private readonly string? _name;

    /// <summary>Unique id; an expanded check's id is "{id}@{hostname}".</summary>
    public required string Id { get; init; }

    /// <summary>Shown in incident texts and the API; the id when not given.</summary>
    public string Name
    {
        get => _name ?? Id;
        init => _name = value;
    }

    public abstract CheckType Type { get; }

    /// <summary>What the check probes, in words for alerts: a URL, host:port, a query at a server.</summary>
    public abstract string Target { get; }

    /// <summary>The component whose status this check drives; null for a check that only records.</summary>
    public string? ComponentId { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive failures before the check is down (and consecutive slow answers before it is degraded).</summary>
    public int FailAfter { get; init; } = 3;

    /// <summary>Consecutive successes before a down or degraded check is up again.</summary>
    public int RecoverAfter { get; init; } = 2;

    /// <summary>An answer slower than this makes the result degraded.</summary>
    public TimeSpan? DegradedLatency { get; init; }

    /// <summary>Overrides monitoring.auto_incidents for this check's component changes.</summary>
    public bool? AutoIncident { get; init; }

    /// <summary>Lets automatic incident texts quote this check's last error ({details}); off by default.</summary>
    public bool PublicDetails { get; init; }

    /// <summary>Where the check runs: location names (this server's own is monitoring.location); empty: this server only.</summary>
    public IReadOnlyList<string> Locations { get; init; } = [];

    /// <summary>How many locations must say down, within the quorum window, for the check to be down.</summary>
    public int Quorum { get; init; } = 1;

    /// <summary>The hostname this expanded instance probes; null for a check without a hostnames list.</summary>
    public string? Hostname { get; init; }

    /// <summary>The id as written, shared by all instances of an expanded check.</summary>
    public string BaseId => Hostname is null ? Id : Id[..Id.IndexOf('@', StringComparison.Ordinal)];

    /// <summary>One instance per hostname, each probing that name; the check itself when the list is empty.</summary>
    public IEnumerable<CheckConfig> Expand(IReadOnlyList<string> hostnames)
    {
        if (hostnames.Count == 0)
        {
            return [this];
        }

        return hostnames.Select(h => ForHostname(h) with { Id = $"{Id}@{h}", Name = $"{Name} ({h})", Hostname = h });
    }

    /// <summary>The probe that runs this check, made once when the scheduler starts.</summary>
    public abstract IProbe CreateProbe(ProbeFactory probes);

    /// <summary>This check's own fields with the hostname put where this kind of check needs it.</summary>
    protected abstract CheckConfig ForHostname(string hostname);

    /// <summary>Replaces "{hostname}" in a field that may hold it.</summary>
    protected static string Fill(string template, string hostname) => template.Replace("{hostname}", hostname, StringComparison.Ordinal);
}
