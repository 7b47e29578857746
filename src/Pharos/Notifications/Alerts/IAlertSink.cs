using System.Text.Json;
using Pharos.Domain;

namespace Pharos.Notifications.Alerts;

/// <summary>
/// Where Pharos's own parts report what operators must hear about (a check down, a refused failover, a failed write).
/// The event goes into the event log, from which the router makes the messages; parts that write their own state in
/// a transaction should insert the event there instead (Storage.DomainEventRows), so state and alert go together.
/// </summary>
public interface IAlertSink
{
    Task RaiseAsync(DomainEvent e, CancellationToken ct);
}

/// <summary>Builds operational events in the shape the router reads.</summary>
public static class OperationalEvent
{
    /// <param name="kind">One of <see cref="EventKinds"/>.</param>
    /// <param name="subjectType">check, component, policy, certificate, heartbeat, storage…</param>
    /// <param name="subjectId">Its id.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">system:monitoring, system:failover…</param>
    /// <param name="title">One line.</param>
    /// <param name="text">A few lines; what happened and what it means.</param>
    /// <param name="data">More named values for templates (error, status, policy…).</param>
    public static DomainEvent Create(string kind, string subjectType, string subjectId, DateTimeOffset at, string actor, string title, string text, IReadOnlyDictionary<string, string>? data = null, string? url = null)
    {
        var detail = new Dictionary<string, string>(StringComparer.Ordinal) { ["title"] = title, ["text"] = text };
        if (url is not null)
        {
            detail["url"] = url;
        }

        foreach (var (k, v) in data ?? new Dictionary<string, string>())
        {
            detail.TryAdd(k, v);
        }

        return new DomainEvent(kind, subjectType, subjectId, at) { Actor = actor, Detail = JsonSerializer.Serialize(detail) };
    }
}
