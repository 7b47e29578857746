using Pharos.Domain;
using Pharos.Monitoring.Checks;
using Pharos.Monitoring.State;

namespace Pharos.Monitoring.Results;

/// <summary>What the result writer persists: a result, a check state change or a component status change.</summary>
public abstract record MonitorRecord;

/// <summary>One run of one check.</summary>
public sealed record CheckResult(string CheckId, string? ComponentId, DateTimeOffset At, CheckOutcome Outcome, double LatencyMs, string? Message) : MonitorRecord;

/// <summary>A check moved to a new state after hysteresis.</summary>
public sealed record CheckStateChange(string CheckId, CheckHealth Health, DateTimeOffset Since, string? Message) : MonitorRecord;

/// <summary>A component's check-derived status changed.</summary>
public sealed record ComponentHealthChange(string ComponentId, DateTimeOffset At, ComponentStatus Status) : MonitorRecord;
