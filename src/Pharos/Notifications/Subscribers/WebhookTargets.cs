using System.Net;
using System.Net.Sockets;

namespace Pharos.Notifications.Subscribers;

/// <summary>
/// Where subscriber webhooks may point. Anyone on the internet can enter a URL in the form, so unless the operator
/// allows private targets, a URL must be http(s) and every address it resolves to must be public: otherwise the form
/// would make Pharos call services inside its own network (SSRF). The same rule is applied again when connecting,
/// so a name that resolves to a public address at subscribe time and a private one later (DNS rebinding) is refused.
/// </summary>
public sealed class WebhookTargets : IDisposable
{
    private readonly bool _allowPrivate;

    public WebhookTargets(SubscribersConfig config)
    {
        _allowPrivate = config.AllowPrivateWebhooks;
        Client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = ConnectAsync,
        }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The client for verification calls and deliveries: no redirects, and only permitted addresses.</summary>
    public HttpClient Client { get; }

    /// <summary>Null when the URL may be used; otherwise why not, in words for the form.</summary>
    public async Task<string?> CheckAsync(string text, CancellationToken ct)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "The webhook URL must be an absolute http:// or https:// address.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "The webhook URL must not hold a user name or password.";
        }

        if (_allowPrivate)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            // DnsSafeHost drops an IPv6 literal's brackets; IdnHost turns an international name into what DNS knows.
            var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.DnsSafeHost : uri.IdnHost;
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await System.Net.Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return $"The webhook URL's host '{uri.Host}' could not be resolved.";
        }

        return addresses.Length == 0 ? $"The webhook URL's host '{uri.Host}' could not be resolved."
            : addresses.Any(a => !IsPublic(a)) ? "The webhook URL points to a private, loopback or link-local address; only public addresses are allowed."
            : null;
    }

    /// <summary>Whether an address is on the public internet (not loopback, private, link-local, shared, multicast or reserved).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] is 0 or 10 or 127 || b[0] >= 224
                || (b[0] == 100 && (b[1] & 0xC0) == 64)       // 100.64.0.0/10, carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)                // link-local, cloud metadata
                || (b[0] == 172 && (b[1] & 0xF0) == 16)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] & 0xFE) == 18));      // 198.18.0.0/15, benchmarking
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (b[0] & 0xFE) == 0xFC)                          // fc00::/7, unique local
        {
            return false;
        }

        // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) carry an IPv4 address, which must be public too.
        if (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            return IsPublic(new IPAddress(b.AsSpan(12, 4)));
        }

        return b[0] == 0x20 && b[1] == 0x02 ? IsPublic(new IPAddress(b.AsSpan(2, 4))) : b[0] != 0;
    }

    public void Dispose() => Client.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await System.Net.Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        var allowed = _allowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"{host} resolves to no public address; webhooks to private addresses are not allowed");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new NetworkStream(socket, ownsSocket: true);
    }
}
