using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;

namespace Pharos.Http;

/// <summary>
/// The reverse proxies (or their networks) whose X-Forwarded-For and X-Forwarded-Proto Pharos believes. Empty by
/// default: then those headers are ignored, since any client could send them.
/// </summary>
public sealed record TrustedProxies
{
    public IReadOnlyList<IPNetwork> Networks { get; init; } = [];

    public bool Any => Networks.Count > 0;

    /// <summary>A single address or a CIDR network: "10.0.0.5", "10.0.0.0/8", "fd00::/8".</summary>
    public static bool TryParse(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (IPAddress.TryParse(text, out var ip) && !text.Contains('/', StringComparison.Ordinal))
        {
            network = new IPNetwork(ip, ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }
}

public static class TrustedProxiesMiddleware
{
    /// <summary>
    /// Takes the client address and scheme from the forwarded headers, walking back through every trusted hop and
    /// stopping at the first address that is not trusted. Must run first, before anything reads the address.
    /// </summary>
    public static WebApplication UseTrustedProxies(this WebApplication app, TrustedProxies proxies)
    {
        if (!proxies.Any)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Every trusted hop, not just the nearest: a CDN in front of nginx is two.
            ForwardLimit = null,
        };

        // The defaults trust loopback; only what the config names is trusted here.
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var n in proxies.Networks)
        {
            options.KnownIPNetworks.Add(n);
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
