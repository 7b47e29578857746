using Pharos.Domain;
using Pharos.Notifications;
using Pharos.Notifications.Alerts;

namespace Pharos.Failover;

/// <summary>A failed attempt to publish a side: the provider's error, or nameservers that never agreed.</summary>
public sealed record PublishFailure(FailoverSide Side, string Error, bool Verification);

/// <summary>
/// The operational events of one policy's moves, derived purely from the state before and the decision taken, so
/// that they are saved in the decision's own transaction: each move raises its event exactly once, however often
/// the save is retried and whenever the process restarts.
/// </summary>
public sealed class FailoverEvents(FailoverPolicy policy, Uri publicUrl)
{
    /// <summary>Who automatic moves are raised by; an operator's command is raised by the operator.</summary>
    public static readonly string SystemActor = FailoverIncidents.Actor.ToString();

    /// <summary>The events the decision, taken at <paramref name="at"/>, raises; <paramref name="failure"/> when it records a failed publish.</summary>
    public IReadOnlyList<DomainEvent> Of(PolicyState before, FailoverDecision d, DateTimeOffset at, PublishFailure? failure = null)
    {
        var events = new List<DomainEvent>();
        var after = d.State;
        if (d.Transition is { } t && KindOf(t) is { } kind)
        {
            var actor = t.Actor == FailoverMachine.System ? SystemActor : t.Actor;
            events.Add(Create(kind, t.At, actor, before.LiveSide, after.WantedSide, t.Reason, null, after));
        }

        if (before.Refused is null && after.Refused is { } refused)
        {
            events.Add(Create(EventKinds.FailoverRefused, at, SystemActor, after.LiveSide, FailoverSide.Failover, refused, null, after));
        }

        if (failure is not null && before.LastError is null && after.LastError is not null)
        {
            var k = failure.Verification ? EventKinds.FailoverVerificationFailed : EventKinds.FailoverProviderError;
            events.Add(Create(k, at, SystemActor, after.LiveSide, failure.Side, failure.Verification ? "the nameservers did not all answer the new records" : "the DNS provider refused or failed", failure.Error, after));
        }

        return events;
    }

    /// <summary>An operator's command the machine would not take; raised by the operator who gave it.</summary>
    public DomainEvent Refused(PolicyState state, string actor, string command, string reason, DateTimeOffset at) =>
        Create(EventKinds.FailoverRefused, at, actor, state.LiveSide, state.WantedSide, $"{command} refused: {reason}", null, state, Severity.Warning);

    /// <summary>The kind a transition raises: only the four steps of a failover and its way back.</summary>
    public static string? KindOf(FailoverTransition t) => t.To switch
    {
        FailoverState.FailingOver => EventKinds.FailoverFailingOver,
        FailoverState.FailedOver when t.From is FailoverState.FailingOver or FailoverState.Maintenance => EventKinds.FailoverFailedOver,
        FailoverState.FailingBack => EventKinds.FailoverFailingBack,
        FailoverState.Primary when t.From == FailoverState.FailingBack => EventKinds.FailoverBackOnPrimary,
        _ => null,
    };

    private DomainEvent Create(string kind, DateTimeOffset at, string actor, FailoverSide from, FailoverSide to, string reason, string? error, PolicyState state, Severity? severity = null)
    {
        var title = kind switch
        {
            EventKinds.FailoverFailingOver => $"Failing over: {policy.Id}",
            EventKinds.FailoverFailedOver => $"Failed over: {policy.Id}",
            EventKinds.FailoverFailingBack => $"Failing back: {policy.Id}",
            EventKinds.FailoverBackOnPrimary => $"Back on primary: {policy.Id}",
            EventKinds.FailoverRefused => $"Failover refused: {policy.Id}",
            EventKinds.FailoverVerificationFailed => $"Failover verification failed: {policy.Id}",
            _ => $"Failover provider error: {policy.Id}",
        };
        var names = string.Join(", ", policy.Names.Select(n => n.ToString().TrimEnd('.')));
        var text = kind switch
        {
            EventKinds.FailoverFailedOver => $"{names} now point at the failover side ({policy.Failover}): {reason}.",
            EventKinds.FailoverBackOnPrimary => $"{names} point at the primary side again ({policy.Primary}): {reason}.",
            _ when error is not null => $"Publishing the {Name(to)} records for {names} failed: {error}. Pharos retries with backoff.",
            _ => $"{names}: {reason}.",
        };
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["policy"] = policy.Id,
            [NoticeData.Name] = policy.Id,
            ["from"] = Name(from),
            ["to"] = Name(to),
            ["state"] = state.State.ToString(),
            ["reason"] = reason,
            ["names"] = names,
        };
        if (policy.Components.Count > 0)
        {
            data[NoticeData.Components] = string.Join(',', policy.Components);
        }

        if (error is not null)
        {
            data[NoticeData.Error] = error;
        }

        if (severity is { } s)
        {
            data["severity"] = s.Name();
        }

        return OperationalEvent.Create(kind, "policy", policy.Id, at, actor, title, text, data, new Uri(publicUrl, $"admin/failover/{policy.Id}").AbsoluteUri);
    }

    private static string Name(FailoverSide side) => side == FailoverSide.Primary ? "primary" : "failover";
}
