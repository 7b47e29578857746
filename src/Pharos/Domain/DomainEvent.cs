namespace Pharos.Domain;

/// <summary>
/// A fact about a change, written in the same transaction as the change itself, so that what follows a change
/// (refreshing the page, notifying people, replicating) can never see a change without its event or the reverse.
/// </summary>
/// <param name="Kind">A dotted name, such as incident.opened or maintenance.started (see <see cref="DomainEvents"/>).</param>
/// <param name="SubjectType">incident, maintenance, check, component, policy, certificate, heartbeat, storage or message.</param>
/// <param name="SubjectId">The incident's or maintenance's id.</param>
/// <param name="At">When the change was made.</param>
public sealed record DomainEvent(string Kind, string SubjectType, string SubjectId, DateTimeOffset At)
{
    /// <summary>The position in the event log; 0 until stored.</summary>
    public long Sequence { get; init; }

    /// <summary>The update the event is about, when there is one.</summary>
    public string? UpdateId { get; init; }

    /// <summary>The status announced or reached, by its wire name.</summary>
    public string? Status { get; init; }

    /// <summary>Who made the change, as "kind:name" (user:alice, token:deploy-bot, system:monitoring).</summary>
    public string Actor { get; init; } = "";

    /// <summary>What a message needs to say about an operational event (check, failover, outbox), as JSON.</summary>
    public string? Detail { get; init; }
}
