using Pharos.Audit;
using Pharos.Failover.Audit;
using Pharos.Failover.Providers;

namespace Pharos.Failover.Drills;

/// <summary>What became of a request for a drill.</summary>
public abstract record DrillRequestResult
{
    private DrillRequestResult()
    {
    }

    /// <summary>Saved; the leading node starts it within a second or two.</summary>
    public sealed record Requested(long Id) : DrillRequestResult;

    public sealed record UnknownPolicy(string PolicyId) : DrillRequestResult;

    public sealed record Invalid(string Field, string Problem) : DrillRequestResult;

    /// <summary>Another drill of the policy is unfinished; only one runs at a time.</summary>
    public sealed record Busy(string PolicyId, long? OpenId) : DrillRequestResult;

    public string Message => this switch
    {
        Requested r => $"drill {r.Id} requested",
        UnknownPolicy u => $"no failover policy '{u.PolicyId}'",
        Invalid i => i.Problem,
        Busy b => $"drill {b.OpenId} of {b.PolicyId} is not finished yet; one drill per policy runs at a time",
        _ => "",
    };
}

/// <summary>
/// How the admin, the API and the CLI ask for a drill, abort one and read its plan: through the shared database, so
/// any node (or the CLI beside a running server) may ask and the leading node runs it.
/// </summary>
public sealed class DrillRequests(FailoverConfig config, DrillStore store, TimeProvider time, RecordProviders? providers = null)
{
    public DrillStore Store => store;

    public async Task<DrillRequestResult> RequestAsync(string policyId, Actor actor, TimeSpan? hold, CancellationToken ct)
    {
        if (config.Find(policyId) is not { } policy)
        {
            return new DrillRequestResult.UnknownPolicy(policyId);
        }

        var h = hold ?? policy.Drill.Hold;
        if (h < TimeSpan.FromSeconds(1) || h > DrillConfig.MaxHold)
        {
            return new DrillRequestResult.Invalid("hold", $"the hold must be between 1s and {DrillStore.DurationText(DrillConfig.MaxHold)}");
        }

        if (await store.RequestAsync(policyId, actor, h, time.GetUtcNow(), ct).ConfigureAwait(false) is { } id)
        {
            return new DrillRequestResult.Requested(id);
        }

        var open = (await store.UnfinishedAsync(ct).ConfigureAwait(false)).FirstOrDefault(d => d.PolicyId == policyId);
        return new DrillRequestResult.Busy(policyId, open?.Id);
    }

    /// <summary>False when the drill had already ended (or does not exist).</summary>
    public Task<bool> AbortAsync(long id, Actor actor, CancellationToken ct) => store.RequestAbortAsync(id, actor, time.GetUtcNow(), ct);

    /// <summary>The dry run of a drill of the policy; null for an unknown policy.</summary>
    public DrillPlan? Plan(string policyId, TimeSpan? hold, IEnumerable<string>? prechecks = null)
    {
        if (config.Find(policyId) is not { } policy)
        {
            return null;
        }

        var providerDefault = policy.Nameservers.Count > 0 || providers is null ? [] : providers.For(policy).DefaultNameservers;
        return new DrillPlan(policy, AuditSources.Nameservers(policy, providerDefault), hold ?? policy.Drill.Hold, prechecks?.ToList() ?? DrillPlan.BuiltinPrechecks);
    }
}
