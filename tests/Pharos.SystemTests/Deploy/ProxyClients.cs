using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Pharos.SystemTests.Deploy;

/// <summary>What the proxy tests share: clients on a loopback address of their choosing, and the audit trail of a write.</summary>
internal static class ProxyClients
{
    /// <summary>A client whose connections leave from <paramref name="from"/> for 127.0.0.1:<paramref name="port"/>, whatever the URL's host.</summary>
    public static HttpClient From(IPAddress from, int port, string baseUrl, Pharos.Tests.Support.TestCertificates? certs = null, string? host = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        if (certs is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => certs.Validate(cert as X509Certificate2, host ?? new Uri(baseUrl).Host);
        }

        return new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Opens an incident through <paramref name="client"/> with a forged X-Forwarded-For, and returns its id.</summary>
    public static async Task<string> CreateIncidentAsync(HttpClient client, string secret, string name, string forged)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = JsonContent.Create(new { name, message = "checking the proxy" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        request.Headers.Add("X-Forwarded-For", forged);
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The one client address the audit log holds for what was done to <paramref name="target"/>.</summary>
    public static async Task<string?> AuditAddressAsync(HttpClient client, string secret, string target)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/audit?target={target}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var rows = JsonDocument.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
        return rows.EnumerateArray().Select(r => r.GetProperty("address").GetString()).Distinct().Single();
    }
}
