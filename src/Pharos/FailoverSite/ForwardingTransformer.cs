using Yarp.ReverseProxy.Forwarder;

namespace Pharos.FailoverSite;

/// <summary>
/// YARP's default request copy, plus what the primary needs to behave as if reached directly: the customer's Host
/// header (virtual hosts, absolute links) and X-Forwarded-For/-Proto/-Host. The proxy faces the customers, so any
/// X-Forwarded-* they send is replaced, never trusted.
/// </summary>
internal sealed class ForwardingTransformer : HttpTransformer
{
    public static readonly ForwardingTransformer Instance = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        var request = httpContext.Request;
        var headers = proxyRequest.Headers;
        headers.Host = request.Host.Value;
        headers.Remove("X-Forwarded-For");
        headers.Remove("X-Forwarded-Proto");
        headers.Remove("X-Forwarded-Host");
        if (httpContext.Connection.RemoteIpAddress is { } ip)
        {
            headers.TryAddWithoutValidation("X-Forwarded-For", ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4().ToString() : ip.ToString());
        }

        headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        if (request.Host.HasValue)
        {
            headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
        }
    }
}
