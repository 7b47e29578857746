using Pharos.Dns.Server;
using Pharos.Dns.Zones;

namespace Pharos.Authoritative;

/// <summary>Hosts the built-in authoritative server and persists each zone's serial as it changes.</summary>
public sealed partial class DnsRole(ZoneStore zones, DnsRoleConfig dns, IZoneSerialStore serials, TimeProvider time, ILogger<DnsRole> logger) : IHostedService, IAsyncDisposable
{
    private DnsServer? _server;

    public IReadOnlyList<System.Net.IPEndPoint> LocalEndpoints => _server?.LocalEndpoints ?? [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        zones.ZoneChanged += OnZoneChanged;
        _server = new DnsServer(zones, new DnsServerOptions
        {
            Endpoints = dns.Listen,
            UdpWorkers = dns.Workers,
            NotifyTargets = dns.Notify,
            AllowTransferFrom = dns.AllowTransfer,
            TcpMaxConnections = dns.TcpMaxConnections,
            TcpMaxConnectionsPerClient = dns.TcpMaxConnectionsPerClient,
            TcpIdleTimeout = dns.TcpIdleTimeout,
            TcpWriteTimeout = dns.TcpWriteTimeout,
            RateLimit = dns.RateLimit,
            TimeProvider = time,
        });
        _server.Error += (_, e) => LogServerError(logger, e.Context, e.Exception);
        _server.NotifyCompleted += (_, e) => LogNotify(logger, e.ToString() ?? "");
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        LogListening(logger, string.Join(", ", _server.LocalEndpoints), zones.Zones.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        zones.ZoneChanged -= OnZoneChanged;
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnZoneChanged(object? sender, ZoneChangedEventArgs e)
    {
        // Persisted synchronously with the change so that a restart never goes back to an older serial.
        try
        {
            serials.SetAsync(e.Zone.Origin.ToString(), e.Zone.Serial, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            LogSerialNotSaved(logger, e.Zone.Origin.ToString(), e.Zone.Serial, ex);
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Built-in DNS server listening on {Endpoints} with {Zones} zone(s)")]
    private static partial void LogListening(ILogger logger, string endpoints, int zones);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Built-in DNS server: {Context}")]
    private static partial void LogServerError(ILogger logger, string context, Exception exception);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Debug, Message = "NOTIFY: {Outcome}")]
    private static partial void LogNotify(ILogger logger, string outcome);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Error, Message = "Could not persist serial {Serial} of zone {Zone}")]
    private static partial void LogSerialNotSaved(ILogger logger, string zone, uint serial, Exception exception);
}
