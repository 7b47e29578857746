using Pharos.Domain;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.State;

namespace Pharos.Monitoring.Results;

/// <summary>What the result writer persists: a result, a check state change or a component status change.</summary>
public abstract record MonitorRecord;

/// <summary>One run of one check.</summary>
public sealed record CheckResult(string CheckId, string? ComponentId, DateTimeOffset At, CheckOutcome Outcome, double LatencyMs, string? Message) : MonitorRecord
{
    /// <summary>Where the check ran: a probe's location, or null for this server's own (monitoring.location).</summary>
    public string? Location { get; init; }
}

/// <summary>A check moved to a new state after hysteresis.</summary>
public sealed record CheckStateChange(string CheckId, CheckHealth Health, DateTimeOffset Since, string? Message) : MonitorRecord
{
    /// <summary>The state it left; Pending for a check's first state.</summary>
    public CheckHealth Previous { get; init; } = CheckHealth.Pending;

    /// <summary>The operational event the change raises (check.down…), written in the same transaction; null when none.</summary>
    public DomainEvent? Event { get; init; }
}

/// <summary>
/// An event whose subject is announced at most once ever (a certificate about to expire): written only when the
/// event log holds none of its kind and subject yet, so a restart or a second check seeing it adds nothing.
/// </summary>
public sealed record OnceEvent(DomainEvent Event) : MonitorRecord;

/// <summary>A component's check-derived status changed.</summary>
public sealed record ComponentHealthChange(string ComponentId, DateTimeOffset At, ComponentStatus Status) : MonitorRecord;
