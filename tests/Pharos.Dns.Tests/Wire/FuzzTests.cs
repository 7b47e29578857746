using System.Net;
using Pharos.Dns.Server;
using Pharos.Dns.Zones;

namespace Pharos.Dns.Tests.Wire;

public sealed class FuzzTests
{
    [Fact]
    public void Twenty_thousand_mutated_packets_only_ever_raise_the_parse_exception()
    {
        var random = new Random(1234);
        var seeds = CapturedBytes.Bind.Select(b => b.Bytes).ToArray();
        int parsed = 0, rejected = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var packet = Mutate(random, seeds[random.Next(seeds.Length)]);
            try
            {
                var message = DnsMessage.Parse(packet);
                _ = message.Answers.Select(a => a.ToString()).ToList();
                parsed++;
            }
            catch (DnsFormatException e)
            {
                e.Offset.ShouldBeInRange(0, packet.Length);
                rejected++;
            }
        }
        (parsed + rejected).ShouldBe(20_000);
        rejected.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Server_answers_or_drops_every_mutated_packet_without_throwing()
    {
        var store = new ZoneStore();
        store.AddOrReplace(AuthoritativeZone.FromZoneFile(TestZones.ExampleZone(), TestZones.Origin));
        await using var server = new DnsServer(store, new DnsServerOptions { Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)], UdpWorkers = 1 });
        var random = new Random(99);
        var queries = new[] { "www.example.test", "example.test", "x.wild.example.test", "big.example.test", "nope.test" }
            .Select(n => new DnsMessage { Id = 7, Questions = [new DnsQuestion(DnsName.Parse(n), DnsType.A)], Edns = new EdnsInfo() }.ToArray())
            .ToArray();
        var response = new byte[65536];
        int answered = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var packet = Mutate(random, queries[random.Next(queries.Length)]);
            int length = server.HandleUdp(packet, response);
            if (length > 0)
            {
                answered++;
                DnsMessage.Parse(response.AsSpan(0, length)).IsResponse.ShouldBeTrue();
            }
        }
        answered.ShouldBeGreaterThan(0);
    }

    internal static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = seed.ToList();
        int mutations = random.Next(1, 5);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            switch (random.Next(5))
            {
                case 0: bytes[random.Next(bytes.Count)] = (byte)random.Next(256); break;
                case 1: bytes.RemoveRange(random.Next(bytes.Count), 1); break;
                case 2: bytes.Insert(random.Next(bytes.Count), (byte)random.Next(256)); break;
                case 3: { int cut = random.Next(bytes.Count); bytes.RemoveRange(cut, bytes.Count - cut); break; }
                default: bytes[random.Next(bytes.Count)] = (byte)(0xC0 | random.Next(64)); break;
            }
        }
        return [.. bytes];
    }
}
