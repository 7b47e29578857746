using System.Net;
using Pharos.Config;
using Pharos.Dns.Zones;
using Pharos.Failover.Providers;

namespace Pharos.Failover;

/// <summary>
/// The failover role: one runner per policy. Monitoring reports check results through <see cref="Observe"/>;
/// operators act through Pin and Resume. Exactly one controller may act on a policy at a time (a single node
/// now; a PostgreSQL advisory lock will elect one among several).
/// </summary>
public sealed class FailoverController : BackgroundService, Monitoring.Results.ICheckResultListener
{
    private readonly Dictionary<string, PolicyRunner> _runners = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public FailoverController(PharosConfig config, IFailoverStore store, PropagationVerifier verifier, TimeProvider time, ILoggerFactory loggers, ZoneStore? zones = null, FailoverIncidents? incidents = null, Func<IReadOnlyList<IPEndPoint>>? builtinEndpoints = null)
    {
        var logger = loggers.CreateLogger<FailoverController>();
        _time = time;
        foreach (var policy in config.Failover.Policies)
        {
            (IRecordProvider provider, Func<IReadOnlyList<IPEndPoint>> nameservers) = policy.Provider.Type switch
            {
                "builtin" => ((IRecordProvider)new BuiltinProvider(zones ?? throw new InvalidOperationException("builtin policies need the built-in DNS server")),
                    policy.Nameservers.Count > 0 ? () => policy.Nameservers : builtinEndpoints ?? (() => config.Dns.Listen)),
                "rfc2136" => (new Rfc2136Provider(Rfc2136Provider.LoadKey(policy.Provider), time),
                    policy.Nameservers.Count > 0 ? () => policy.Nameservers : () => [policy.Provider.Server!]),
                "cloudflare" => (new CloudflareProvider(
                        new HttpClient { Timeout = TimeSpan.FromSeconds(15) },
                        policy.Provider.ZoneId!,
                        CloudflareProvider.LoadToken(policy.Provider),
                        policy.Provider.ApiBase ?? CloudflareProvider.DefaultApiBase),
                    () => policy.Nameservers),
                _ => throw new NotSupportedException($"provider '{policy.Provider.Type}' is not available"),
            };
            _runners[policy.Id] = new PolicyRunner(new FailoverMachine(policy), provider, nameservers, verifier, store, time, logger, incidents);
        }
    }

    public IEnumerable<FailoverPolicy> Policies => _runners.Values.Select(r => r.Policy);

    public PolicyState? StateOf(string policyId) => _runners.GetValueOrDefault(policyId)?.State;

    public IReadOnlyList<NameserverAnswer> AnswersOf(string policyId) => _runners.GetValueOrDefault(policyId)?.LastAnswers ?? [];

    /// <summary>Raw results, not the monitor's own up/down state: the policy applies its own thresholds. Degraded counts as up.</summary>
    public void OnResult(Monitoring.Results.CheckResult result) =>
        Observe(result.CheckId, result.Outcome != Monitoring.Checks.CheckOutcome.Down, result.At, result.Message);

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
    public Task<PolicyState> CurrentAsync(string policyId) => Runner(policyId).SendAsync(s => new FailoverDecision(s, null));

    public Task<PolicyState> PinAsync(string policyId, FailoverSide side, string actor, string reason, DateTimeOffset at) =>
        Runner(policyId).SendAsync(s => Runner(policyId).Machine.Pin(s, side, at, actor, reason));

    public Task<PolicyState> ResumeAsync(string policyId, string actor, string reason, DateTimeOffset at) =>
        Runner(policyId).SendAsync(s => Runner(policyId).Machine.Resume(s, at, actor, reason));

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

    /// <summary>Runs one operator command; the text says what happened, for the CLI to print.</summary>
    public async Task<string> ExecuteCommandAsync(FailoverCommand instruction)
    {
        if (!_runners.ContainsKey(instruction.PolicyId))
        {
            return $"error: no failover policy '{instruction.PolicyId}'";
        }

        var now = _time.GetUtcNow();
        var state = instruction.Command switch
        {
            "to-failover" => await PinAsync(instruction.PolicyId, FailoverSide.Failover, instruction.Actor, instruction.Reason, now).ConfigureAwait(false),
            "to-primary" => await PinAsync(instruction.PolicyId, FailoverSide.Primary, instruction.Actor, instruction.Reason, now).ConfigureAwait(false),
            "pin" => await PinAsync(instruction.PolicyId, StateOf(instruction.PolicyId)!.LiveSide, instruction.Actor, instruction.Reason, now).ConfigureAwait(false),
            "resume" => await ResumeAsync(instruction.PolicyId, instruction.Actor, instruction.Reason, now).ConfigureAwait(false),
            _ => null,
        };
        return state is null
            ? $"error: unknown command '{instruction.Command}'"
            : $"ok: {instruction.PolicyId} is {state.State}, wanting {state.WantedSide}, live {state.LiveSide}";
    }

    private PolicyRunner Runner(string id) => _runners.GetValueOrDefault(id) ?? throw new KeyNotFoundException($"no failover policy '{id}'");
}
