using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Pharos.Failover.Providers;

namespace Pharos.Failover;

/// <summary>
/// Runs one policy: a single loop takes check results, ticks and commands in order, persists every state and
/// transition before acting on it, and publishes the wanted side through the provider until it is live and
/// verified, retrying with backoff and surfacing each failure.
/// </summary>
internal sealed partial class PolicyRunner(
    FailoverMachine machine,
    IRecordProvider provider,
    Func<IReadOnlyList<IPEndPoint>> nameservers,
    PropagationVerifier verifier,
    IFailoverStore store,
    TimeProvider time,
    ILogger logger,
    FailoverIncidents? incidents = null)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Channel<Func<PolicyState, FailoverDecision>> _inputs = Channel.CreateUnbounded<Func<PolicyState, FailoverDecision>>(new() { SingleReader = true });
    private volatile PolicyState? _state;
    private Task? _applying;
    private int _failures;

    // Written by the publishing task, read by the loop: ticks, so a read is never torn.
    private long _retryAtTicks;

    public FailoverMachine Machine => machine;

    public FailoverPolicy Policy => machine.Policy;

    public PolicyState? State => _state;

    /// <summary>The answers seen at the last verification, for the admin page.</summary>
    public IReadOnlyList<NameserverAnswer> LastAnswers { get; private set; } = [];

    /// <summary>Queues an input; the loop applies it in order and persists the result.</summary>
    public Task<PolicyState> SendAsync(Func<PolicyState, FailoverDecision> input)
    {
        var done = new TaskCompletionSource<PolicyState>(TaskCreationOptions.RunContinuationsAsynchronously);
        _inputs.Writer.TryWrite(s =>
        {
            var d = input(s);
            done.TrySetResult(d.State);
            return d;
        });
        return done.Task;
    }

    public void Observe(string checkId, bool ok, DateTimeOffset at, string? detail) =>
        _inputs.Writer.TryWrite(s => machine.Observe(s, checkId, ok, at, detail));

    /// <summary>Resumes from the persisted state, or starts on the primary side.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        var loaded = await store.LoadStateAsync(Policy.Id, ct).ConfigureAwait(false);
        _state = loaded ?? machine.Initial(time.GetUtcNow());
        if (loaded is null)
        {
            await store.SaveAsync(_state, null, ct).ConfigureAwait(false);
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {

        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
                tick.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    await _inputs.Reader.WaitToReadAsync(tick.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // A second without input: time itself may move the machine (hold times, `for`, windows).
                }

                while (_inputs.Reader.TryRead(out var input))
                {
                    await TakeAsync(input(_state!), ct).ConfigureAwait(false);
                }

                await TakeAsync(machine.Tick(_state!, time.GetUtcNow()), ct).ConfigureAwait(false);
                StartApplyIfNeeded(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogLoopFailed(logger, Policy.Id, e);
            }
        }

        if (_applying is not null)
        {
            await _applying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task TakeAsync(FailoverDecision d, CancellationToken ct)
    {
        if (ReferenceEquals(d.State, _state) && d.Transition is null)
        {
            return;
        }

        // Persisted before anything acts on it: a crash after this point resumes from the new state.
        await store.SaveAsync(d.State, d.Transition, ct).ConfigureAwait(false);
        _state = d.State;
        if (d.Transition is { } t)
        {
            LogTransition(logger, Policy.Id, t.From.ToString(), t.To.ToString(), t.Actor, t.Reason);
            await TellStatusPageAsync(t, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A failed status-page write must not stop the failover itself; it is logged and the move goes on.</summary>
    private async Task TellStatusPageAsync(FailoverTransition t, CancellationToken ct)
    {
        if (incidents is null)
        {
            return;
        }

        try
        {
            var incidentId = await incidents.OnTransitionAsync(Policy, t, _state!, ct).ConfigureAwait(false);
            if (incidentId != _state!.IncidentId)
            {
                _state = _state with { IncidentId = incidentId };
                await store.SaveAsync(_state, null, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogIncidentFailed(logger, Policy.Id, e);
        }
    }

    private void StartApplyIfNeeded(CancellationToken ct)
    {
        var s = _state!;
        var mustPublish = s.State is FailoverState.FailingOver or FailoverState.FailingBack || s.WantedSide != s.LiveSide;
        if (!mustPublish || _applying is { IsCompleted: false } || time.GetUtcNow().UtcTicks < Volatile.Read(ref _retryAtTicks))
        {
            return;
        }

        var side = s.WantedSide;
        _applying = Task.Run(() => PublishAsync(side, ct), ct);
    }

    private async Task PublishAsync(FailoverSide side, CancellationToken ct)
    {
        var targets = Policy.TargetsFor(side);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await provider.ApplyAsync(Policy, targets, ct).ConfigureAwait(false);
            var applied = Stopwatch.GetElapsedTime(started);
            var result = await verifier.WaitUntilConsistentAsync(Policy, targets, nameservers(), ct).ConfigureAwait(false);
            LastAnswers = result.Answers;
            if (!result.Consistent)
            {
                var detail = string.Join("; ", result.Mismatches(Policy, targets).Take(5));
                throw new RecordProviderException($"not consistent on every nameserver within {Policy.VerifyTimeout}: {detail}");
            }

            _failures = 0;
            LogPublished(logger, Policy.Id, side.ToString(), applied.TotalMilliseconds, result.Elapsed.TotalMilliseconds);
            _inputs.Writer.TryWrite(s => machine.Applied(s, side, time.GetUtcNow(), applied, result.Elapsed));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _failures++;
            var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, _failures - 1)));
            Volatile.Write(ref _retryAtTicks, (time.GetUtcNow() + backoff).UtcTicks);
            LogPublishFailed(logger, Policy.Id, side.ToString(), _failures, backoff.TotalSeconds, e);
            _inputs.Writer.TryWrite(s => FailoverMachine.ApplyFailed(s, $"{side}: {e.Message}"));
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Failover policy {Policy}: {From} -> {To} by {Actor}: {Reason}")]
    private static partial void LogTransition(ILogger logger, string policy, string from, string to, string actor, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Failover policy {Policy}: {Side} records published in {ApplyMs:F0} ms, consistent on every nameserver after {ConsistencyMs:F0} ms")]
    private static partial void LogPublished(ILogger logger, string policy, string side, double applyMs, double consistencyMs);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Failover policy {Policy}: publishing the {Side} records failed ({Failures} in a row); retrying in {BackoffSeconds} s")]
    private static partial void LogPublishFailed(ILogger logger, string policy, string side, int failures, double backoffSeconds, Exception exception);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "Failover policy {Policy}: updating the status page failed")]
    private static partial void LogIncidentFailed(ILogger logger, string policy, Exception exception);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "Failover policy {Policy}: the controller loop failed; it continues")]
    private static partial void LogLoopFailed(ILogger logger, string policy, Exception exception);
}
