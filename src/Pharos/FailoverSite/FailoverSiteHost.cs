using Pharos.Failover;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Pharos.Config;
using Pharos.Markdown;
using Pharos.Notifications.Alerts;
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
    SiteHostnames hostnames,
    ReloadAlerts alerts,
    StatusSite statusSite,
    MarkdownRenderer markdown,
    TimeProvider time,
    ILogger<FailoverSiteHost> logger,
    ILoggerFactory loggers,
    ProxyGate? gate = null) : BackgroundService
{
    private WebApplication? _app;
    private SoftFailoverProxy? _proxy;
    private DateTime _snapshotStamp;

    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    /// <summary>Every name the site must hold a valid certificate for: the policies' names, the configured ones and those of the hostnames file.</summary>
    public static IReadOnlyList<string> RequiredHostnames(FailoverSiteConfig site, FailoverConfig failover, IEnumerable<string> fromFile) =>
        failover.Policies.SelectMany(p => p.Names).Select(n => n.ToString().TrimEnd('.').ToLowerInvariant())
            .Concat(site.Hostnames).Concat(fromFile).Concat(site.AdminHostnames)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Refuses to start when a name the site serves over HTTPS has no valid certificate covering it.</summary>
    public static void Validate(FailoverSiteConfig site, FailoverConfig failover, SiteCertificates certificates, SiteHostnames hostnames)
    {
        if (site.Https.Count == 0)
        {
            return;
        }

        var missing = Uncovered(RequiredHostnames(site, failover, hostnames.FromFile), certificates);
        if (missing.Count > 0)
        {
            var problems = certificates.Index.Problems;
            throw new PharosStartupException(
                $"failover site: no valid certificate covers {Few(missing)}; add one under failover_site.certificates or certificates_dir " +
                "(a customer meeting a certificate error is what the failover site exists to prevent)" +
                (problems.Count > 0 ? $"; unusable certificate folders: {Few(problems)}" : ""));
        }
    }

    private static List<string> Uncovered(IEnumerable<string> names, SiteCertificates certificates) => names.Where(h => !certificates.Covers(h)).ToList();

    /// <summary>The first few of a list and how many there are: 10,000 names do not belong in one line.</summary>
    private static string Few(IReadOnlyList<string> items) =>
        items.Count <= 5 ? $"{items.Count} name(s): {string.Join(", ", items)}" : $"{items.Count} name(s), among them {string.Join(", ", items.Take(5))}";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var site = siteConfig;
        LoadSnapshot();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (site.Proxy is not null)
        {
            builder.Services.AddHttpForwarder();
        }

        // The handler never blocks (the page is bytes in memory; the proxy is async through and through), so it may run
        // on the socket's own event thread instead of hopping to the thread pool for each request: measured in
        // bench/failover-site and bench/soft-failover.
        builder.Services.AddSingleton<Microsoft.AspNetCore.Connections.IConnectionListenerFactory, InlineSocketTransport>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            if (site.Proxy is not null)
            {
                // Uploads to the primary stream through as they come; the primary sets its own limits.
                k.Limits.MaxRequestBodySize = null;
            }

            foreach (var ep in site.Http)
            {
                k.Listen(ep, l => l.Protocols = HttpProtocols.Http1AndHttp2);
            }

            foreach (var ep in site.Https)
            {
                k.Listen(ep, l =>
                {
                    l.Protocols = HttpProtocols.Http1AndHttp2;
                    // The chain of certbot's fullchain.pem goes out with the certificate; clients trust no intermediate by themselves.
                    l.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = c => HandshakeOptionsAsync(c.ClientHelloInfo.ServerName) });
                });
            }
        });
        _app = builder.Build();
        var handler = new SiteRequestHandler(content, site, time);
        if (site.Proxy is { } proxy && gate is not null)
        {
            _proxy = new SoftFailoverProxy(proxy, gate, handler, _app.Services.GetRequiredService<Yarp.ReverseProxy.Forwarder.IHttpForwarder>(), time, loggers.CreateLogger<SoftFailoverProxy>());
            _app.Run(_proxy.HandleAsync);
        }
        else
        {
            _app.Run(handler.HandleAsync);
        }

        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        Addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a.Replace("[::]", "127.0.0.1", StringComparison.Ordinal))).ToList();
        LogListening(logger, string.Join(", ", Addresses), certificates.Index.Entries.Count);
        certificates.LoadFailed += (file, e) => LogLoadFailed(logger, e, file);
        foreach (var problem in certificates.Index.Problems.Take(20))
        {
            LogFolderProblem(logger, problem);
        }

        WarnAboutExpiry();
        if (site.SnapshotFile is null)
        {
            statusSite.Published += OnPublished;
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The certificate for the name the customer asked for. Chosen on the thread pool, not on the socket event thread
    /// the request path runs on (<see cref="InlineSocketTransport"/>): a certificate may be read from disk here, and the
    /// handshake's signature, the costly part, is made right after this returns. A storm of new connections (every
    /// customer arriving after DNS moved them) then queues on the pool, leaving the event threads to the requests
    /// and to the other sockets of the process.
    /// </summary>
    private async ValueTask<SslServerAuthenticationOptions> HandshakeOptionsAsync(string? serverName)
    {
        await Task.Yield();
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificates.SelectContext(serverName),
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        };
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

        _proxy?.Dispose();
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
                    LogReloaded(logger, certificates.Index.Entries.Count);
                    WarnAboutExpiry();
                    await ReportUncoveredAsync(stoppingToken).ConfigureAwait(false);
                }

                if (hostnames.ReloadIfChanged() is { } reload)
                {
                    await TakeHostnamesAsync(reload, stoppingToken).ConfigureAwait(false);
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
            LogExpiring(logger, string.Join(", ", cert.Names), cert.NotAfter);
        }
    }

    /// <summary>A changed hostnames file: taken when every line is a name, else refused with the old names kept.</summary>
    private async Task TakeHostnamesAsync(SiteHostnames.Reload reload, CancellationToken ct)
    {
        if (reload.Errors.Count > 0)
        {
            LogHostnamesRefused(logger, siteConfig.HostnamesFile!, reload.Errors.Count, string.Join("; ", reload.Errors.Take(3)));
            await alerts.RaiseAsync("failover site", siteConfig.HostnamesFile!, reload.Errors, ct).ConfigureAwait(false);
            return;
        }

        if (reload.Added.Count + reload.Removed.Count > 0)
        {
            LogHostnamesReloaded(logger, siteConfig.HostnamesFile!, reload.Added.Count, reload.Removed.Count, hostnames.FromFile.Count);
        }

        await ReportUncoveredAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// While running, a name without a certificate cannot stop the start any more: it is served over HTTP and
    /// reported, so that the certificate is issued before DNS ever points that name here.
    /// </summary>
    private async Task ReportUncoveredAsync(CancellationToken ct)
    {
        if (siteConfig.Https.Count == 0)
        {
            return;
        }

        var missing = Uncovered(hostnames.FromFile.Concat(siteConfig.Hostnames), certificates);
        if (missing.Count > 0)
        {
            LogUncovered(logger, Few(missing));
            await alerts.RaiseAsync("failover site", siteConfig.HostnamesFile ?? "certificates", [$"no valid certificate covers {Few(missing)}"], ct).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Failover site listening on {Addresses} with {Certificates} certificate(s)")]
    private static partial void LogListening(ILogger logger, string addresses, int certificates);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Failover site certificate for {Names} expires {NotAfter:u}")]
    private static partial void LogExpiring(ILogger logger, string names, DateTime notAfter);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Failover site certificates reloaded ({Certificates})")]
    private static partial void LogReloaded(ILogger logger, int certificates);

    [LoggerMessage(EventId = 9910, Level = LogLevel.Information, Message = "Failover site hostnames file {File} reloaded: {Added} added, {Removed} removed, {Total} now")]
    private static partial void LogHostnamesReloaded(ILogger logger, string file, int added, int removed, int total);

    [LoggerMessage(EventId = 9911, Level = LogLevel.Error, Message = "Failover site hostnames file {File} refused ({Count} error(s)), the previous names stay: {Errors}")]
    private static partial void LogHostnamesRefused(ILogger logger, string file, int count, string errors);

    [LoggerMessage(EventId = 9912, Level = LogLevel.Error, Message = "Failover site: no valid certificate covers {Names}")]
    private static partial void LogUncovered(ILogger logger, string names);

    [LoggerMessage(EventId = 9913, Level = LogLevel.Error, Message = "Failover site: certificate {File} could not be loaded at a handshake")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string file);

    [LoggerMessage(EventId = 9914, Level = LogLevel.Warning, Message = "Failover site: unusable certificate folder {Problem}")]
    private static partial void LogFolderProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "Failover site: watching certificates or the snapshot failed")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}
