using System.Net;
using System.Net.Sockets;
using Pharos.Dns.Server;
using Pharos.Dns.Tests.Interop;

namespace Pharos.Dns.Tests.Server;

/// <summary>Response rate limiting against a real UDP flood from one loopback address (loopback exemption emptied).</summary>
public sealed class RateLimitTests
{
    private const int Rate = 50;

    [SkippableFact]
    public async Task A_flood_from_one_address_is_dropped_and_slipped_while_another_prefix_is_answered()
    {
        await using var server = await PharosServer.StartAsync(configure: o => new()
        {
            Endpoints = o.Endpoints, UdpWorkers = o.UdpWorkers, RateLimit = new ResponseRateLimitOptions { ResponsesPerSecond = Rate, Slip = 2, Exempt = [] },
        });
        using var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        flooder.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        // Room for every reply even when this busy machine stalls the reader: a reply lost here would be miscounted as
        // dropped by the server. SO_RCVBUFFORCE (33) passes the rmem_max cap when running as root.
        flooder.ReceiveBufferSize = 4 << 20;
        try
        {
            flooder.SetRawSocketOption(1, 33, BitConverter.GetBytes(4 << 20));
        }
        catch (SocketException)
        {
        }
        int answered = 0, slipped = 0;
        var receiving = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            while (true)
            {
                using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                try
                {
                    var got = await flooder.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), quiet.Token);
                    var reply = DnsMessage.Parse(buffer.AsSpan(0, got.ReceivedBytes));
                    if (reply.IsTruncated && reply.Answers.Count == 0)
                    {
                        slipped++;
                    }
                    else if (reply.Answers.Count == 1)
                    {
                        answered++;
                    }
                }
                catch (OperationCanceledException)
                {
                    return; // a second without replies: the flood is over
                }
            }
        });

        // 30 bursts of 50 queries, 50 ms apart: about 1,000 queries per second for 1.5 s, twenty times the rate.
        var query = new DnsMessage { Id = 7, Questions = [new DnsQuestion(DnsName.Parse("www.example.test."), DnsType.A)] }.ToArray();
        var started = TimeProvider.System.GetTimestamp();
        var flood = Task.Run(async () =>
        {
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            for (int burst = 0; burst < 30; burst++)
            {
                for (int i = 0; i < 50; i++)
                {
                    await flooder.SendToAsync(query, server.Endpoint);
                }

                await pace.WaitForNextTickAsync();
            }
        });
        // Meanwhile a client in another /24 is answered in full, over UDP, at its first try.
        for (int i = 0; i < 3; i++)
        {
            var output = await Dig.RunAsync(server.Port, "-b", "127.0.1.3", "www.example.test", "A");
            output.ShouldContain("status: NOERROR");
            output.ShouldNotContain(" tc");
            output.ShouldContain("(UDP)");
            output.ShouldMatch(@"(?m)^www\.example\.test\.\s+3600\s+IN\s+A\s+127\.0\.0\.10");
        }
        await flood;
        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        await receiving;

        // At most the rate in each second the flood touched; of the rest about one in two slips, the others vanish.
        answered.ShouldBeGreaterThan(0);
        answered.ShouldBeLessThanOrEqualTo(Rate * ((int)Math.Ceiling(seconds) + 1));
        slipped.ShouldBeGreaterThan(500);
        (answered + slipped).ShouldBeLessThan(1_200);
        server.Server.Counters.ResponsesSlipped.ShouldBe(slipped);
        server.Server.Counters.ResponsesDropped.ShouldBe(1_500 - answered - slipped);
    }

    [SkippableFact]
    public async Task Loopback_is_not_limited_by_default()
    {
        await using var server = await PharosServer.StartAsync(configure: o => new()
        {
            Endpoints = o.Endpoints, UdpWorkers = o.UdpWorkers, RateLimit = new ResponseRateLimitOptions { ResponsesPerSecond = 5 },
        });
        var client = new Pharos.Dns.Client.DnsClient();
        for (int i = 0; i < 50; i++)
        {
            var response = await client.QueryAsync(DnsName.Parse("www.example.test."), DnsType.A, server.Endpoint);
            response.OverTcp.ShouldBeFalse();
            response.Message.Answers.ShouldHaveSingleItem();
        }
        server.Server.Counters.ResponsesDropped.ShouldBe(0);
        server.Server.Counters.ResponsesSlipped.ShouldBe(0);
    }
}
