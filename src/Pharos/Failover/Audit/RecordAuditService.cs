using System.Net;
using Pharos.Authoritative;
using Pharos.Config;
using Pharos.Failover.Providers;
using Pharos.Writes;

namespace Pharos.Failover.Audit;

/// <summary>
/// Audits every policy's live records at start and every <see cref="FailoverConfig.AuditInterval"/>, on the leading
/// node only (it alerts). Each run is stored; a new drift raises one alert and its end one recovery notice.
/// </summary>
public sealed partial class RecordAuditService(
    FailoverConfig config,
    IFailoverStore states,
    RecordProviders providers,
    RecordAuditor auditor,
    RecordAuditStore store,
    SiteCatalog site,
    IEnumerable<IAfterCommit> afterCommit,
    TimeProvider time,
    ILogger<RecordAuditService> logger,
    DnsRole? dns = null) : BackgroundService
{
    /// <summary>How long the first run waits for the built-in server to listen, whose sockets builtin policies are read from.</summary>
    private static readonly TimeSpan ListenWait = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly IAfterCommit[] _afterCommit = afterCommit.ToArray();

    /// <summary>Audits every policy now; runs never overlap. Returns each policy's run as stored.</summary>
    public async Task<IReadOnlyList<RecordAuditResult>> RunOnceAsync(CancellationToken ct)
    {
        await _one.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var results = new List<RecordAuditResult>();
            foreach (var policy in config.Policies)
            {
                results.Add(await AuditAsync(policy, ct).ConfigureAwait(false));
            }

            return results;
        }
        finally
        {
            _one.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForBuiltinServerAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(config.AuditInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database away or a fenced write: the next run tries again; the host keeps running.
                LogRunFailed(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private async Task<RecordAuditResult> AuditAsync(FailoverPolicy policy, CancellationToken ct)
    {
        var state = await states.LoadStateAsync(policy.Id, ct).ConfigureAwait(false);
        var side = state?.LiveSide ?? FailoverSide.Primary;
        RecordAuditResult run;
        if (state is not null && (state.WantedSide != state.LiveSide || state.State is FailoverState.FailingOver or FailoverState.FailingBack))
        {
            // Mid-move the servers legitimately answer either side; the verification of the move is the check then.
            run = new RecordAuditResult { PolicyId = policy.Id, At = time.GetUtcNow(), Side = side, Skipped = $"the policy is {state.State}, moving to the {state.WantedSide.ToString().ToLowerInvariant()} side" };
        }
        else
        {
            try
            {
                var provider = providers.For(policy);
                run = await auditor.AuditAsync(policy, side, AuditSources.Nameservers(policy, provider.DefaultNameservers), provider as IRecordReadBack, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RecordProviderException or InvalidOperationException or IOException)
            {
                run = new RecordAuditResult { PolicyId = policy.Id, At = time.GetUtcNow(), Side = side, Skipped = $"the provider could not be built: {e.Message}" };
            }
        }

        var previous = await store.LatestAsync(policy.Id, ct).ConfigureAwait(false);
        var compared = run.Skipped is null;
        var (result, events) = compared ? RecordDriftEvents.Of(policy, previous, run, site.Site.PublicUrl) : (run, []);
        await store.SaveAsync(result, compared ? result : null, events, ct).ConfigureAwait(false);
        foreach (var listener in _afterCommit)
        {
            listener.Committed(events);
        }

        if (result.HasDrift)
        {
            LogDrift(logger, policy.Id, result.Drifts.Count, string.Join("; ", result.Drifts.Select(d => d.ToString())));
        }
        else
        {
            LogRun(logger, policy.Id, result.Outcome);
        }

        return result;
    }

    private async Task WaitForBuiltinServerAsync(CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + ListenWait;
        while (dns is not null && dns.LocalEndpoints.Count == 0 && config.Policies.Any(p => p.Provider is BuiltinProviderConfig) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 9930, Level = LogLevel.Warning, Message = "Record audit of {Policy}: {Count} record sets differ from the live side: {Drift}")]
    private static partial void LogDrift(ILogger logger, string policy, int count, string drift);

    [LoggerMessage(EventId = 9931, Level = LogLevel.Debug, Message = "Record audit of {Policy}: {Outcome}")]
    private static partial void LogRun(ILogger logger, string policy, string outcome);

    [LoggerMessage(EventId = 9932, Level = LogLevel.Error, Message = "The record audit run failed; the next run tries again")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}

/// <summary>Where a policy's records are read back from: the nameservers it names, else its provider's own servers.</summary>
public static class AuditSources
{
    public static IReadOnlyList<IPEndPoint> Nameservers(FailoverPolicy policy, IReadOnlyList<IPEndPoint> providerDefault) =>
        policy.Nameservers.Count > 0 ? policy.Nameservers : providerDefault;
}
