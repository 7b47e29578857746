using Microsoft.Extensions.DependencyInjection.Extensions;
using Pharos.Failover;
using Pharos.Notifications.Alerts;
using Pharos.Config;

namespace Pharos.FailoverSite;

/// <summary>Registers the failover site when pharos.yaml has a `failover_site` section.</summary>
public static class FailoverSiteRegistration
{
    public static IServiceCollection AddFailoverSite(this IServiceCollection services, FailoverSiteConfig site, SiteCatalog catalog)
    {
        if (!site.Enabled)
        {
            return services;
        }

        services.AddSingleton(site);
        services.AddSingleton(sp => new SiteContent(site, catalog.Site.Name));
        services.AddSingleton(sp =>
        {
            try
            {
                return new SiteCertificates(site.Certificates, site.CertificateDirectories, sp.GetRequiredService<TimeProvider>());
            }
            catch (InvalidOperationException e)
            {
                throw new PharosStartupException("failover site: " + e.Message, e);
            }
        });
        services.AddSingleton(new SiteHostnames(site));
        services.TryAddSingleton<ReloadAlerts>();
        if (site.Proxy is { } proxy)
        {
            services.AddSingleton(proxy);
            services.AddSingleton<ProxyGate>();
            services.AddHostedService(sp => sp.GetRequiredService<ProxyGate>());
        }

        services.AddSingleton<FailoverSiteHost>();
        services.AddHostedService(sp => sp.GetRequiredService<FailoverSiteHost>());
        return services;
    }

    /// <summary>Checked before anything starts: a hostname without a certificate stops `serve` with a clear message.</summary>
    public static void ValidateFailoverSite(this IServiceProvider services, FailoverSiteConfig site, FailoverConfig failover)
    {
        if (site.Enabled)
        {
            FailoverSiteHost.Validate(site, failover, services.GetRequiredService<SiteCertificates>(), services.GetRequiredService<SiteHostnames>());
        }
    }
}
