using System.Security.Cryptography;
using Pharos.Audit;
using Pharos.Config;
using Pharos.Writes;

namespace Pharos.Failover.Parity;

/// <summary>
/// Compares every policy's primary and standby at start and every policy's own interval, on the leading node only (it
/// alerts); any node can run one on demand (<see cref="IParityCheck"/>, the admin's "run now"). Each run is stored;
/// a new difference raises one `parity.drift`, the end of all differences one `parity.cleared`.
/// </summary>
public sealed partial class ParityService(
    FailoverConfig config,
    ParityChecker checker,
    ParityStore store,
    SiteCatalog site,
    IEnumerable<IAfterCommit> afterCommit,
    TimeProvider time,
    ILogger<ParityService> logger) : BackgroundService, IParityCheck
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly IAfterCommit[] _afterCommit = afterCommit.ToArray();

    public Task<ParityReport> RunAsync(string policyId, CancellationToken ct) => RunAsync(policyId, null, fenced: false, ct);

    /// <summary>A run an operator asked for: stored with an audit entry naming them.</summary>
    public Task<ParityReport> RunAsync(string policyId, Actor actor, CancellationToken ct) => RunAsync(policyId, actor, fenced: false, ct);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(config.Policies.Where(p => p.Parity is not null).Select(p => LoopAsync(p, p.Parity!, stoppingToken)));

    private async Task LoopAsync(FailoverPolicy policy, ParityConfig parity, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(parity.Interval, time);
        do
        {
            try
            {
                await RunAsync(policy.Id, null, fenced: true, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database away or a fenced write: the next run tries again; the host keeps running.
                LogRunFailed(logger, policy.Id, e);
            }
        }
        while (await WaitAsync(timer, ct).ConfigureAwait(false));
    }

    private async Task<ParityReport> RunAsync(string policyId, Actor? actor, bool fenced, CancellationToken ct)
    {
        if (config.Find(policyId) is not { } policy)
        {
            return new ParityReport { PolicyId = policyId, At = time.GetUtcNow(), Skipped = $"no failover policy '{policyId}'" };
        }

        if (policy.Parity is not { } parity)
        {
            return new ParityReport { PolicyId = policyId, At = time.GetUtcNow(), Skipped = "the policy has no parity section" };
        }

        // Runs never overlap: the scheduled run and a "run now" would otherwise both alert the same drift.
        await _one.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ParityReport run;
            try
            {
                run = await checker.RunAsync(policy.Id, parity, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
            {
                // The CA file went away since load: say so in the report rather than stop comparing for good.
                return new ParityReport { PolicyId = policyId, At = time.GetUtcNow(), Skipped = $"the comparison could not run: {e.Message}" };
            }

            var previous = await store.LatestAsync(policy.Id, ct).ConfigureAwait(false);
            var (report, events) = ParityEvents.Of(policy, previous, run, site.Site.PublicUrl);
            var audit = actor is null ? null : new AuditEntry
            {
                At = report.At, Actor = actor, Action = "parity.run", TargetType = "failover-policy", TargetId = policy.Id,
                Summary = $"Ran the parity check of {policy.Id}: {report.Outcome}",
            };
            await store.SaveAsync(report, events, audit, fenced, ct).ConfigureAwait(false);
            foreach (var listener in _afterCommit)
            {
                listener.Committed(events);
            }

            if (report.HasDrift)
            {
                LogDrift(logger, policy.Id, report.Drifts.Count, string.Join("; ", report.Drifts.Select(d => d.ToString())));
            }
            else
            {
                LogRun(logger, policy.Id, report.Outcome);
            }

            return report;
        }
        finally
        {
            _one.Release();
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 9970, Level = LogLevel.Warning, Message = "Parity of {Policy}: {Count} comparisons differ between primary and standby: {Drift}")]
    private static partial void LogDrift(ILogger logger, string policy, int count, string drift);

    [LoggerMessage(EventId = 9971, Level = LogLevel.Debug, Message = "Parity of {Policy}: {Outcome}")]
    private static partial void LogRun(ILogger logger, string policy, string outcome);

    [LoggerMessage(EventId = 9972, Level = LogLevel.Error, Message = "The parity run of {Policy} failed; the next run tries again")]
    private static partial void LogRunFailed(ILogger logger, string policy, Exception exception);
}
