using Pharos.Config;

namespace Pharos.FailoverSite;

/// <summary>Registers the failover site when pharos.yaml has a `failover_site` section.</summary>
public static class FailoverSiteRegistration
{
    public static IServiceCollection AddFailoverSite(this IServiceCollection services, PharosConfig config)
    {
        if (!config.FailoverSite.Enabled)
        {
            return services;
        }

        services.AddSingleton(config.FailoverSite);
        services.AddSingleton(sp => new SiteContent(config.FailoverSite, config.Site.Name));
        services.AddSingleton(sp =>
        {
            try
            {
                return new SiteCertificates(config.FailoverSite.Certificates, sp.GetRequiredService<TimeProvider>());
            }
            catch (InvalidOperationException e)
            {
                throw new PharosStartupException("failover site: " + e.Message, e);
            }
        });
        services.AddSingleton<FailoverSiteHost>();
        services.AddHostedService(sp => sp.GetRequiredService<FailoverSiteHost>());
        return services;
    }

    /// <summary>Checked before anything starts: a hostname without a certificate stops `serve` with a clear message.</summary>
    public static void ValidateFailoverSite(this IServiceProvider services, PharosConfig config)
    {
        if (config.FailoverSite.Enabled)
        {
            FailoverSiteHost.Validate(config, services.GetRequiredService<SiteCertificates>());
        }
    }
}
