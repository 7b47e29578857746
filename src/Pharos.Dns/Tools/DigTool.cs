using System.Globalization;
using System.Net;
using Pharos.Dns.Client;
using Pharos.Dns.Update;

namespace Pharos.Dns.Tools;

/// <summary>A small dig for operators: <c>pharos dns query NAME TYPE @SERVER[:PORT]</c>.</summary>
public static class DigTool
{
    /// <summary>
    /// Queries <paramref name="server"/> (an IP address with an optional port, a leading @ allowed) and prints the
    /// answer in dig's layout. Returns 0 on NOERROR, 1 on any other rcode, 2 on a usage error, 3 on timeout or a
    /// malformed answer.
    /// </summary>
    public static async Task<int> RunAsync(string name, string type, string server, TextWriter output, bool tcp = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!TryParseServer(server, out var endpoint))
        {
            await output.WriteLineAsync($";; bad server '{server}': expected an IP address, optionally with :port").ConfigureAwait(false);
            return 2;
        }
        DnsName qname;
        try { qname = DnsName.Parse(name); }
        catch (DnsFormatException e)
        {
            await output.WriteLineAsync($";; bad name '{name}': {e.Reason}").ConfigureAwait(false);
            return 2;
        }
        if (!DnsRecord.TryParseType(type, out var qtype))
        {
            await output.WriteLineAsync($";; unknown type '{type}'").ConfigureAwait(false);
            return 2;
        }
        await output.WriteLineAsync($"; <<>> pharos dns query <<>> {qname} {DnsRecord.TypeText(qtype)} @{endpoint}").ConfigureAwait(false);
        DnsResponse response;
        try
        {
            response = await new DnsClient().QueryAsync(qname, qtype, endpoint, new DnsQueryOptions { UseTcp = tcp }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or DnsFormatException or System.Net.Sockets.SocketException)
        {
            await output.WriteLineAsync($";; communications error to {endpoint}: {e.Message}").ConfigureAwait(false);
            return 3;
        }
        await output.WriteAsync(Format(response)).ConfigureAwait(false);
        return response.Message.Rcode == DnsRcode.NoError ? 0 : 1;
    }

    internal static bool TryParseServer(string text, out IPEndPoint endpoint)
    {
        text = text.TrimStart('@');
        if (IPAddress.TryParse(text, out var address))
        {
            endpoint = new IPEndPoint(address, 53);
            return true;
        }
        if (IPEndPoint.TryParse(text, out var parsed))
        {
            endpoint = parsed.Port == 0 ? new IPEndPoint(parsed.Address, 53) : parsed;
            return true;
        }
        endpoint = null!;
        return false;
    }

    internal static string Format(DnsResponse response)
    {
        var m = response.Message;
        var sb = new System.Text.StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(";; Got answer:");
        sb.AppendLine(inv, $";; ->>HEADER<<- opcode: {m.Opcode.ToString().ToUpperInvariant()}, status: {DnsUpdateClient.RcodeText(m.Rcode)}, id: {m.Id}");
        var flags = new List<string>();
        if (m.IsResponse)
        {
            flags.Add("qr");
        }

        if (m.IsAuthoritative)
        {
            flags.Add("aa");
        }

        if (m.IsTruncated)
        {
            flags.Add("tc");
        }

        if (m.RecursionDesired)
        {
            flags.Add("rd");
        }

        if (m.RecursionAvailable)
        {
            flags.Add("ra");
        }

        if (m.AuthenticData)
        {
            flags.Add("ad");
        }

        if (m.CheckingDisabled)
        {
            flags.Add("cd");
        }

        int additional = m.Additionals.Count + (m.Edns is null ? 0 : 1) + (m.Tsig is null ? 0 : 1);
        sb.AppendLine(inv, $";; flags: {string.Join(' ', flags)}; QUERY: {m.Questions.Count}, ANSWER: {m.Answers.Count}, AUTHORITY: {m.Authorities.Count}, ADDITIONAL: {additional}");
        if (m.Edns is { } edns)
        {
            sb.AppendLine().AppendLine(";; OPT PSEUDOSECTION:");
            sb.AppendLine(inv, $"; EDNS: version: {edns.Version}, flags:{(edns.DnssecOk ? " do" : "")}; udp: {edns.UdpPayloadSize}");
        }
        sb.AppendLine().AppendLine(";; QUESTION SECTION:");
        foreach (var q in m.Questions)
        {
            sb.AppendLine(inv, $";{q.Name}\t\t{DnsRecord.ClassText(q.Class)}\t{DnsRecord.TypeText(q.Type)}");
        }

        Section(sb, "ANSWER", m.Answers);
        Section(sb, "AUTHORITY", m.Authorities);
        Section(sb, "ADDITIONAL", m.Additionals);
        sb.AppendLine();
        sb.AppendLine(inv, $";; Query time: {(int)response.Elapsed.TotalMilliseconds} msec");
        sb.AppendLine(inv, $";; SERVER: {response.Server.Address}#{response.Server.Port}({response.Server.Address}) ({(response.OverTcp ? "TCP" : "UDP")})");
        sb.AppendLine(inv, $";; MSG SIZE  rcvd: {response.Size}");
        return sb.ToString();
    }

    private static void Section(System.Text.StringBuilder sb, string title, IReadOnlyList<DnsRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        sb.AppendLine().AppendLine(CultureInfo.InvariantCulture, $";; {title} SECTION:");
        foreach (var r in records)
        {
            sb.AppendLine(r.ToString());
        }
    }
}
