using System.CommandLine;
using Pharos.Dns.Tools;

namespace Pharos.Cli;

/// <summary>`pharos dns query NAME TYPE @SERVER[:PORT]`: a small dig for operators.</summary>
public static class DnsCommand
{
    public static Command Build()
    {
        var name = new Argument<string>("NAME") { Description = "The name to ask about, e.g. www.example.com" };
        var type = new Argument<string>("TYPE") { Description = "A, AAAA, CNAME, NS, SOA, TXT, MX, SRV, CAA, PTR or a number", DefaultValueFactory = _ => "A" };
        var server = new Argument<string>("@SERVER") { Description = "The server to ask: @IP or @IP:PORT, e.g. @127.0.0.1:5353" };
        var tcp = new Option<bool>("--tcp") { Description = "Ask over TCP instead of UDP" };
        var query = new Command("query", "Ask one DNS server one question and print the answer as dig does") { name, type, server, tcp };
        query.SetAction((parse, ct) =>
        {
            var at = parse.GetValue(server)!;
            return DigTool.RunAsync(parse.GetValue(name)!, parse.GetValue(type)!, at.StartsWith('@') ? at[1..] : at, parse.InvocationConfiguration.Output, parse.GetValue(tcp), ct);
        });
        return new Command("dns", "DNS tools") { query };
    }
}
