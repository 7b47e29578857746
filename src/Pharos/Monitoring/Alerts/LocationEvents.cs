using System.Globalization;
using Pharos.Domain;
using Pharos.Monitoring.Locations;
using Pharos.Notifications;
using Pharos.Notifications.Alerts;

namespace Pharos.Monitoring.Alerts;

/// <summary>
/// Raises location.impaired and location.recovered. Best effort, as storage alerts are: the change already holds in
/// memory (quorum sets the location aside at once), so a failed write of the event is logged, never thrown at the
/// pipeline that reported it.
/// </summary>
public sealed partial class LocationEvents(IAlertSink sink, LocationPlan plan, ILogger<LocationEvents> logger)
{
    public static DomainEvent For(ImpairmentChange change, string ownLocation)
    {
        var own = change.Location == ownLocation;
        var failing = string.Join(", ", change.Evidence.Select(r => r.CheckId).Order(StringComparer.Ordinal));
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["location"] = change.Location,
            ["own_location"] = own ? "true" : "false",
            ["checks"] = failing,
            ["since"] = change.At.ToString("O", CultureInfo.InvariantCulture),
        };
        var where = own ? $"{change.Location} (this server)" : change.Location;
        return change.Impaired
            ? OperationalEvent.Create(EventKinds.LocationImpaired, "location", change.Location, change.At, CheckEvents.Actor,
                $"Location impaired: {where}",
                $"Every check run from {where} failed at once, canaries included ({failing}): its network is the likelier fault. Its results are set aside from quorum and nothing fails over because of them until it recovers.",
                data)
            : OperationalEvent.Create(EventKinds.LocationRecovered, "location", change.Location, change.At, CheckEvents.Actor,
                $"Location recovered: {where}",
                $"Checks pass again from {where}; its results count toward quorum again.",
                data);
    }

    public async Task RaiseAsync(ImpairmentChange change, CancellationToken ct)
    {
        if (change.Impaired)
        {
            LogImpaired(logger, change.Location, change.Evidence.Count);
        }
        else
        {
            LogRecovered(logger, change.Location);
        }

        try
        {
            await sink.RaiseAsync(For(change, plan.Own), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRaiseFailed(logger, e, change.Location);
        }
    }

    [LoggerMessage(EventId = 9550, Level = LogLevel.Warning, Message = "Location {Location} is impaired: all {Checks} checks it ran lately failed, canaries included; its results are set aside")]
    private static partial void LogImpaired(ILogger logger, string location, int checks);

    [LoggerMessage(EventId = 9551, Level = LogLevel.Information, Message = "Location {Location} recovered; its results count toward quorum again")]
    private static partial void LogRecovered(ILogger logger, string location);

    [LoggerMessage(EventId = 9552, Level = LogLevel.Error, Message = "Could not raise the impairment event of location {Location}; the change holds, only the notice is lost")]
    private static partial void LogRaiseFailed(ILogger logger, Exception exception, string location);
}
