using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Yarp.ReverseProxy.Forwarder;

namespace Pharos.FailoverSite;

/// <summary>
/// The failover site in proxy mode: every request goes to the primary through YARP while the policy wants the
/// primary, and gets the maintenance page the moment it does not. An upstream that refuses, cannot be reached within
/// the connect timeout or stays silent past the timeout gets the maintenance page too, never a bare 502.
/// </summary>
public sealed partial class SoftFailoverProxy : IDisposable
{
    private readonly ProxyConfig _config;
    private readonly ProxyGate _gate;
    private readonly SiteRequestHandler _site;
    private readonly IHttpForwarder _forwarder;
    private readonly ILogger _logger;
    private readonly HttpMessageInvoker _client;
    private readonly ForwarderRequestConfig _request;
    private readonly string _prefix;
    private readonly DirectForwarder? _direct;
    private int _upstreamFailing;

    public SoftFailoverProxy(ProxyConfig config, ProxyGate gate, SiteRequestHandler site, IHttpForwarder forwarder, TimeProvider time, ILogger logger)
    {
        _config = config;
        _gate = gate;
        _site = site;
        _forwarder = forwarder;
        _logger = logger;
        _prefix = config.Upstream.GetLeftPart(UriPartial.Path).TrimEnd('/');
        // As YARP advises for forwarding: no proxy, no redirects, no cookies, no decompression (bodies pass as they are).
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = config.ConnectTimeout,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            ConnectCallback = ConnectAsync,
        });
        _request = new ForwarderRequestConfig { ActivityTimeout = config.Timeout };
        if (config.Upstream.Scheme == Uri.UriSchemeHttp)
        {
            _direct = new DirectForwarder(
                new UpstreamPool(config.Upstream, config.ConnectTimeout, config.Timeout, time),
                config.Upstream.AbsolutePath.TrimEnd('/'),
                config.Upstream.Authority);
        }
    }

    public Task HandleAsync(HttpContext http) =>
        _gate.Forwards && http.Request.Path.Value != SiteRequestHandler.HealthPath ? ForwardAsync(http) : _site.HandleAsync(http);

    /// <summary>A page view (no body) to an http:// primary goes the direct way; anything else through YARP.</summary>
    private Task ForwardAsync(HttpContext http) =>
        _direct is not null && DirectForwarder.CanForward(http) ? ForwardDirectAsync(_direct, http) : ForwardThroughYarpAsync(http);

    private async Task ForwardDirectAsync(DirectForwarder direct, HttpContext http)
    {
        var (outcome, error) = await direct.ForwardAsync(http).ConfigureAwait(false);
        switch (outcome)
        {
            case DirectForwarder.Outcome.Forwarded:
                UpstreamAnswered();
                break;
            case DirectForwarder.Outcome.Failed:
                UpstreamFailed(error, "no response");
                await _site.HandleAsync(http).ConfigureAwait(false);
                break;
            case DirectForwarder.Outcome.Aborted:
                UpstreamFailed(error, "response cut short");
                break;
        }
    }

    private async Task ForwardThroughYarpAsync(HttpContext http)
    {
        var error = await _forwarder.SendAsync(http, _prefix, _client, _request, ForwardingTransformer.Instance).ConfigureAwait(false);
        if (error == ForwarderError.None)
        {
            UpstreamAnswered();
            return;
        }

        // The client went away, or the answer was already on its way: nothing more can be said to it.
        if (http.RequestAborted.IsCancellationRequested || http.Response.HasStarted)
        {
            return;
        }

        UpstreamFailed(http.Features.Get<IForwarderErrorFeature>()?.Exception, error.ToString());
        http.Response.Clear();
        await _site.HandleAsync(http).ConfigureAwait(false);
    }

    private void UpstreamAnswered()
    {
        if (_upstreamFailing != 0 && Interlocked.Exchange(ref _upstreamFailing, 0) != 0)
        {
            LogUpstreamBack(_logger, _config.Upstream);
        }
    }

    /// <summary>Logged once per stretch of failures, not once per customer.</summary>
    private void UpstreamFailed(Exception? exception, string error)
    {
        if (Interlocked.Exchange(ref _upstreamFailing, 1) == 0)
        {
            LogUpstreamFailed(_logger, exception, _config.Upstream, error);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _direct?.Dispose();
    }

    /// <summary>
    /// The connection to the primary, as the handler would open it, but with its completions run on the socket event
    /// thread like the customers' side (<see cref="InlineCompletions"/>): the answer goes back without a thread hop.
    /// </summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        new NetworkStream(await InlineCompletions.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false), ownsSocket: true);

    [LoggerMessage(EventId = 9982, Level = LogLevel.Error, Message = "Soft failover: upstream {Upstream} failed ({Error}); serving the maintenance page until it answers again")]
    private static partial void LogUpstreamFailed(ILogger logger, Exception? exception, Uri upstream, string error);

    [LoggerMessage(EventId = 9983, Level = LogLevel.Information, Message = "Soft failover: upstream {Upstream} answers again")]
    private static partial void LogUpstreamBack(ILogger logger, Uri upstream);
}
