using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Pharos.Monitoring.Checks;

/// <summary>
/// Shares one <see cref="SocketsHttpHandler"/> per distinct connection setting, so ten thousand checks do not hold
/// ten thousand connection pools. Connections are made by our own callback: it connects to the fixed address a check
/// may name (<c>resolve</c>), and does TLS itself so the SNI name can differ from the Host header, which
/// SocketsHttpHandler alone cannot do; it also remembers each server's certificate for the expiry check.
/// </summary>
public sealed class HttpHandlerPool : IDisposable
{
    /// <summary>The request option that carries the SNI name to the connect callback.</summary>
    public static readonly HttpRequestOptionsKey<string> SniOption = new("pharos.sni");

    private readonly ConcurrentDictionary<HandlerKey, Entry> _handlers = new();

    public Entry Get(bool followRedirects, bool verifyTls, IPAddress? resolve, string? sni) =>
        _handlers.GetOrAdd(new HandlerKey(followRedirects, verifyTls, resolve, sni), k => new Entry(k));

    public void Dispose()
    {
        foreach (var e in _handlers.Values)
        {
            e.Dispose();
        }
    }

    internal sealed record HandlerKey(bool FollowRedirects, bool VerifyTls, IPAddress? Resolve, string? Sni);

    /// <summary>A client for one setting and the certificates its connections saw, by SNI name.</summary>
    public sealed class Entry : IDisposable
    {
        private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new(StringComparer.OrdinalIgnoreCase);
        private readonly HandlerKey _key;

        internal Entry(HandlerKey key)
        {
            _key = key;
            var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = key.FollowRedirects,
                MaxAutomaticRedirections = 10,
                AutomaticDecompression = DecompressionMethods.All,
                UseCookies = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
                ConnectTimeout = TimeSpan.FromSeconds(30),
                ConnectCallback = ConnectAsync,
            };
            Client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        }

        public HttpClient Client { get; }

        public X509Certificate2? CertificateFor(string sni) => _certificates.TryGetValue(sni, out var c) ? c : null;

        public void Dispose() => Client.Dispose();

        private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (_key.Resolve is { } ip)
                {
                    await socket.ConnectAsync(new IPEndPoint(ip, context.DnsEndPoint.Port), ct).ConfigureAwait(false);
                }
                else
                {
                    await socket.ConnectAsync(context.DnsEndPoint, ct).ConfigureAwait(false);
                }
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            var network = new NetworkStream(socket, ownsSocket: true);
            var request = context.InitialRequestMessage;
            if (request.RequestUri?.Scheme != Uri.UriSchemeHttps)
            {
                return network;
            }

            var sni = request.Options.TryGetValue(SniOption, out var s) ? s : request.Headers.Host ?? context.DnsEndPoint.Host;
            var ssl = new SslStream(network, leaveInnerStreamOpen: false);
            try
            {
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = sni,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                    RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                    {
                        if (cert is not null)
                        {
                            _certificates[sni] = new X509Certificate2(cert);
                        }

                        return !_key.VerifyTls || errors == SslPolicyErrors.None;
                    },
                }, ct).ConfigureAwait(false);
            }
            catch
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return ssl;
        }
    }
}
