using Pharos.Failover;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Pharos.Config;
using Pharos.Markdown;
using Pharos.StatusPage;

namespace Pharos.FailoverSite;

/// <summary>
/// Runs the failover site as its own small web server inside the process: its own ports, certificates and
/// pipeline, nothing shared with the status page's middleware, so it stays fast and depends on nothing else.
/// </summary>
public sealed partial class FailoverSiteHost(
    FailoverSiteConfig siteConfig,
    SiteContent content,
    SiteCertificates certificates,
    StatusSite statusSite,
    MarkdownRenderer markdown,
    TimeProvider time,
    ILogger<FailoverSiteHost> logger) : BackgroundService
{
    private WebApplication? _app;
    private DateTime _snapshotStamp;

    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    /// <summary>Every name the site must hold a valid certificate for: the policies' names and the configured ones.</summary>
    public static IReadOnlyList<string> RequiredHostnames(FailoverSiteConfig site, FailoverConfig failover) =>
        failover.Policies.SelectMany(p => p.Names).Select(n => n.ToString().TrimEnd('.').ToLowerInvariant())
            .Concat(site.Hostnames).Concat(site.AdminHostnames)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Refuses to start when a name the site serves over HTTPS has no valid certificate covering it.</summary>
    public static void Validate(FailoverSiteConfig site, FailoverConfig failover, SiteCertificates certificates)
    {
        if (site.Https.Count == 0)
        {
            return;
        }

        var missing = RequiredHostnames(site, failover).Where(h => !certificates.Covers(h)).ToList();
        if (missing.Count > 0)
        {
            throw new PharosStartupException(
                $"failover site: no valid certificate covers {string.Join(", ", missing)}; add one under failover_site.certificates " +
                "(a customer meeting a certificate error is what the failover site exists to prevent)");
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var site = siteConfig;
        LoadSnapshot();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            foreach (var ep in site.Http)
            {
                k.Listen(ep, l => l.Protocols = HttpProtocols.Http1AndHttp2);
            }

            foreach (var ep in site.Https)
            {
                k.Listen(ep, l =>
                {
                    l.Protocols = HttpProtocols.Http1AndHttp2;
                    l.UseHttps(o => o.ServerCertificateSelector = (_, name) => certificates.Select(name));
                });
            }
        });
        _app = builder.Build();
        var handler = new SiteRequestHandler(content, site, time);
        _app.Run(handler.HandleAsync);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        Addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a.Replace("[::]", "127.0.0.1", StringComparison.Ordinal))).ToList();
        LogListening(logger, string.Join(", ", Addresses), certificates.All.Count);
        WarnAboutExpiry();
        if (site.SnapshotFile is null)
        {
            statusSite.Published += OnPublished;
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        statusSite.Published -= OnPublished;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Watches certificate and snapshot files: a renewed certificate or a new snapshot is served within seconds.
    /// Without a snapshot file the status role's Published event keeps the page current; nothing is polled for it.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastWarning = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ConfigureAwait(false);
                if (certificates.ReloadIfChanged())
                {
                    LogReloaded(logger, certificates.All.Count);
                    WarnAboutExpiry();
                }

                if (time.GetUtcNow() - lastWarning > TimeSpan.FromDays(1))
                {
                    lastWarning = time.GetUtcNow();
                    WarnAboutExpiry();
                }

                if (siteConfig.SnapshotFile is not null)
                {
                    LoadSnapshot();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogWatchFailed(logger, e);
            }
        }
    }

    /// <summary>The snapshot file when one is configured (read again only when it changed), else the status role's.</summary>
    private void LoadSnapshot()
    {
        if (siteConfig.SnapshotFile is { } file)
        {
            var stamp = File.GetLastWriteTimeUtc(file);
            if (stamp != _snapshotStamp && SiteSnapshot.TryRead(file) is { } snapshot)
            {
                _snapshotStamp = stamp;
                content.Update(snapshot);
            }
        }
        else if (statusSite.Snapshot is { } s)
        {
            content.Update(SiteSnapshot.From(s, markdown));
        }
    }

    private void OnPublished(StatusSnapshot s) => content.Update(SiteSnapshot.From(s, markdown));

    private void WarnAboutExpiry()
    {
        foreach (var cert in certificates.ExpiringWithin(siteConfig.ExpiryWarning))
        {
            LogExpiring(logger, string.Join(", ", SiteCertificates.NamesOf(cert)), cert.NotAfter.ToUniversalTime());
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Failover site listening on {Addresses} with {Certificates} certificate(s)")]
    private static partial void LogListening(ILogger logger, string addresses, int certificates);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Failover site certificate for {Names} expires {NotAfter:u}")]
    private static partial void LogExpiring(ILogger logger, string names, DateTime notAfter);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Failover site certificates reloaded ({Certificates})")]
    private static partial void LogReloaded(ILogger logger, int certificates);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "Failover site: watching certificates or the snapshot failed")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}
