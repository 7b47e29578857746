using System.Net;
using Pharos.Dns.Client;
using Pharos.Dns.Tsig;

namespace Pharos.Dns.Update;

/// <summary>The server refused or failed an UPDATE; <see cref="Rcode"/> says why (RFC 2136 §2.2).</summary>
public sealed class DnsUpdateException : Exception
{
    /// <summary>Creates the exception for <paramref name="rcode"/>.</summary>
    public DnsUpdateException(DnsRcode rcode, string message) : base(message) => Rcode = rcode;

    /// <summary>Creates the exception.</summary>
    public DnsUpdateException() : this(DnsRcode.ServFail, "update failed") { }

    /// <summary>Creates the exception.</summary>
    public DnsUpdateException(string message) : this(DnsRcode.ServFail, message) { }

    /// <summary>Creates the exception.</summary>
    public DnsUpdateException(string message, Exception innerException) : base(message, innerException) => Rcode = DnsRcode.ServFail;

    /// <summary>REFUSED, NOTAUTH, YXRRSET, NXRRSET, YXDOMAIN, NXDOMAIN, NOTZONE, SERVFAIL, ...</summary>
    public DnsRcode Rcode { get; }
}

/// <summary>Sends RFC 2136 UPDATEs: UDP first, TCP when truncated, optionally TSIG-signed; any rcode but NOERROR throws.</summary>
public sealed class DnsUpdateClient
{
    private readonly DnsClient _client;

    /// <summary>Creates the client; <paramref name="time"/> drives timeouts and TSIG.</summary>
    public DnsUpdateClient(TimeProvider? time = null) => _client = new DnsClient(time);

    /// <summary>Sends <paramref name="update"/> to <paramref name="server"/> and returns the server's NOERROR answer.</summary>
    /// <exception cref="DnsUpdateException">The server answered with another rcode.</exception>
    /// <exception cref="DnsTsigException">The TSIG exchange failed.</exception>
    /// <exception cref="TimeoutException">No answer.</exception>
    public async Task<DnsMessage> SendAsync(DnsUpdateRequest update, IPEndPoint server, TsigKey? key = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var options = new DnsQueryOptions { TsigKey = key, UdpPayloadSize = 0, Timeout = TimeSpan.FromSeconds(5) };
        var response = await _client.ExchangeAsync(update.ToMessage(), server, options, cancellationToken).ConfigureAwait(false);
        var rcode = response.Message.Rcode;
        if (rcode != DnsRcode.NoError)
        {
            throw new DnsUpdateException(rcode, $"update of {update.Zone} on {server} failed: {RcodeText(rcode)}");
        }

        return response.Message;
    }

    internal static string RcodeText(DnsRcode rcode) => rcode switch
    {
        DnsRcode.FormErr => "FORMERR", DnsRcode.ServFail => "SERVFAIL", DnsRcode.NXDomain => "NXDOMAIN", DnsRcode.NotImp => "NOTIMP",
        DnsRcode.Refused => "REFUSED", DnsRcode.YXDomain => "YXDOMAIN", DnsRcode.YXRRSet => "YXRRSET", DnsRcode.NXRRSet => "NXRRSET",
        DnsRcode.NotAuth => "NOTAUTH", DnsRcode.NotZone => "NOTZONE", DnsRcode.NoError => "NOERROR", DnsRcode.BadVers => "BADVERS",
        _ => ((ushort)rcode).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
