namespace Pharos.Failover;

/// <summary>
/// The failover role: one runner per policy. Monitoring reports check results through <see cref="Observe"/>;
/// operators act through <see cref="IFailoverCommands"/>. Exactly one controller may act on a policy at a time (a
/// single node now; a PostgreSQL advisory lock will elect one among several).
/// </summary>
internal sealed class FailoverController : BackgroundService, Monitoring.Results.ICheckResultListener
{
    private readonly PolicyRunnerFactory _factory;
    private Dictionary<string, PolicyRunner> _runners = new(StringComparer.Ordinal);
    private volatile bool _running;
    private bool _ranBefore;

    private readonly Monitoring.Locations.LocationResults? _locations;

    public FailoverController(FailoverConfig config, PolicyRunnerFactory runners, Monitoring.Locations.LocationResults? locations = null)
    {
        _locations = locations;
        _factory = runners;
        Policies = config.Policies;
        _runners = CreateRunners();
    }

    public IReadOnlyList<FailoverPolicy> Policies { get; }

    /// <summary>True while this node leads and the runners take inputs.</summary>
    public bool IsRunning => _running;

    public PolicyState? StateOf(string policyId) => RunnerOf(policyId)?.State;

    public IReadOnlyList<NameserverAnswer> AnswersOf(string policyId) => RunnerOf(policyId)?.LastAnswers ?? [];

    internal PolicyRunner? RunnerOf(string policyId) => _runners.GetValueOrDefault(policyId);

    /// <summary>Raw results, not the monitor's own up/down state: the policy applies its own thresholds. Degraded counts as up.</summary>
    public void OnResult(Monitoring.Results.CheckResult result)
    {
        // Only the leading node acts on results; elsewhere they would only pile up in the runners' queues.
        if (!_running)
        {
            return;
        }

        // The impaired set as it stands after this result: monitoring applies impairment before telling listeners.
        var impaired = _locations?.Impaired;
        foreach (var runner in _runners.Values)
        {
            if (runner.Policy.Watches(result.CheckId))
            {
                runner.Observe(result.CheckId, result.Location, result.Outcome != Monitoring.Checks.CheckOutcome.Down, result.At, result.Message, impaired);
            }
        }
    }

    /// <summary>A check result from monitoring; policies whose trigger does not name the check ignore it.</summary>
    public void Observe(string checkId, bool ok, DateTimeOffset at, string? detail = null)
    {
        // Only the leading node acts on results; elsewhere they would only pile up in the runners' queues.
        if (!_running)
        {
            return;
        }

        foreach (var runner in _runners.Values)
        {
            if (runner.Policy.Watches(checkId))
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
        // A node that leads again after losing a term starts from fresh runners and the stored state: another
        // leader may have moved the policies in between.
        if (_ranBefore)
        {
            _runners = CreateRunners();
        }

        _ranBefore = true;

        // Every policy knows its state before the host serves anything.
        foreach (var runner in _runners.Values)
        {
            await runner.LoadAsync(cancellationToken).ConfigureAwait(false);
        }

        _running = true;
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private Dictionary<string, PolicyRunner> CreateRunners() =>
        Policies.ToDictionary(p => p.Id, p => _factory.Create(p), StringComparer.Ordinal);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_runners.Values.Select(r => r.RunAsync(stoppingToken)));
}
