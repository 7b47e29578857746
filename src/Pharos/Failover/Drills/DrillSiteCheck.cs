using System.Net;
using System.Net.Sockets;

namespace Pharos.Failover.Drills;

/// <summary>
/// Asks the failover site for the drill's verify_url by connecting to the standby's address with the URL's host
/// name, as a customer whose resolver already answers the standby would: what the site serves then is the test.
/// </summary>
internal static class DrillSiteCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Ok when the site answered 2xx or 3xx; the detail says what was asked and answered.</summary>
    public static async Task<(bool Ok, string Detail)> AskAsync(Uri url, IPAddress address, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var http = new HttpClient(handler) { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return (code is >= 200 and < 400, $"{url} at {address}: {code} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (false, $"{url} at {address}: {e.Message}");
        }
    }
}
