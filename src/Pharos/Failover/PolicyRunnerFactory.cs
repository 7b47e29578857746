using Pharos.Config;
using Pharos.Failover.Providers;
using Pharos.Notifications.Alerts;
using Pharos.Writes;

namespace Pharos.Failover;

/// <summary>Builds each policy's runner with its provider; what every runner shares comes from the container once.</summary>
internal sealed class PolicyRunnerFactory(
    RecordProviders providers,
    PropagationVerifier verifier,
    IFailoverStore store,
    FailoverIncidents incidents,
    IEnumerable<IAfterCommit> afterCommit,
    IAlertSink alerts,
    SiteCatalog site,
    TimeProvider time,
    ILogger<FailoverController> logger,
    Monitoring.Locations.LocationPlan? plan = null)
{
    private readonly TriggerLocations _locations = plan is null ? TriggerLocations.Single : new(plan.Own, plan.WindowOf);

    private readonly IAfterCommit[] _afterCommit = afterCommit.ToArray();

    public PolicyRunner Create(FailoverPolicy policy) =>
        new(new FailoverMachine(policy, _locations), providers.For(policy), verifier, store, incidents, new FailoverEvents(policy, site.Site.PublicUrl), _afterCommit, alerts, time, logger);
}
