namespace Pharos.Failover;

/// <summary>
/// The failover role: one runner per policy. Monitoring reports check results through <see cref="Observe"/>;
/// operators act through <see cref="IFailoverCommands"/>. Exactly one controller may act on a policy at a time (a
/// single node now; a PostgreSQL advisory lock will elect one among several).
/// </summary>
internal sealed class FailoverController : BackgroundService, Monitoring.Results.ICheckResultListener
{
    private readonly Dictionary<string, PolicyRunner> _runners = new(StringComparer.Ordinal);

    private readonly Monitoring.Locations.LocationResults? _locations;

    public FailoverController(FailoverConfig config, PolicyRunnerFactory runners, Monitoring.Locations.LocationResults? locations = null)
    {
        _locations = locations;
        foreach (var policy in config.Policies)
        {
            _runners[policy.Id] = runners.Create(policy);
        }

        Policies = config.Policies;
    }

    public IReadOnlyList<FailoverPolicy> Policies { get; }

    public PolicyState? StateOf(string policyId) => RunnerOf(policyId)?.State;

    public IReadOnlyList<NameserverAnswer> AnswersOf(string policyId) => RunnerOf(policyId)?.LastAnswers ?? [];

    internal PolicyRunner? RunnerOf(string policyId) => _runners.GetValueOrDefault(policyId);

    /// <summary>Raw results, not the monitor's own up/down state: the policy applies its own thresholds. Degraded counts as up.</summary>
    public void OnResult(Monitoring.Results.CheckResult result)
    {
        // The impaired set as it stands after this result: monitoring applies impairment before telling listeners.
        var impaired = _locations?.Impaired;
        foreach (var runner in _runners.Values)
        {
            if (runner.Policy.Trigger.Checks.Contains(result.CheckId, StringComparer.Ordinal))
            {
                runner.Observe(result.CheckId, result.Location, result.Outcome != Monitoring.Checks.CheckOutcome.Down, result.At, result.Message, impaired);
            }
        }
    }

    /// <summary>A check result from monitoring; policies whose trigger does not name the check ignore it.</summary>
    public void Observe(string checkId, bool ok, DateTimeOffset at, string? detail = null)
    {
        foreach (var runner in _runners.Values)
        {
            if (runner.Policy.Trigger.Checks.Contains(checkId, StringComparer.Ordinal))
            {
                runner.Observe(checkId, ok, at, detail);
            }
        }
    }

    /// <summary>The state after every input queued so far has been taken: a barrier for callers and tests.</summary>
    public Task<PolicyState> CurrentAsync(string policyId, CancellationToken ct = default) =>
        (RunnerOf(policyId) ?? throw new KeyNotFoundException($"no failover policy '{policyId}'")).CurrentAsync(ct);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Every policy knows its state before the host serves anything.
        foreach (var runner in _runners.Values)
        {
            await runner.LoadAsync(cancellationToken).ConfigureAwait(false);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_runners.Values.Select(r => r.RunAsync(stoppingToken)));
}
