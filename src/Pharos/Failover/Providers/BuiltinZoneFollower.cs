using Pharos.Cluster;
using Pharos.Dns;
using Pharos.Dns.Zones;

namespace Pharos.Failover.Providers;

/// <summary>
/// On a node that does not lead, keeps the builtin zones equal to what the leader published: when the stored serial
/// of a zone is above the one served here, the zone is rebuilt from the stored sides at exactly that serial.
/// </summary>
public sealed partial class BuiltinZoneFollower(
    BuiltinZones builder,
    BuiltinZoneStateStore published,
    ZoneStore zones,
    ILeadership leadership,
    TimeProvider time,
    ILogger<BuiltinZoneFollower> logger) : BackgroundService
{
    /// <summary>How often the stored zones are compared; the time a non-leading node lags the leader's move.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!builder.Groups().Any())
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Poll, time, stoppingToken).ConfigureAwait(false);
                if (leadership.Current is null)
                {
                    await FollowAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogFollowFailed(logger, e);
            }
        }
    }

    /// <summary>Applies every stored zone newer than the one served; returns how many zones changed.</summary>
    public async Task<int> FollowAsync(CancellationToken ct)
    {
        var changed = 0;
        foreach (var (zone, serial, sides) in await published.ReadAllAsync(ct).ConfigureAwait(false))
        {
            var origin = DnsName.Parse(zone);
            if (zones.Get(origin) is not { } served || served.Serial >= serial)
            {
                continue;
            }

            var rebuilt = await builder.BuildAsync(origin, sides, serial, ct).ConfigureAwait(false);
            zones.AddOrReplace(rebuilt);
            LogFollowed(logger, zone, rebuilt.Serial);
            changed++;
        }

        return changed;
    }

    [LoggerMessage(EventId = 9730, Level = LogLevel.Information, Message = "Zone {Zone} follows the leader at serial {Serial}")]
    private static partial void LogFollowed(ILogger logger, string zone, uint serial);

    [LoggerMessage(EventId = 9731, Level = LogLevel.Warning, Message = "Could not read the zones the leader published")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception);
}
