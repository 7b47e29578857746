using System.Data.Common;
using Pharos.Domain;

namespace Pharos.Notifications;

/// <summary>
/// Adds deliveries for an event beyond the operator routes (status subscribers, social posts), inside the router's
/// transaction: they are stored together with the router's progress, or not at all.
/// </summary>
public interface IEventFanout
{
    Task FanOutAsync(DbConnection c, DbTransaction tx, DomainEvent e, Notice notice, CancellationToken ct);
}
