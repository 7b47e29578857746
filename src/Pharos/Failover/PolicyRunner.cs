using System.Diagnostics;
using System.Threading.Channels;
using Pharos.Audit;
using Pharos.Domain;
using Pharos.Failover.Commands;
using Pharos.Failover.Providers;
using Pharos.Notifications.Alerts;
using Pharos.Telemetry;
using Pharos.Writes;

namespace Pharos.Failover;

/// <summary>
/// Runs one policy: a single loop takes check results, ticks and commands in order, persists every state and
/// transition before acting on it, and publishes the wanted side through the provider until it is live and
/// verified, retrying with backoff and surfacing each failure.
/// </summary>
internal sealed partial class PolicyRunner(
    FailoverMachine machine,
    IRecordProvider provider,
    PropagationVerifier verifier,
    IFailoverStore store,
    FailoverIncidents incidents,
    FailoverEvents events,
    IReadOnlyList<IAfterCommit> afterCommit,
    IAlertSink alerts,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    // Each input runs on the loop, one at a time, against the current state.
    private readonly Channel<Func<CancellationToken, Task>> _inputs = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new() { SingleReader = true });

    // Completed when the loop has stopped: a command still waiting is then answered as unavailable, not left hanging.
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile PolicyState? _state;
    private Task? _applying;
    private int _failures;
    private string? _refusedWindow;

    // Written by the publishing task, read by the loop: ticks, so a read is never torn.
    private long _retryAtTicks;

    public FailoverMachine Machine => machine;

    public FailoverPolicy Policy => machine.Policy;

    public PolicyState? State => _state;

    /// <summary>The answers seen at the last verification, for the admin page.</summary>
    public IReadOnlyList<NameserverAnswer> LastAnswers { get; private set; } = [];

    /// <summary>The state after every input queued so far has been taken: a barrier for callers and tests.</summary>
    public async Task<PolicyState> CurrentAsync(CancellationToken ct)
    {
        var done = new TaskCompletionSource<PolicyState>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inputs.Writer.TryWrite(_ => { done.TrySetResult(_state!); return Task.CompletedTask; }))
        {
            return _state!;
        }

        await Task.WhenAny(done.Task, _stopped.Task).WaitAsync(ct).ConfigureAwait(false);
        return _state!;
    }

    /// <summary>
    /// Runs an operator's command on the loop and answers once its state, transition and audit row are saved
    /// together, or with the reason they were not.
    /// </summary>
    public async Task<FailoverCommandResult> CommandAsync(FailoverCommand command, CancellationToken ct)
    {
        var done = new TaskCompletionSource<FailoverCommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inputs.Writer.TryWrite(async loopCt => done.TrySetResult(await TakeCommandAsync(command, loopCt).ConfigureAwait(false))))
        {
            return new FailoverCommandResult.Unavailable(Policy.Id);
        }

        var first = await Task.WhenAny(done.Task, _stopped.Task).WaitAsync(ct).ConfigureAwait(false);
        return first == done.Task || done.Task.IsCompleted ? await done.Task.ConfigureAwait(false) : new FailoverCommandResult.Unavailable(Policy.Id);
    }

    /// <summary>
    /// Brings the policy in line with its maintenance windows: <paramref name="windowId"/> is the window naming it
    /// that is in progress, or null when none is. Answers why the names do not move for the window, or null.
    /// </summary>
    public async Task<string?> MaintenanceAsync(string? windowId, string? name, CancellationToken ct)
    {
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inputs.Writer.TryWrite(async loopCt => done.TrySetResult(await TakeMaintenanceAsync(windowId, name, loopCt).ConfigureAwait(false))))
        {
            return null;
        }

        await Task.WhenAny(done.Task, _stopped.Task).WaitAsync(ct).ConfigureAwait(false);
        return done.Task.IsCompleted ? await done.Task.ConfigureAwait(false) : null;
    }

    private async Task<string?> TakeMaintenanceAsync(string? windowId, string? name, CancellationToken ct)
    {
        var s = _state!;
        var at = time.GetUtcNow();
        if (windowId is null)
        {
            _refusedWindow = null;
            await TakeAsync(machine.EndMaintenance(s, at), ct).ConfigureAwait(false);
            return null;
        }

        try
        {
            await TakeAsync(machine.StartMaintenance(s, windowId, name ?? windowId, at), ct).ConfigureAwait(false);
            return null;
        }
        catch (FailoverRefusedException e)
        {
            // Tried again every tick, so the move happens once the standby is ready; said once per window.
            if (_refusedWindow != windowId)
            {
                _refusedWindow = windowId;
                await RaiseBestEffortAsync(events.Refused(s, FailoverEvents.SystemActor, "maintenance", e.Message, at), ct).ConfigureAwait(false);
            }

            return e.Message;
        }
    }

    public void Observe(string checkId, bool ok, DateTimeOffset at, string? detail) =>
        _inputs.Writer.TryWrite(ct => TakeAsync(machine.Observe(_state!, checkId, ok, at, detail), ct));

    public void Observe(string checkId, string? location, bool ok, DateTimeOffset at, string? detail, IReadOnlySet<string>? impaired) =>
        _inputs.Writer.TryWrite(ct => TakeAsync(machine.Observe(_state!, checkId, location, ok, at, detail, impaired), ct));

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
        try
        {
            await LoopAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _inputs.Writer.TryComplete();
            _stopped.TrySetResult();
        }
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
                tick.CancelAfter(UntilNextTick());
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
                    await input(ct).ConfigureAwait(false);
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

    /// <summary>A second at most; less when a `for` duration or the hold time ends sooner (a little after, so it has ended).</summary>
    private TimeSpan UntilNextTick()
    {
        if (_state is not { } s || machine.NextDue(s) is not { } due)
        {
            return TimeSpan.FromSeconds(1);
        }

        var wait = due - time.GetUtcNow() + TimeSpan.FromMilliseconds(5);
        return wait < TimeSpan.FromMilliseconds(5) ? TimeSpan.FromMilliseconds(5) : wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
    }

    /// <summary>A command always saves, even when nothing moves, so its audit row is written with the state it met.</summary>
    private async Task<FailoverCommandResult> TakeCommandAsync(FailoverCommand command, CancellationToken ct)
    {
        var before = _state!;
        var at = time.GetUtcNow();
        FailoverDecision decision;
        try
        {
            decision = machine.Take(before, command.Kind, at, command.Actor.ToString(), command.Reason, command.Force);
        }
        catch (FailoverRefusedException e)
        {
            await RaiseBestEffortAsync(events.Refused(before, command.Actor.ToString(), command.Kind.Name(), e.Message, at), ct).ConfigureAwait(false);
            return new FailoverCommandResult.Refused(Policy.Id, e.Message);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            await RaiseBestEffortAsync(events.Refused(before, command.Actor.ToString(), command.Kind.Name(), e.Message, at), ct).ConfigureAwait(false);
            return new FailoverCommandResult.ApplyFailed(Policy.Id, e.Message);
        }

        if (command.Kind == FailoverCommandKind.ToFailover && decision.Transition is not null)
        {
            decision = decision with { State = decision.State with { Planned = command.Planned } };
        }

        // A command that moves nothing was refused by the machine (resume while automatic): said in the same transaction as its audit row.
        IReadOnlyList<DomainEvent> refused = decision.Transition is null && ReferenceEquals(decision.State, before)
            ? [events.Refused(before, command.Actor.ToString(), command.Kind.Name(), $"the policy is {before.State}, so there is nothing to {command.Kind.Name()}", at)]
            : [];
        try
        {
            await TakeAsync(decision, FailoverAudit.Entry(command, before, decision.State, at), null, refused, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogCommandNotSaved(logger, Policy.Id, command.Kind.Name(), command.Actor.ToString(), e);
            return new FailoverCommandResult.SaveFailed(Policy.Id, e.Message);
        }

        return new FailoverCommandResult.Done(_state!, decision.Transition is not null);
    }

    private Task TakeAsync(FailoverDecision d, CancellationToken ct, PublishFailure? failure = null) =>
        ReferenceEquals(d.State, _state) && d.Transition is null ? Task.CompletedTask : TakeAsync(d, null, failure, [], ct);

    private async Task TakeAsync(FailoverDecision d, AuditEntry? audit, PublishFailure? failure, IReadOnlyList<DomainEvent> extra, CancellationToken ct)
    {
        using var activity = d.Transition is { } moving ? PharosTelemetry.Source.StartActivity(PharosTelemetry.FailoverTransition)?.SetTag("pharos.policy", Policy.Id).SetTag("pharos.failover.to", moving.To.ToString()) : null;
        // Persisted before anything acts on it: a crash after this point resumes from the new state. A failed save
        // throws here, before the state is taken, so nothing acts on a state that is not stored. The events the
        // decision raises are saved with it, so a retried save or a restart never raises them twice.
        IReadOnlyList<DomainEvent> raised = [.. events.Of(_state!, d, time.GetUtcNow(), failure), .. extra];
        await (audit is null ? store.SaveAsync(d.State, d.Transition, raised, ct) : store.SaveCommandAsync(d.State, d.Transition, audit, raised, ct)).ConfigureAwait(false);
        _state = d.State;
        if (raised.Count > 0)
        {
            foreach (var listener in afterCommit)
            {
                listener.Committed(raised);
            }
        }

        if (d.Transition is { } t)
        {
            LogTransition(logger, Policy.Id, t.From.ToString(), t.To.ToString(), t.Actor, t.Reason);
            await TellStatusPageAsync(t, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A failed status-page write must not stop the failover itself; it is logged and the move goes on.</summary>
    private async Task TellStatusPageAsync(FailoverTransition t, CancellationToken ct)
    {
        try
        {
            if (_state!.Planned || _state.PlannedMaintenanceId is not null)
            {
                var maintenanceId = await incidents.OnPlannedTransitionAsync(Policy, t, _state, ct).ConfigureAwait(false);
                if (maintenanceId != _state.PlannedMaintenanceId)
                {
                    _state = _state with { PlannedMaintenanceId = maintenanceId, Planned = maintenanceId is not null };
                    await store.SaveAsync(_state, null, ct).ConfigureAwait(false);
                }

                return;
            }

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
        using var activity = PharosTelemetry.Source.StartActivity(PharosTelemetry.DnsPublish)?.SetTag("pharos.policy", Policy.Id).SetTag("pharos.failover.side", side.ToString());
        var targets = Policy.TargetsFor(side);
        var started = Stopwatch.GetTimestamp();
        var verifying = false;
        try
        {
            await provider.ApplyAsync(Policy, targets, ct).ConfigureAwait(false);
            var applied = Stopwatch.GetElapsedTime(started);
            verifying = true;
            var nameservers = Policy.Nameservers.Count > 0 ? Policy.Nameservers : provider.DefaultNameservers;
            var result = await verifier.WaitUntilConsistentAsync(Policy, targets, nameservers, ct).ConfigureAwait(false);
            LastAnswers = result.Answers;
            if (!result.Consistent)
            {
                var detail = string.Join("; ", result.Mismatches(Policy, targets).Take(5));
                throw new RecordProviderException($"not consistent on every nameserver within {Policy.VerifyTimeout}: {detail}");
            }

            _failures = 0;
            LogPublished(logger, Policy.Id, side.ToString(), applied.TotalMilliseconds, result.Elapsed.TotalMilliseconds);
            _inputs.Writer.TryWrite(loopCt => TakeAsync(machine.Applied(_state!, side, time.GetUtcNow(), applied, result.Elapsed), loopCt));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _failures++;
            var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, _failures - 1)));
            Volatile.Write(ref _retryAtTicks, (time.GetUtcNow() + backoff).UtcTicks);
            LogPublishFailed(logger, Policy.Id, side.ToString(), _failures, backoff.TotalSeconds, e);
            PharosTelemetry.Failed(activity, e.GetType().Name);
            var failure = new PublishFailure(side, e.Message, verifying);
            _inputs.Writer.TryWrite(loopCt => TakeAsync(FailoverMachine.ApplyFailed(_state!, $"{side}: {e.Message}"), loopCt, failure));
        }
    }

    /// <summary>For what has no state change to ride with (a command the machine threw out): its own transaction, never thrown.</summary>
    private async Task RaiseBestEffortAsync(DomainEvent e, CancellationToken ct)
    {
        try
        {
            await alerts.RaiseAsync(e, ct).ConfigureAwait(false);
        }
        catch (Exception error) when (!ct.IsCancellationRequested)
        {
            LogRaiseFailed(logger, Policy.Id, e.Kind, error);
        }
    }

    [LoggerMessage(EventId = 9310, Level = LogLevel.Error, Message = "Failover policy {Policy}: raising {Kind} failed")]
    private static partial void LogRaiseFailed(ILogger logger, string policy, string kind, Exception exception);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Failover policy {Policy}: {From} -> {To} by {Actor}: {Reason}")]
    private static partial void LogTransition(ILogger logger, string policy, string from, string to, string actor, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Failover policy {Policy}: {Side} records published in {ApplyMs:F0} ms, consistent on every nameserver after {ConsistencyMs:F0} ms")]
    private static partial void LogPublished(ILogger logger, string policy, string side, double applyMs, double consistencyMs);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Failover policy {Policy}: publishing the {Side} records failed ({Failures} in a row); retrying in {BackoffSeconds} s")]
    private static partial void LogPublishFailed(ILogger logger, string policy, string side, int failures, double backoffSeconds, Exception exception);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "Failover policy {Policy}: updating the status page failed")]
    private static partial void LogIncidentFailed(ILogger logger, string policy, Exception exception);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Error, Message = "Failover policy {Policy}: {Command} by {Actor} was not saved, so nothing changed")]
    private static partial void LogCommandNotSaved(ILogger logger, string policy, string command, string actor, Exception exception);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "Failover policy {Policy}: the controller loop failed; it continues")]
    private static partial void LogLoopFailed(ILogger logger, string policy, Exception exception);
}
