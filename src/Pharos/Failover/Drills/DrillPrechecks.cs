using Pharos.Failover.Audit;
using Pharos.Failover.Providers;

namespace Pharos.Failover.Drills;

/// <summary>The policy stands on the primary, automatic, with the primary published and every trigger check passing.</summary>
internal sealed class SteadyOnPrimaryPrecheck : IDrillPrecheck
{
    public string Name => "steady on a healthy primary";

    public Task<DrillPrecheckResult> CheckAsync(DrillPrecheckContext c, CancellationToken ct)
    {
        var s = c.State;
        if (s.State != FailoverState.Primary || s.LiveSide != FailoverSide.Primary)
        {
            return Task.FromResult(DrillPrecheckResult.Fail($"the policy is {s.State} with the {Side(s.LiveSide)} live; a drill starts only from the primary under automatic control"));
        }

        var unhealthy = c.Policy.Trigger.Checks.Where(id =>
        {
            var runs = c.Machine.Locations.Counted(s, id);
            return runs.Count == 0 || runs.Any(r => r.LastOk != true);
        }).ToList();
        return Task.FromResult(unhealthy.Count > 0 || c.Machine.PrimaryDown(s, c.Now)
            ? DrillPrecheckResult.Fail($"the primary is not healthy: {string.Join(", ", unhealthy.Select(id => $"{id} {Last(s, id)}"))}")
            : DrillPrecheckResult.Pass($"on the primary since {s.Since:u}; {string.Join(", ", c.Policy.Trigger.Checks)} passing"));
    }

    private static string Side(FailoverSide side) => side == FailoverSide.Primary ? "primary" : "standby";

    private static string Last(PolicyState s, string id) => s.Checks.GetValueOrDefault(id) is { } r
        ? (r.LastOk == true ? "up" : $"down{(r.LastDetail is { } d ? $" ({d})" : "")}")
        : "has no result yet";
}

/// <summary>The standby's checks pass (the same judgement that refuses an automatic move there).</summary>
internal sealed class StandbyReadyPrecheck : IDrillPrecheck
{
    public string Name => "standby ready";

    public Task<DrillPrecheckResult> CheckAsync(DrillPrecheckContext c, CancellationToken ct) => Task.FromResult(
        c.Machine.StandbyProblem(c.State) is { } problem
            ? DrillPrecheckResult.Fail($"the standby is not ready: {problem}")
            : DrillPrecheckResult.Pass(c.Policy.StandbyChecks.Count == 0 ? "the policy names no standby checks" : $"{string.Join(", ", c.Policy.StandbyChecks)} passing"));
}

/// <summary>A fresh live-record audit: every nameserver (and the provider's API) serves the primary's records with the policy's TTL.</summary>
internal sealed class LiveRecordsPrecheck(RecordProviders providers, RecordAuditor auditor) : IDrillPrecheck
{
    public string Name => "live records as expected";

    public async Task<DrillPrecheckResult> CheckAsync(DrillPrecheckContext c, CancellationToken ct)
    {
        var provider = providers.For(c.Policy);
        var result = await auditor.AuditAsync(c.Policy, FailoverSide.Primary, AuditSources.Nameservers(c.Policy, provider.DefaultNameservers), provider as IRecordReadBack, ct).ConfigureAwait(false);
        return result.HasDrift
            ? DrillPrecheckResult.Fail($"the live records differ from the primary's: {string.Join("; ", result.Drifts.Take(5))}")
            : DrillPrecheckResult.Pass(result.Outcome);
    }
}
