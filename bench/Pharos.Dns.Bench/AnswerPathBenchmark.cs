using System.Net;
using BenchmarkDotNet.Attributes;
using Pharos.Dns.Server;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Bench;

/// <summary>The server's answer path: one query packet in, one response packet written into a reused buffer.</summary>
[MemoryDiagnoser]
public class AnswerPathBenchmark
{
    private readonly byte[] _response = new byte[65536];
    private DnsServer _server = null!;
    private DnsServer _limited = null!;
    private System.Net.SocketAddress _source = null!;
    private byte[] _query = null!;
    private byte[] _ednsQuery = null!;
    private byte[] _nxQuery = null!;

    [GlobalSetup]
    public void Setup()
    {
        var store = new ZoneStore();
        store.AddOrReplace(AuthoritativeZone.FromZoneFile("""
            $ORIGIN example.test.
            $TTL 3600
            @ SOA ns1 hostmaster 1 3600 600 604800 300
              NS ns1
            ns1 A 127.0.0.1
            www A 127.0.0.10
                AAAA ::1
            """, DnsName.Parse("example.test.")));
        _server = new DnsServer(store, new DnsServerOptions { Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)] });
        // The same answer through rate limiting from a source that is not exempt: at this pace it is far over its
        // rate, so most answers are dropped or slipped, the path a flood takes.
        _limited = new DnsServer(store, new DnsServerOptions
        {
            Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)], RateLimit = new ResponseRateLimitOptions { ResponsesPerSecond = 1000, Exempt = [] },
        });
        _source = new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5353).Serialize();
        _query = new DnsMessage { Id = 1, Questions = [new DnsQuestion(DnsName.Parse("www.example.test."), DnsType.A)] }.ToArray();
        _ednsQuery = new DnsMessage { Id = 2, Questions = [new DnsQuestion(DnsName.Parse("WWW.example.test."), DnsType.AAAA)], Edns = new EdnsInfo() }.ToArray();
        _nxQuery = new DnsMessage { Id = 3, Questions = [new DnsQuestion(DnsName.Parse("nope.example.test."), DnsType.A)] }.ToArray();
    }

    [Benchmark(Baseline = true)]
    public int AnswerA() => _server.HandleUdp(_query, _response);

    [Benchmark]
    public int AnswerAaaaWithEdns() => _server.HandleUdp(_ednsQuery, _response);

    [Benchmark]
    public int AnswerNxdomain() => _server.HandleUdp(_nxQuery, _response);

    [Benchmark]
    public int AnswerAFloodThroughRateLimiting() => _limited.AnswerUdp(_query, _response, _source);
}
