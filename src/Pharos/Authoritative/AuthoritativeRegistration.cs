using Pharos.Dns.Zones;

namespace Pharos.Authoritative;

/// <summary>Registers the built-in authoritative DNS server when the `dns:` section enables it.</summary>
public static class AuthoritativeRegistration
{
    /// <summary>Registers the zones; the server itself listens only where <paramref name="listen"/> (the node runs the dns role).</summary>
    public static IServiceCollection AddAuthoritativeDns(this IServiceCollection services, DnsRoleConfig dns, bool listen = true)
    {
        services.AddSingleton(dns);
        services.AddSingleton<ZoneStore>();
        services.AddSingleton<IZoneSerialStore, SqliteZoneSerialStore>();
        if (dns.Enabled)
        {
            // The builtin failover provider needs the role even on a node that does not answer queries itself.
            services.AddSingleton<DnsRole>();
            if (listen)
            {
                services.AddHostedService(sp => sp.GetRequiredService<DnsRole>());
            }
        }

        return services;
    }

    /// <summary>Fills the zones before any hosted service starts, so the server never answers from an empty store.</summary>
    public static async Task PrepareZonesAsync(this IServiceProvider services, CancellationToken ct)
    {
        var zones = services.GetRequiredService<ZoneStore>();
        foreach (var source in services.GetServices<IZoneSource>())
        {
            await source.LoadAsync(zones, ct).ConfigureAwait(false);
        }
    }
}
