using Pharos.Failover.Providers;

namespace Pharos.Failover;

/// <summary>Builds each policy's runner with its provider; what every runner shares comes from the container once.</summary>
internal sealed class PolicyRunnerFactory(
    RecordProviders providers,
    PropagationVerifier verifier,
    IFailoverStore store,
    FailoverIncidents incidents,
    TimeProvider time,
    ILogger<FailoverController> logger)
{
    public PolicyRunner Create(FailoverPolicy policy) =>
        new(new FailoverMachine(policy), providers.For(policy), verifier, store, incidents, time, logger);
}
